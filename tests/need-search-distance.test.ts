/**
 * Needs search by distance (the web app's distance filter): `near` measures from a need's first place,
 * `radiusKm` bounds it, `sort=distance` puts the nearest first; on both engines. Nationwide needs have no
 * place and are left out by a radius. Bad combinations are 400 with their paths.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { reportSkippedMeili, testEngines, type EngineName } from "./helpers/engines";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

type Hit = { id: string; _distanceKm?: number };
const SKI = "59.72,10.83";

for (const engine of testEngines) describe(`needs search by distance: ${engine}`, () => distanceSuite(engine));
reportSkippedMeili("needs search by distance");

function distanceSuite(engine: EngineName): void {
  let h: Harness;
  const ids: Record<string, string> = {};
  const search = (query: Record<string, string>) => h.http.get("/api/v1/needs/search").query(query);

  before(async () => {
    h = await startHarness(`needdist_${engine}`, {}, { workers: true, engine });
    const buyer = await h.organization("buyer");
    for (const [key, extra] of [
      ["ski", { municipalities: ["3207"] }],
      ["enebakk", { municipalities: ["3220"] }],
      ["bergen", { municipalities: ["4601"] }],
      ["national", { municipalities: [] }],
    ] as const) {
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ status: "published", ...extra }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      ids[key] = res.body.id;
    }
    await eventually(
      () => search({ limit: "50" }),
      (res) => res.body.total === 4,
    );
  });
  after(async () => h.close());

  it("when a supplier searches within 30 km of Ski, nearest first, then only Ski's and Enebakk's needs come, with their distance", async () => {
    const res = await search({ near: SKI, radiusKm: "30", sort: "distance" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const hits = res.body.hits as Hit[];
    assert.deepEqual(
      hits.map((hit) => hit.id),
      [ids.ski, ids.enebakk],
    );
    assert.ok((hits[0]?._distanceKm ?? 99) < 10);
    assert.ok((hits[1]?._distanceKm ?? 0) > (hits[0]?._distanceKm ?? 0));
  });

  it("when the radius is wide, then Bergen comes too but the nationwide need, which has no place, does not", async () => {
    const res = await search({ near: SKI, radiusKm: "600", sort: "distance" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      (res.body.hits as Hit[]).map((hit) => hit.id),
      [ids.ski, ids.enebakk, ids.bergen],
    );
  });

  it("when the radius or distance sort comes without a point, or the point is malformed, then 400 names the parameter", async () => {
    for (const [query, path] of [
      [{ radiusKm: "30" }, "query.radiusKm"],
      [{ sort: "distance" }, "query.sort"],
      [{ near: "59.72" }, "query.near"],
      [{ near: SKI, radiusKm: "0" }, "query.radiusKm"],
    ] as const) {
      const res = await search(query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
      assert.ok(
        (res.body.errors as { path: string }[]).some((e) => e.path === path),
        `${JSON.stringify(query)}: ${JSON.stringify(res.body.errors)}`,
      );
    }
  });
}
