import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, bearer, ADMIN_TOKEN, type Harness } from "./helpers/harness";

describe("supplier profiles", () => {
  let h: Harness;
  let supplier: { id: string; token: string };
  let buyer: { id: string; token: string };
  before(async () => {
    h = await startHarness("suppliers");
    supplier = await h.organization("supplier", { municipality: "3218" });
    buyer = await h.organization("buyer");
  });
  after(async () => h.close());

  const body = {
    name: "Ås Renhold AS",
    description: "Renholdsbedrift med 35 ansatte i Follo.",
    capabilities: "Daglig renhold av skoler, barnehager og sykehjem; hovedrengjøring; svanemerkede midler.",
    cpv: ["90910000", "90919200-4"],
    nace: ["81.210"],
    municipality: "3218",
    serviceArea: { municipalities: ["3207", "3218", "3214"] },
    certifications: ["miljofyrtarn", "iso_14001", "miljofyrtarn"],
    size: "small",
    contact: { name: "Kari Nordmann", email: "kari@asrenhold.no", phone: "+47 64 00 00 00" },
    website: "https://asrenhold.no",
  };

  it("when a supplier registers its profile, then codes are normalised and the location defaults to its municipality", async () => {
    const res = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.cpv, ["90910000-9", "90919200-4"]);
    assert.equal(res.body.county, "32");
    assert.deepEqual(res.body.certifications, [
      { code: "miljofyrtarn", label: "Miljøfyrtårn" },
      { code: "iso_14001", label: "ISO 14001 Miljøledelse" },
    ]);
    assert.ok(Math.abs(res.body.location.lat - 59.68) < 0.1 && Math.abs(res.body.location.lon - 10.78) < 0.1);
    assert.match(res.body.orgNumber, /^\d{9}$/);
    assert.equal(res.body.version, 1);
    const read = await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(buyer.token));
    assert.deepEqual(read.body, res.body);
  });

  it("when the profile is replaced, then fields left out are gone and the version goes up", async () => {
    const { contact, website, size, ...rest } = body;
    void contact;
    void website;
    void size;
    const res = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send({ ...rest, location: { lat: 59.66, lon: 10.79 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.contact, undefined);
    assert.equal(res.body.size, undefined);
    assert.deepEqual(res.body.location, { lat: 59.66, lon: 10.79 });
    assert.equal(res.body.version, 2);
  });

  it("when the profile is withdrawn, then it is gone for readers and can be registered again", async () => {
    assert.equal(
      (await h.http.delete(`/api/v1/suppliers/${supplier.id}/profile`).set(...bearer(supplier.token))).status,
      204,
    );
    assert.equal((await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(ADMIN_TOKEN))).status, 404);
    assert.equal(
      (await h.http.delete(`/api/v1/suppliers/${supplier.id}/profile`).set(...bearer(supplier.token))).status,
      404,
    );
    const back = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(body);
    assert.equal(back.status, 200);
    assert.equal(back.body.version, 4, "versions keep rising across a withdrawal");
  });

  it("when ten replacements of one profile race, then each is applied in turn and none is lost", async () => {
    const racer = await h.organization("supplier", { municipality: "3218" });
    const racers = 10;
    const results = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        h.http
          .put(`/api/v1/suppliers/${racer.id}/profile`)
          .set(...bearer(racer.token))
          .send({ ...body, name: `Ås Renhold ${i} AS` }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array.from({ length: racers }, () => 200),
    );
    const versions = results.map((r) => r.body.version as number).sort((a, b) => a - b);
    assert.deepEqual(
      versions,
      Array.from({ length: racers }, (_, i) => i + 1),
      "every write got its own version",
    );
    const after = await h.http.get(`/api/v1/suppliers/${racer.id}`).set(...bearer(racer.token));
    assert.equal(after.body.version, racers);
  });
});
