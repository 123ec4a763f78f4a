import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, needBody, bearer, ADMIN_TOKEN, type Harness } from "./helpers/harness";

const profile = (extra: Record<string, unknown> = {}) => ({
  name: "Follo Brøyt og Anlegg AS",
  description: "Lokal entreprenør i Ski.",
  capabilities: "Brøyting, strøing og vintervedlikehold av kommunale veier.",
  cpv: ["90620000"],
  municipality: "3207",
  serviceArea: { counties: ["32"] },
  ...extra,
});

describe("every actor reads and changes only what its organisation may", () => {
  let h: Harness;
  let buyer: { id: string; token: string };
  let otherBuyer: { id: string; token: string };
  let supplier: { id: string; token: string };
  let otherSupplier: { id: string; token: string };
  let organiser: { id: string; token: string };
  let needId: string;
  before(async () => {
    h = await startHarness("access");
    [buyer, otherBuyer, supplier, otherSupplier, organiser] = await Promise.all([
      h.organization("buyer"),
      h.organization("buyer"),
      h.organization("supplier"),
      h.organization("supplier"),
      h.organization("organiser"),
    ]);
    needId = (
      await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ status: "published" }))
    ).body.id;
    assert.equal(
      (
        await h.http
          .put(`/api/v1/suppliers/${supplier.id}/profile`)
          .set(...bearer(supplier.token))
          .send(profile())
      ).status,
      200,
    );
  });
  after(async () => h.close());

  it("without a key, or with a wrong one, protected routes answer 401", async () => {
    assert.equal((await h.http.post("/api/v1/needs").send(needBody())).status, 401);
    const wrong = await h.http.get("/api/v1/needs").set("Authorization", "Bearer md_this-key-does-not-exist-000000");
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers["www-authenticate"] ?? "", /Bearer/);
    assert.equal((await h.http.get("/api/v1/needs").set("Authorization", "Basic abc")).status, 401);
    assert.equal((await h.http.post("/api/v1/organizations").send({})).status, 401);
  });

  it("only the admin registers organisations, issues keys and lists organisations", async () => {
    const org = { kind: "supplier", name: "Snik AS", orgNumber: "974760673", municipality: "3207" };
    assert.equal(
      (
        await h.http
          .post("/api/v1/organizations")
          .set(...bearer(buyer.token))
          .send(org)
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .post(`/api/v1/organizations/${buyer.id}/api-keys`)
          .set(...bearer(buyer.token))
          .send({})
      ).status,
      403,
    );
    assert.equal((await h.http.get("/api/v1/organizations").set(...bearer(supplier.token))).status, 403);
    const list = await h.http
      .get("/api/v1/organizations")
      .query({ kind: "buyer" })
      .set(...bearer(ADMIN_TOKEN));
    assert.equal(list.status, 200);
    assert.ok(list.body.items.every((o: { kind: string }) => o.kind === "buyer"));
  });

  it("an organisation cannot list or revoke another organisation's keys, nor change any organisation", async () => {
    const keys = await h.http.get(`/api/v1/organizations/${buyer.id}/api-keys`).set(...bearer(ADMIN_TOKEN));
    assert.equal(keys.status, 200);
    const keyId = keys.body.items[0].id as string;
    for (const intruder of [otherBuyer, supplier]) {
      assert.equal(
        (await h.http.get(`/api/v1/organizations/${buyer.id}/api-keys`).set(...bearer(intruder.token))).status,
        403,
      );
      assert.equal(
        (await h.http.delete(`/api/v1/organizations/${buyer.id}/api-keys/${keyId}`).set(...bearer(intruder.token)))
          .status,
        403,
      );
    }
    assert.equal((await h.http.get(`/api/v1/organizations/${buyer.id}/api-keys`)).status, 401);
    assert.equal((await h.http.delete(`/api/v1/organizations/${buyer.id}/api-keys/${keyId}`)).status, 401);
    for (const [who, token] of [
      ["itself", buyer.token],
      ["another organisation", otherBuyer.token],
    ] as const) {
      const res = await h.http
        .patch(`/api/v1/organizations/${buyer.id}`)
        .set(...bearer(token))
        .send({ active: false });
      assert.equal(res.status, 403, who);
    }
    assert.equal((await h.http.get("/api/v1/me").set(...bearer(buyer.token))).status, 200, "the key still works");
    const after = await h.http.get(`/api/v1/organizations/${buyer.id}/api-keys`).set(...bearer(buyer.token));
    assert.deepEqual(
      after.body.items.map((k: { id: string }) => k.id),
      [keyId],
    );
  });

  it("an issued key identifies its organisation and is stored only as a hash", async () => {
    const me = await h.http.get("/api/v1/me").set(...bearer(buyer.token));
    assert.deepEqual(
      { type: me.body.type, orgId: me.body.orgId, kind: me.body.kind },
      { type: "organization", orgId: buyer.id, kind: "buyer" },
    );
    const { ApiKey } = await import("@markedsdialog/core");
    const stored = await ApiKey.find({}).lean();
    assert.ok(stored.length > 0);
    assert.ok(
      stored.every((k) => !JSON.stringify(k).includes(buyer.token)),
      "no stored key contains the token",
    );
  });

  it("suppliers and organisers cannot announce needs; buyers cannot announce for other buyers", async () => {
    assert.equal(
      (
        await h.http
          .post("/api/v1/needs")
          .set(...bearer(supplier.token))
          .send(needBody())
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .post("/api/v1/needs")
          .set(...bearer(organiser.token))
          .send(needBody())
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .post("/api/v1/needs")
          .set(...bearer(buyer.token))
          .send(needBody({ buyerId: otherBuyer.id }))
      ).status,
      403,
    );
    const onBehalf = await h.http
      .post("/api/v1/needs")
      .set(...bearer(ADMIN_TOKEN))
      .send(needBody({ buyerId: otherBuyer.id }));
    assert.equal(onBehalf.status, 201);
    assert.equal(onBehalf.body.buyer.id, otherBuyer.id);
  });

  it("only the owning buyer or the admin changes a need or its status", async () => {
    assert.equal(
      (
        await h.http
          .patch(`/api/v1/needs/${needId}`)
          .set(...bearer(otherBuyer.token))
          .send({ title: "Kapret tittel" })
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .patch(`/api/v1/needs/${needId}`)
          .set(...bearer(supplier.token))
          .send({ title: "Kapret tittel" })
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .post(`/api/v1/needs/${needId}/status`)
          .set(...bearer(otherBuyer.token))
          .send({ status: "cancelled" })
      ).status,
      403,
    );
    const still = await h.http.get(`/api/v1/needs/${needId}`);
    assert.equal(still.body.status, "published");
    assert.notEqual(still.body.title, "Kapret tittel");
    assert.equal(
      (
        await h.http
          .patch(`/api/v1/needs/${needId}`)
          .set(...bearer(ADMIN_TOKEN))
          .send({ title: "Rettet av administrator" })
      ).status,
      200,
    );
  });

  it("only the supplier itself or the admin writes its profile; competitors cannot read it", async () => {
    assert.equal(
      (
        await h.http
          .put(`/api/v1/suppliers/${supplier.id}/profile`)
          .set(...bearer(otherSupplier.token))
          .send(profile())
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .put(`/api/v1/suppliers/${supplier.id}/profile`)
          .set(...bearer(buyer.token))
          .send(profile())
      ).status,
      403,
    );
    assert.equal(
      (
        await h.http
          .put(`/api/v1/suppliers/${buyer.id}/profile`)
          .set(...bearer(ADMIN_TOKEN))
          .send(profile())
      ).status,
      403,
      "buyers have no supplier profile",
    );
    assert.equal(
      (await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(otherSupplier.token))).status,
      403,
    );
    assert.equal((await h.http.get(`/api/v1/suppliers/${supplier.id}`)).status, 401);
    for (const reader of [buyer, organiser, supplier]) {
      assert.equal((await h.http.get(`/api/v1/suppliers/${supplier.id}`).set(...bearer(reader.token))).status, 200);
    }
    assert.equal(
      (await h.http.delete(`/api/v1/suppliers/${supplier.id}/profile`).set(...bearer(otherSupplier.token))).status,
      403,
    );
  });

  it("only the admin manages buyer groups; only suppliers follow them", async () => {
    const body = {
      name: "Follo innkjøpssamarbeid",
      kind: "procurement_collaboration",
      members: [buyer.id, otherBuyer.id],
    };
    assert.equal(
      (
        await h.http
          .post("/api/v1/buyer-groups")
          .set(...bearer(buyer.token))
          .send(body)
      ).status,
      403,
    );
    const group = await h.http
      .post("/api/v1/buyer-groups")
      .set(...bearer(ADMIN_TOKEN))
      .send(body);
    assert.equal(group.status, 201);
    assert.equal(group.body.slug, "follo-innkjopssamarbeid");
    assert.equal(
      (
        await h.http
          .patch(`/api/v1/buyer-groups/${group.body.id}`)
          .set(...bearer(buyer.token))
          .send({ name: "Mitt" })
      ).status,
      403,
    );
    assert.equal(
      (await h.http.put(`/api/v1/buyer-groups/${group.body.id}/follow`).set(...bearer(buyer.token))).status,
      403,
    );
    const followed = await h.http.put(`/api/v1/buyer-groups/${group.body.id}/follow`).set(...bearer(supplier.token));
    assert.equal(followed.status, 200);
    assert.equal(followed.body.following, true);
    assert.equal(followed.body.followerCount, 1);
    const again = await h.http.put(`/api/v1/buyer-groups/${group.body.id}/follow`).set(...bearer(supplier.token));
    assert.equal(again.body.followerCount, 1, "following twice is idempotent");
    const seenByOther = await h.http.get(`/api/v1/buyer-groups/${group.body.id}`).set(...bearer(otherSupplier.token));
    assert.equal(seenByOther.body.following, false);
    assert.equal(seenByOther.body.followers, undefined, "who follows is for the admin only");
    const unfollowed = await h.http
      .delete(`/api/v1/buyer-groups/${group.body.id}/follow`)
      .set(...bearer(supplier.token));
    assert.equal(unfollowed.body.followerCount, 0);
    const notBuyer = await h.http
      .post("/api/v1/buyer-groups")
      .set(...bearer(ADMIN_TOKEN))
      .send({ ...body, name: "Blandet", members: [supplier.id] });
    assert.equal(notBuyer.status, 400);
    assert.equal(notBuyer.body.errors[0].path, "body.members.0");
  });
});
