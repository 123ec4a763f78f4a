import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { reindex } from "@markedsdialog/core/search/sync";
import { seedDemo } from "@markedsdialog/seed";
import { reportSkippedMeili, testEngines, type EngineName } from "./helpers/engines";
import { ADMIN_TOKEN, startHarness, type Harness } from "./helpers/harness";
import {
  groupTable,
  labelOf,
  missList,
  queryTable,
  resolveQueries,
  runQueries,
  totals,
  type Outcome,
} from "./relevance-queries";

for (const engine of testEngines) {
  describe(`search relevance on the demo data: ${engine}`, () => relevanceSuite(engine));
}
reportSkippedMeili("search relevance");

function relevanceSuite(engine: EngineName): void {
  let h: Harness;
  let outcomes: Outcome[];
  const top = (index: "suppliers" | "needs", params: Record<string, string>): string[] => {
    const outcome = outcomes.find((o) => o.query.index === index && o.query.label === labelOf(params));
    assert.ok(outcome, `${index} ${labelOf(params)} is in the relevance set`);
    return outcome.top;
  };

  before(async () => {
    // No workers: the seed's search-sync jobs wait in the queue (dropped on close) and both indexes are
    // built from the database in id order, so that ties between equally good hits fall the same way on
    // every run and on both engines.
    h = await startHarness(`relevance_${engine}`, {}, { engine });
    await seedDemo();
    for (const index of ["suppliers", "needs"] as const) await reindex(h.search, index);
    outcomes = await runQueries(h.http, ADMIN_TOKEN, resolveQueries());
    const t = totals(outcomes);
    console.log(`\nengine: ${h.search.kind}; recall@5 ${t.recall.toFixed(3)}, MRR ${t.mrr.toFixed(3)}\n`);
    console.log(`${groupTable(outcomes)}\n\n${queryTable(outcomes)}\n\n${missList(outcomes)}\n`);
  });
  after(async () => h.close());

  it("when buyers and suppliers search the demo in bokmål, nynorsk, English, with typos and half-typed words, then recall@5 and MRR are at least 0.95", () => {
    const t = totals(outcomes);
    assert.ok(outcomes.length >= 78, `${outcomes.length} queries`);
    // The floors are what both engines reach (embedded recall@5 is 74.1/78 = 0.950 exactly); the epsilon
    // absorbs the rounding of summing 78 fractions, not a worse result.
    const floor = 0.95 - 1e-9;
    assert.ok(t.recall >= floor, `recall@5 ${t.recall.toFixed(3)} is below 0.95; misses:\n${missList(outcomes)}`);
    assert.ok(t.mrr >= floor, `MRR ${t.mrr.toFixed(3)} is below 0.95; misses:\n${missList(outcomes)}`);
  });

  it("when a supplier searches needs for nynorsk 'renhald', then a cleaning need is in the top 5", () => {
    const titles = top("needs", { q: "renhald" }).slice(0, 5);
    assert.ok(
      titles.some((t) => /^(Renhold|Reinhald) av/.test(t)),
      titles.join(" | "),
    );
  });

  it("when a buyer in Nordre Follo searches 'brøyting' in 3207, then a snow-clearing firm based there ranks first", () => {
    const [first] = top("suppliers", { q: "brøyting", municipality: "3207" });
    assert.ok(
      ["Follo Brøyt og Anlegg AS", "Sofiemyr Traktor og Snørydding AS"].includes(first ?? ""),
      `first: ${first}`,
    );
  });

  it("when a buyer searches 'reinhald', then firms named in nynorsk fill the top 5 and Sotra Reinhald is among the first 10", () => {
    // Eight demo firms carry "Reinhald" in their name and match equally well; which five come first is a
    // tie-break, so the anchor firm is asked for in the top 10.
    const found = top("suppliers", { q: "reinhald" });
    assert.ok(
      found.slice(0, 5).every((name) => /Reinhald/.test(name)),
      found.join(" | "),
    );
    assert.ok(found.slice(0, 10).includes("Sotra Reinhald AS"), found.join(" | "));
  });

  it("when a supplier misspells 'velferdsteknolgi', then a welfare-technology need comes first", () => {
    const [first] = top("needs", { q: "velferdsteknolgi" });
    assert.match(first ?? "", /velferdstek|hjemmeoppfølging|nattilsyn|Trygghetsalarmer|fallforebygging/i);
  });

  it("when a supplier searches 'school transport' in English, then a school-transport need comes first", () => {
    assert.match(top("needs", { q: "school transport" })[0] ?? "", /skoleskyss/i);
  });

  it("when the need is awarded, then it is not found: Enebakk's snow-clearing contract stays out of 'brøyting'", async () => {
    const res = await h.http.get("/api/v1/needs/search").query({ q: "brøyting", limit: "50" });
    assert.equal(res.status, 200);
    const titles = (res.body.hits as { title: string }[]).map((hit) => hit.title);
    assert.ok(titles.length > 0);
    assert.ok(!titles.includes("Brøyting av kommunale veier, fire roder"));
  });
}
