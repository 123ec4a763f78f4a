import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { reportSkippedMeili, testEngines, type EngineName } from "./helpers/engines";
import { startHarness, needBody, bearer, eventually, type Harness } from "./helpers/harness";

/** Input hygiene on both engines: queries and documents are read in one form (see input-hygiene.test.ts). */
const profile = (extra: Record<string, unknown> = {}) => ({
  name: "Follo Maskin AS",
  description: "Entreprenør med egne maskiner.",
  capabilities: "Brøyting og strøing av kommunale veier.",
  cpv: ["90620000"],
  municipality: "3207",
  serviceArea: {},
  ...extra,
});

for (const engine of testEngines) {
  describe(`search reads text in one form: ${engine}`, () => searchFormSuite(engine));
}
reportSkippedMeili("search reads text in one form");

function searchFormSuite(engine: EngineName): void {
  let h: Harness;
  let buyer: { id: string; token: string };
  const needs: Record<string, string> = {};
  let certified: { id: string };
  const find = (q: string) => h.http.get("/api/v1/needs/search").query({ q });
  const ids = (res: { body: { hits: { id: string }[] } }) => res.body.hits.map((hit) => hit.id);

  before(async () => {
    h = await startHarness(`hygiene_${engine}`, {}, { workers: true, engine });
    buyer = await h.organization("buyer");
    for (const [key, title, municipality, cpv] of [
      ["aas", "Brøyting av kommunale veier i Ås", "3218", "90620000"],
      ["led", "Ｌｅｄ-lys i idrettshallen", "3207", "31500000"],
    ] as const) {
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(
          needBody({
            title,
            challenge: "Et behov i kommunen",
            description: "",
            cpv: [cpv],
            status: "published",
            municipalities: [municipality],
          }),
        );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      needs[key] = res.body.id;
    }
    const supplier = await h.organization("supplier");
    const put = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(profile({ certifications: ["miljofyrtarn", "iso_14001"] }));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    certified = supplier;
    await eventually(
      () => find(""),
      (res) => res.body.total === 2,
    );
    await eventually(
      () => h.http.get("/api/v1/suppliers/search").set(...bearer(buyer.token)),
      (res) => res.body.total === 1,
    );
  });
  after(async () => h.close());

  it("when a query is decomposed (NFD) or typed in full-width letters, then it finds what the plain query finds", async () => {
    const plain = ids(await find("Ås"));
    assert.ok(plain.includes(needs.aas ?? ""), JSON.stringify(plain));
    assert.deepEqual(ids(await find("A\u030As")), plain);
    assert.deepEqual(ids(await find("brøyting")), [needs.aas]);
    assert.deepEqual(ids(await find("ｂｒøｙｔｉｎｇ")), [needs.aas]);
    assert.deepEqual(ids(await find("ＢＲØＹＴＩＮＧ ÅS")), [needs.aas]);
  });

  it("when a document holds full-width letters, then a plain query finds it", async () => {
    assert.deepEqual(ids(await find("led lys")), [needs.led]);
  });

  it("when suppliers are filtered by a certification as typed, then the filter finds them and hits show code and label", async () => {
    for (const certification of ["Miljøfyrtårn", "miljofyrtarn", "ISO 14001"]) {
      const res = await h.http
        .get("/api/v1/suppliers/search")
        .query({ certification })
        .set(...bearer(buyer.token));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(ids(res), [certified.id], certification);
      assert.deepEqual(res.body.hits[0].certifications, [
        { code: "miljofyrtarn", label: "Miljøfyrtårn" },
        { code: "iso_14001", label: "ISO 14001 Miljøledelse" },
      ]);
    }
    const none = await h.http
      .get("/api/v1/suppliers/search")
      .query({ certification: "Svanemerket" })
      .set(...bearer(buyer.token));
    assert.equal(none.body.total, 0);
  });
}
