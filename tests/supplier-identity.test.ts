import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { reportSkippedMeili, testEngines, type EngineName } from "./helpers/engines";
import { Organization } from "@markedsdialog/core";
import { ensureNameKeys } from "@markedsdialog/core/organizations/registered-names";
import { startHarness, bearer, ADMIN_TOKEN, eventually, freshOrgNumber, type Harness } from "./helpers/harness";

type Org = { id: string; token: string; name: string };

const profile = (name: string) => ({
  name,
  description: "Entreprenør med egne maskiner.",
  capabilities: "Snørydding, strøing og feiing av plasser og fortau.",
  cpv: ["90620000"],
  municipality: "3207",
  serviceArea: {},
});

for (const engine of testEngines) {
  describe(`a supplier profile cannot pose as another organisation: ${engine}`, () => identitySuite(engine));
}
reportSkippedMeili("supplier profiles carry the registered organisation");

function identitySuite(engine: EngineName): void {
  let h: Harness;
  let buyer: Org;
  let supplier: Org;
  let registered: { id: string; name: string; orgNumber: string };
  /** A buyer's registered name, with a letter that has two Unicode forms. */
  const buyerName = "Ås kommune innkjøp";

  before(async () => {
    h = await startHarness(`supplier_identity_${engine}`, {}, { workers: true, engine });
    buyer = await h.organization("buyer", { name: buyerName });
    supplier = await h.organization("supplier");
    registered = (await h.http.get(`/api/v1/organizations/${supplier.id}`)).body;
    const res = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(profile("Follo Snørydding"));
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
  after(async () => h.close());

  it("when a profile is read, then it names the registered organisation behind it", async () => {
    const expected = { id: supplier.id, name: registered.name, orgNumber: registered.orgNumber };
    const read = await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(buyer.token));
    assert.equal(read.status, 200);
    assert.equal(read.body.name, "Follo Snørydding", "the display name stays the supplier's own");
    assert.deepEqual(read.body.organization, expected);
    const written = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(profile("Follo Snørydding"));
    assert.deepEqual(written.body.organization, expected);
  });

  it("when suppliers are searched, then every hit names the registered organisation behind it", async () => {
    const res = await eventually(
      () =>
        h.http
          .get("/api/v1/suppliers/search")
          .query({ q: "snørydding" })
          .set(...bearer(buyer.token)),
      (r) => r.body.total === 1,
    );
    const hit = res.body.hits[0];
    assert.equal(hit.id, supplier.id);
    assert.equal(hit.name, "Follo Snørydding");
    assert.deepEqual(hit.organization, { id: supplier.id, name: registered.name, orgNumber: registered.orgNumber });
    assert.equal(hit.organizationName, undefined, "the organisation is one object, not loose fields");
  });

  it("when the admin renames the supplier organisation, then its hits name it by its new registered name", async () => {
    const other = await h.organization("supplier");
    const put = await h.http
      .put(`/api/v1/suppliers/${other.id}/profile`)
      .set(...bearer(other.token))
      .send(profile("Omdøpt Feiing"));
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const search = () =>
      h.http
        .get("/api/v1/suppliers/search")
        .query({ q: "omdøpt feiing" })
        .set(...bearer(buyer.token));
    await eventually(search, (r) => r.body.hits?.[0]?.organization?.name === other.name);
    const renamed = await h.http
      .patch(`/api/v1/organizations/${other.id}`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ name: `${other.name} Nytt Navn` });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const res = await eventually(search, (r) => r.body.hits?.[0]?.organization?.name === `${other.name} Nytt Navn`);
    assert.equal(res.body.hits[0].name, "Omdøpt Feiing", "the profile's own name is untouched");
  });

  it("when a profile takes another organisation's registered name, in any case, spacing or Unicode form, then 409 names the field and nothing is stored", async () => {
    const poser = await h.organization("supplier");
    const taken = buyerName;
    const variants = [
      taken,
      taken.toUpperCase(),
      `  ${taken.replace(" ", "   ")} `,
      taken.normalize("NFD"), // "A" + combining ring above
      supplier.name, // another supplier's registered name
    ];
    for (const name of variants) {
      const res = await h.http
        .put(`/api/v1/suppliers/${poser.id}/profile`)
        .set(...bearer(poser.token))
        .send(profile(name));
      assert.equal(res.status, 409, `${JSON.stringify(name)}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ["body.name"],
      );
    }
    assert.equal((await h.http.get(`/api/v1/suppliers/${poser.id}`).set(...bearer(ADMIN_TOKEN))).status, 404);
  });

  it("when a profile is renamed to another organisation's name, then the old profile is kept", async () => {
    const res = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(profile(buyerName.toLowerCase()));
    assert.equal(res.status, 409);
    const read = await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(ADMIN_TOKEN));
    assert.equal(read.body.name, "Follo Snørydding");
  });

  it("when a profile uses the supplier's own registered name, in any case, then it is accepted", async () => {
    const own = await h.organization("supplier");
    const res = await h.http
      .put(`/api/v1/suppliers/${own.id}/profile`)
      .set(...bearer(own.token))
      .send(profile(own.name.toUpperCase()));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.organization.name, own.name);
  });

  it("when an organisation was registered before names were compared, then the API's start-up fills in its key once and protects it too", async () => {
    // As an older version stored it: no nameKey. The API's start (services/api/src/main.ts) runs this.
    await Organization.collection.insertOne({
      kind: "buyer",
      buyerType: "kommune",
      name: "Gamle Vestby kommune",
      orgNumber: freshOrgNumber(),
      municipality: "3216",
      county: "32",
    });
    assert.equal(await ensureNameKeys(), true, "the first start fills the keys in");
    assert.equal(await ensureNameKeys(), false, "later starts find it done");
    const poser = await h.organization("supplier");
    const res = await h.http
      .put(`/api/v1/suppliers/${poser.id}/profile`)
      .set(...bearer(poser.token))
      .send(profile("gamle vestby KOMMUNE"));
    assert.equal(res.status, 409, JSON.stringify(res.body));
  });
}
