/**
 * The code lists behind the web app's pickers: CPV 2008 by Norwegian words or code start, SN2025 industry
 * codes by name or code; bad queries 400 problem+json with their paths. Answers are checked against the
 * OpenAPI schema by the app itself in tests.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startHarness, type Harness } from "./helpers/harness";

type Code = { code: string; labelNb: string; labelEn?: string };

describe("reference codes for the pickers", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness("web_flows_reference", { MEILI_URL: "" });
  });
  after(async () => h?.close());

  const codes = async (kind: string, query: Record<string, string>) => {
    const res = await h.http.get(`/api/v1/reference/${kind}`).query(query);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as Code[];
  };

  it("when someone types Norwegian words, then CPV codes whose Norwegian names hold them come back, general ones first", async () => {
    const items = await codes("cpv", { q: "snørydding" });
    assert.ok(items.length > 0);
    assert.ok(
      items.every((i) => /snørydding/i.test(i.labelNb)),
      JSON.stringify(items),
    );
    assert.ok(items.every((i) => /^\d{8}-\d$/.test(i.code)));
    const upper = await codes("cpv", { q: "SNØRYDDING" });
    assert.deepEqual(upper, items);
  });

  it("when someone types the start of a code, then the code and those under it come back, the code first", async () => {
    const items = await codes("cpv", { q: "45233", limit: "5" });
    assert.equal(items.length, 5);
    assert.equal(items[0]!.code, "45233000-9");
    assert.ok(items.every((i) => i.code.startsWith("45233")));
  });

  it("when someone looks up an industry, then SN2025 codes come by name and by code", async () => {
    const byName = await codes("nace", { q: "riving" });
    assert.ok(
      byName.some((i) => i.code === "43.110"),
      JSON.stringify(byName),
    );
    const byCode = await codes("nace", { q: "43.1", limit: "3" });
    assert.equal(byCode[0]!.code, "43.1");
  });

  it("when the query is missing, empty, too long or has unknown parameters, then 400 problem+json names the paths", async () => {
    for (const [query, path] of [
      [{}, "query.q"],
      [{ q: " " }, "query.q"],
      [{ q: "x".repeat(101) }, "query.q"],
      [{ q: "vei", limit: "0" }, "query.limit"],
      [{ q: "vei", other: "1" }, "query.other"],
    ] as const) {
      const res = await h.http.get("/api/v1/reference/cpv").query(query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
      assert.ok(
        (res.body.errors as { path: string }[]).some((e) => e.path === path),
        `${JSON.stringify(query)}: ${JSON.stringify(res.body)}`,
      );
    }
  });
});
