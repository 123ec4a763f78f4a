/**
 * The candidate index's promise: every subscription that matches a need is filed under a key the need looks
 * up. Checked on generated data (bench/matching-data.ts: real CPV codes, municipalities, radii, groups,
 * keywords) by comparing the full check of every subscription with the keys, need by need.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSubscription } from "@markedsdialog/core/matching/check";
import { compileSubscription } from "@markedsdialog/core/matching/criteria";
import { needFacts } from "@markedsdialog/core/matching/need-facts";
import { needKeys, subscriptionKeys } from "@markedsdialog/core/matching/postings";
import { distanceKm, municipality, type SubscriptionRecord } from "@markedsdialog/core";
import { Types } from "mongoose";
import { benchBuyers, benchGroups, benchNeeds, benchSubscriptions, benchSuppliers } from "../../bench/matching-data";

describe("candidate keys", () => {
  it("when 5,000 generated subscriptions meet 150 generated needs, then every match is filed under one of the need's keys", () => {
    const buyers = benchBuyers();
    const groups = benchGroups(buyers);
    const subscriptions = benchSubscriptions(5000, benchSuppliers(2000, 0), buyers, groups).map((r) =>
      compileSubscription(r as unknown as SubscriptionRecord),
    );
    const filed = subscriptions.map((c) => ({ c, keys: subscriptionKeys(c).keys }));
    let matches = 0;
    let candidates = 0;
    for (const need of benchNeeds(150)) {
      const memberOf = groups
        .filter((g) => g.members.some((m) => m.toString() === need.buyerId))
        .map((g) => ({ id: g._id.toString(), name: g.name }));
      const facts = needFacts(need, memberOf);
      const keys = new Set(needKeys(facts));
      for (const { c, keys: own } of filed) {
        const candidate = own.some((key) => keys.has(key));
        const matched = checkSubscription(c, facts) !== undefined;
        candidates += Number(candidate);
        matches += Number(matched);
        assert.ok(candidate || !matched, `need ${need.id} matches subscription ${c.id} but does not find it`);
      }
    }
    assert.ok(matches > 1000, `enough matches to mean something: ${matches}`);
    assert.ok(candidates < 150 * 5000 * 0.2, `the keys narrow the candidates: ${candidates}`);
  });

  it("when a radius ends a few metres short of a municipality's point, then neither the check nor the keys reach it; a few metres past, both do", () => {
    const aas = municipality("3218")!;
    // A centre whose distance to Ås lies between two tenths of a kilometre, nearer the lower: a distance
    // rounded for telling would fall inside a radius the exact distance is outside of.
    let centre = { lat: 59.72, lon: 10.83 };
    const tenthsPart = (km: number) => (km * 10) % 1;
    while (tenthsPart(distanceKm(centre, aas)) < 0.1 || tenthsPart(distanceKm(centre, aas)) > 0.4)
      centre = { lat: centre.lat + 0.0001, lon: centre.lon };
    const exact = distanceKm(centre, aas);
    const need = benchNeeds(400).find((n) => n.municipalities.length === 1 && n.municipalities[0] === "3218");
    assert.ok(need, "a generated need in Ås");
    const facts = needFacts(need, []);
    const keys = new Set(needKeys(facts));
    for (const [km, reaches] of [
      [exact - 0.005, false],
      [exact + 0.005, true],
    ] as const) {
      const c = compileSubscription({
        _id: new Types.ObjectId(),
        orgId: new Types.ObjectId(),
        channels: ["inapp"],
        frequency: "instant",
        radiusKm: km,
        near: centre,
        version: 1,
      } as unknown as SubscriptionRecord);
      assert.equal(checkSubscription(c, facts) !== undefined, reaches, `check at ${km} km`);
      assert.equal(
        subscriptionKeys(c).keys.includes("pl:m:3218") && keys.has("pl:m:3218"),
        reaches,
        `keys at ${km} km`,
      );
    }
  });
});
