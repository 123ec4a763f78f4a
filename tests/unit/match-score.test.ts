/** Scores and explanations of matches: pure functions of the reasons. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cpvReason } from "@markedsdialog/core/matching/check";
import { explain } from "@markedsdialog/core/matching/explain";
import { mergeReasons, type MatchReason } from "@markedsdialog/core/matching/reasons";
import { distanceFit, scoreReasons, topicFit } from "@markedsdialog/core/matching/score";

const cpv = (
  needCode: string,
  theirCode: string,
  relation: "same" | "under" | "over",
  levels: number,
): MatchReason => ({
  kind: "cpv",
  needCode,
  theirCode,
  relation,
  levels,
});
const inNordreFollo: MatchReason = { kind: "place", scope: "municipality", code: "3207", name: "Nordre Follo" };
const km = (n: number): MatchReason => ({ kind: "distance", km: n, from: "Ski" });

describe("matching: score", () => {
  it("when a need has their very code, in their municipality, from a group they follow, then it scores 80 of 100", () => {
    const reasons: MatchReason[] = [
      cpv("45233140", "45233140", "same", 0),
      inNordreFollo,
      { kind: "group", groupId: "g", name: "Follo innkjøpssamarbeid", via: "follow" },
    ];
    assert.equal(scoreReasons(reasons), 40 + 25 + 15);
  });

  it("the same code fits best, then a need's code one level under theirs, then further, then theirs under the need's", () => {
    const fits = [
      topicFit(cpv("45233140", "45233140", "same", 0) as never),
      topicFit(cpv("45233140", "45233100", "under", 1) as never),
      topicFit(cpv("45233140", "45230000", "under", 3) as never),
      topicFit(cpv("45230000", "45233140", "over", 3) as never),
    ];
    assert.deepEqual(
      [...fits].sort((a, b) => b - a),
      fits,
    );
    assert.equal(new Set(fits).size, fits.length);
  });

  it("when two matches differ only in distance, then the nearer scores higher; distance never takes a score to zero", () => {
    const base = [cpv("90620000", "90600000", "under", 1)];
    const near = scoreReasons([...base, km(3)]);
    const far = scoreReasons([...base, km(300)]);
    assert.ok(near > far, `${near} > ${far}`);
    assert.ok(far > 0);
    assert.equal(distanceFit(0), 1);
    assert.equal(distanceFit(25), 0.5);
  });

  it("when more of a subscription's keywords are found, then the score is higher", () => {
    const one = scoreReasons([{ kind: "words", words: ["veg"], of: 2 }]);
    const both = scoreReasons([{ kind: "words", words: ["veg", "vedlikehold"], of: 2 }]);
    assert.ok(both > one && one > 0);
  });

  it("the same reasons always give the same score, whatever their order", () => {
    const reasons: MatchReason[] = [km(12), cpv("45233140", "45230000", "under", 3), { kind: "words", words: ["veg"] }];
    assert.equal(scoreReasons(reasons), scoreReasons([...reasons].reverse()));
    assert.ok(Number.isInteger(scoreReasons(reasons)));
  });
});

describe("matching: explanation", () => {
  it("when a need lies under their code, 12 km from Ski, with two of their words, then it says so in Norwegian", () => {
    const text = explain([
      { kind: "words", words: ["vedlikehold", "veg"], of: 3 },
      km(12.4),
      cpv("45233140", "45230000", "under", 3),
    ]);
    assert.equal(text, "CPV 45233140 ligger under deres 45230000; 12 km fra Ski; ord: vedlikehold, veg");
  });

  it("each reason has its phrase", () => {
    assert.equal(
      explain([
        cpv("45233140", "45233140", "same", 0),
        { kind: "place", scope: "wholeCounty", code: "32", name: "Akershus" },
        { kind: "group", groupId: "g", name: "Follo innkjøpssamarbeid", via: "subscription" },
        { kind: "value", min: 40_000_000, max: 62_500_000 },
        { kind: "procedure", procedure: "competitive_negotiation" },
        { kind: "sme" },
        km(0.4),
      ]),
      "samme CPV 45233140; gjelder hele Akershus; under 1 km fra Ski; følger Follo innkjøpssamarbeid; verdi 40–62,5 mill. kr; konkurranse med forhandling; egnet for små og mellomstore bedrifter",
    );
    assert.equal(explain([cpv("45000000", "45233140", "over", 5)]), "deres CPV 45233140 ligger under 45000000");
  });

  it("when several sources give reasons, then the best CPV reason, the shortest distance and all words are kept, once each", () => {
    const merged = mergeReasons([
      [cpv("45233140", "45000000", "under", 5), km(40), { kind: "words", words: ["veg"], of: 1 }],
      [cpv("45233140", "45233100", "under", 1), km(12), { kind: "words", words: ["veg", "asfalt"] }],
    ]);
    assert.equal(explain(merged), "CPV 45233140 ligger under deres 45233100; 12 km fra Ski; ord: veg, asfalt");
  });
});

describe("matching: CPV through the hierarchy", () => {
  it("a code includes its sub-codes, not its siblings; with `both`, a sub-code of the need's code matches too", () => {
    assert.deepEqual(cpvReason(["45233140"], ["45230000"]), cpv("45233140", "45230000", "under", 3));
    assert.equal(cpvReason(["45233140"], ["45240000"]), undefined, "a sibling branch");
    assert.equal(cpvReason(["45230000"], ["45233140"]), undefined, "a subscription's code does not include its parent");
    assert.deepEqual(cpvReason(["45230000"], ["45233140"], true), cpv("45230000", "45233140", "over", 3));
    assert.deepEqual(
      cpvReason(["45233140", "90620000"], ["45000000", "90620000"]),
      cpv("90620000", "90620000", "same", 0),
    );
  });
});
