import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { Subscription } from "@markedsdialog/core";
import { startHarness, bearer, ADMIN_TOKEN, type Harness } from "./helpers/harness";

type Res = { status: number; headers: Record<string, string>; body: { type?: string; errors?: { path: string }[] } };

function assertProblem(res: Res, status: number, path?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/);
  if (path)
    assert.ok(
      res.body.errors?.some((e) => e.path === path),
      `expected an error at ${path}: ${JSON.stringify(res.body.errors)}`,
    );
}

const alert = (extra: Record<string, unknown> = {}) => ({
  name: "Veg i Follo",
  channels: ["inapp", "email", "inapp"],
  frequency: "daily",
  digestHour: 7,
  cpv: ["45233140", "90620000-9"],
  municipalities: ["3207", "3218"],
  keywords: ["vedlikehold", "veg"],
  email: "anbud@example.no",
  ...extra,
});

const profile = {
  name: "Follo Veg AS",
  description: "Entreprenør i Ski.",
  capabilities: "Asfaltering og vedlikehold av kommunale veier.",
  cpv: ["45233140"],
  municipality: "3207",
  location: { lat: 59.72, lon: 10.83 },
  serviceArea: {},
};

describe("subscriptions: a supplier's saved alerts", () => {
  let h: Harness;
  let supplier: { id: string; token: string };
  let other: { id: string; token: string };
  let buyer: { id: string; token: string };
  let organiser: { id: string; token: string };
  let id: string;
  const post = (token: string, body: unknown) =>
    h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(token))
      .send(body as object);

  before(async () => {
    h = await startHarness("subscriptions");
    [supplier, other, buyer, organiser] = await Promise.all([
      h.organization("supplier"),
      h.organization("supplier", { email: "post@other.example.no" }),
      h.organization("buyer"),
      h.organization("organiser"),
    ]);
  });
  after(async () => h.close());

  it("when a supplier saves an alert, then it is stored normalised, with its next digest, and listed as its own", async () => {
    const res = await post(supplier.token, alert());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    id = res.body.id;
    assert.equal(res.body.supplierId, supplier.id);
    assert.deepEqual(res.body.channels, ["inapp", "email"]);
    assert.deepEqual(res.body.cpv, ["45233140-2", "90620000-9"]);
    assert.equal(res.body.cpvDetails[0].code, "45233140-2");
    assert.equal(res.body.version, 1);
    assert.match(res.body.nextDigestAt, /T0[56]:00:00\.000Z$/, "07:00 in Oslo is 05:00 or 06:00 UTC");
    const listed = await h.http.get("/api/v1/subscriptions").set(...bearer(supplier.token));
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((s: { id: string }) => s.id),
      [id],
    );
    const one = await h.http.get(`/api/v1/subscriptions/${id}`).set(...bearer(supplier.token));
    assert.deepEqual(one.body, res.body);
  });

  it("when a subscription is changed, then the fields given are replaced, null removes a criterion, and the version goes up", async () => {
    const res = await h.http
      .patch(`/api/v1/subscriptions/${id}`)
      .set(...bearer(supplier.token))
      .send({ keywords: ["brøyting"], municipalities: null, frequency: "weekly", digestWeekday: 5 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.keywords, ["brøyting"]);
    assert.equal(res.body.municipalities, undefined);
    assert.equal(res.body.frequency, "weekly");
    assert.equal(res.body.digestWeekday, 5);
    assert.equal(new Date(res.body.nextDigestAt).getUTCDay(), 5, "a Friday");
    assert.equal(res.body.version, 2);
    assert.deepEqual(res.body.cpv, ["45233140-2", "90620000-9"], "untouched fields stay");
  });

  it("when a radius has no point and the supplier no profile, then it is refused; with a profile, its location is the centre", async () => {
    assertProblem(await post(supplier.token, alert({ radiusKm: 30 })), 400, "body.radiusKm");
    const put = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send(profile);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const fromProfile = await post(supplier.token, alert({ radiusKm: 30 }));
    assert.equal(fromProfile.status, 201, JSON.stringify(fromProfile.body));
    assert.deepEqual(fromProfile.body.near, { lat: 59.72, lon: 10.83 });
    assert.equal(fromProfile.body.nearSource, "profile");
    const given = await post(supplier.token, alert({ radiusKm: 10, near: { lat: 59.9, lon: 10.75 } }));
    assert.equal(given.status, 201, JSON.stringify(given.body));
    assert.equal(given.body.nearSource, "request");
    assertProblem(await post(supplier.token, alert({ near: { lat: 59.9, lon: 10.75 } })), 400, "body.near");
  });

  it("when a subscription names a former municipality number, then it is stored as its successor and noted", async () => {
    const res = await post(supplier.token, alert({ name: "Gamle Ski", municipalities: ["0213"] }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.municipalities, ["3207"]);
    assert.deepEqual(
      res.body.notes.map((note: { path: string }) => note.path),
      ["body.municipalities.0"],
    );
    const del = await h.http.delete(`/api/v1/subscriptions/${res.body.id}`).set(...bearer(supplier.token));
    assert.equal(del.status, 204);
  });

  it("when a webhook points to a public address, then it is accepted", async () => {
    const res = await post(
      supplier.token,
      alert({ channels: ["webhook"], webhookUrl: "https://93.184.215.14/hooks/markedsdialog", email: undefined }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.webhookUrl, "https://93.184.215.14/hooks/markedsdialog");
  });

  it("when a subscription is deleted, then it is gone for its supplier and for the admin", async () => {
    const made = await post(supplier.token, alert({ name: "Kortvarig" }));
    assert.equal(made.status, 201);
    const del = await h.http.delete(`/api/v1/subscriptions/${made.body.id}`).set(...bearer(supplier.token));
    assert.equal(del.status, 204);
    assertProblem(await h.http.get(`/api/v1/subscriptions/${made.body.id}`).set(...bearer(supplier.token)), 404);
    assertProblem(await h.http.get(`/api/v1/subscriptions/${made.body.id}`).set(...bearer(ADMIN_TOKEN)), 404);
    assertProblem(await h.http.delete(`/api/v1/subscriptions/${made.body.id}`).set(...bearer(supplier.token)), 404);
    const listed = await h.http.get("/api/v1/subscriptions").set(...bearer(supplier.token));
    assert.ok(!listed.body.items.some((s: { id: string }) => s.id === made.body.id));
  });

  it("bad input gets a 400 problem naming the field, and nothing is stored", async () => {
    const before_ = await Subscription.countDocuments();
    const drift = async () => (await h.http.get("/api/v1/admin/matching/drift").set(...bearer(ADMIN_TOKEN))).body;
    const indexedBefore = (await drift()).indexed;
    const cases: [Record<string, unknown>, string][] = [
      [alert({ cpv: ["12345678"] }), "body.cpv.0"],
      [alert({ cpv: ["45233140-3"] }), "body.cpv.0"],
      [alert({ municipalities: ["9999"] }), "body.municipalities.0"],
      [alert({ counties: ["99"] }), "body.counties.0"],
      [alert({ colour: "blue" }), "body.colour"],
      [alert({ channels: [] }), "body.channels"],
      [alert({ channels: ["sms"] }), "body.channels.0"],
      [alert({ frequency: "hourly" }), "body.frequency"],
      [alert({ channels: ["webhook"] }), "body.webhookUrl"],
      [alert({ webhookUrl: "https://93.184.215.14/x" }), "body.webhookUrl"],
      [alert({ channels: ["webhook"], webhookUrl: "ftp://93.184.215.14/x" }), "body.webhookUrl"],
      [alert({ minValue: 5_000_000, maxValue: 1_000_000 }), "body.maxValue"],
      [alert({ frequency: "instant" }), "body.digestHour"],
      [alert({ digestWeekday: 3 }), "body.digestWeekday"],
      [alert({ digestHour: 24 }), "body.digestHour"],
      [alert({ keywords: ["og i på"] }), "body.keywords.0"],
      [alert({ buyers: ["0123456789abcdef01234567"] }), "body.buyers.0"],
      [alert({ buyers: [other.id] }), "body.buyers.0"],
      [alert({ buyerGroups: ["0123456789abcdef01234567"] }), "body.buyerGroups.0"],
      [alert({ buyers: ["not-an-id"] }), "body.buyers.0"],
      [alert({ radiusKm: 0 }), "body.radiusKm"],
      [alert({ radiusKm: 5000 }), "body.radiusKm"],
      [alert({ radiusKm: 10, near: { lat: 10, lon: 10 } }), "body.near.lat"],
      [alert({ procedures: ["auction"] }), "body.procedures.0"],
      [alert({ email: undefined }), "body.email"],
    ];
    for (const [body, path] of cases) assertProblem(await post(supplier.token, body), 400, path);
    const webhook = (url: string) => alert({ channels: ["webhook"], webhookUrl: url, email: undefined });
    for (const url of [
      "http://10.0.0.1/hook",
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "http://[fe80::1]/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[::ffff:a00:1]/hook",
      "http://[fd12:3456::1]/hook",
      "http://0.0.0.0/hook",
      "http://100.64.1.1/hook",
      "http://192.168.1.10/hook",
      "http://172.16.5.4/hook",
      "http://2130706433/hook",
      "http://[64:ff9b::a00:1]/hook",
      "http://no-such-host.invalid/hook",
    ])
      assertProblem(await post(supplier.token, webhook(url)), 400, "body.webhookUrl");
    const patch = await h.http
      .patch(`/api/v1/subscriptions/${id}`)
      .set(...bearer(supplier.token))
      .send({ channels: ["webhook"] });
    assertProblem(patch, 400, "body.webhookUrl");
    assertProblem(
      await h.http
        .patch(`/api/v1/subscriptions/${id}`)
        .set(...bearer(supplier.token))
        .send({}),
      400,
    );
    assertProblem(
      await h.http
        .patch(`/api/v1/subscriptions/${id}`)
        .set(...bearer(supplier.token))
        .send({ cpv: ["99999999"] }),
      400,
      "body.cpv.0",
    );
    assert.equal(await Subscription.countDocuments(), before_, "no bad request stored a subscription");
    assert.equal((await drift()).indexed, indexedBefore, "nor filed one in the index");
    const unchanged = await h.http.get(`/api/v1/subscriptions/${id}`).set(...bearer(supplier.token));
    assert.equal(unchanged.body.version, 2, "a refused change changes nothing");
  });

  it("without a key every subscription route answers 401", async () => {
    assertProblem(await h.http.post("/api/v1/subscriptions").send(alert()), 401);
    assertProblem(await h.http.get("/api/v1/subscriptions"), 401);
    assertProblem(await h.http.get(`/api/v1/subscriptions/${id}`), 401);
    assertProblem(await h.http.patch(`/api/v1/subscriptions/${id}`).send({ name: "x" }), 401);
    assertProblem(await h.http.delete(`/api/v1/subscriptions/${id}`), 401);
  });

  it("buyers and organisers have no subscriptions: 403 for every route", async () => {
    for (const token of [buyer.token, organiser.token]) {
      assertProblem(await post(token, alert()), 403);
      assertProblem(await h.http.get("/api/v1/subscriptions").set(...bearer(token)), 403);
      assertProblem(await h.http.get(`/api/v1/subscriptions/${id}`).set(...bearer(token)), 403);
      assertProblem(
        await h.http
          .patch(`/api/v1/subscriptions/${id}`)
          .set(...bearer(token))
          .send({ name: "x" }),
        403,
      );
      assertProblem(await h.http.delete(`/api/v1/subscriptions/${id}`).set(...bearer(token)), 403);
    }
  });

  it("another supplier cannot see, change or delete a subscription: it does not exist for them", async () => {
    assertProblem(await h.http.get(`/api/v1/subscriptions/${id}`).set(...bearer(other.token)), 404);
    assertProblem(
      await h.http
        .patch(`/api/v1/subscriptions/${id}`)
        .set(...bearer(other.token))
        .send({ name: "Kapret" }),
      404,
    );
    assertProblem(await h.http.delete(`/api/v1/subscriptions/${id}`).set(...bearer(other.token)), 404);
    assertProblem(await h.http.get(`/api/v1/subscriptions?supplier=${supplier.id}`).set(...bearer(other.token)), 403);
    const own = await h.http.get("/api/v1/subscriptions").set(...bearer(other.token));
    assert.deepEqual(own.body.items, []);
    const still = await h.http.get(`/api/v1/subscriptions/${id}`).set(...bearer(supplier.token));
    assert.equal(still.body.name, "Veg i Follo");
  });

  it("the admin reads every subscription, and one supplier's, but changes none", async () => {
    const mine = await post(other.token, alert({ name: "Annen", email: undefined }));
    assert.equal(mine.status, 201, "the organisation's e-mail address serves the email channel");
    const all = await h.http.get("/api/v1/subscriptions?limit=100").set(...bearer(ADMIN_TOKEN));
    assert.equal(all.status, 200);
    const owners = new Set(all.body.items.map((s: { supplierId: string }) => s.supplierId));
    assert.ok(owners.has(supplier.id) && owners.has(other.id));
    const theirs = await h.http.get(`/api/v1/subscriptions?supplier=${other.id}`).set(...bearer(ADMIN_TOKEN));
    assert.deepEqual(
      theirs.body.items.map((s: { id: string }) => s.id),
      [mine.body.id],
    );
    assert.equal((await h.http.get(`/api/v1/subscriptions/${id}`).set(...bearer(ADMIN_TOKEN))).status, 200);
    assertProblem(await post(ADMIN_TOKEN, alert()), 403);
    assertProblem(
      await h.http
        .patch(`/api/v1/subscriptions/${id}`)
        .set(...bearer(ADMIN_TOKEN))
        .send({ name: "x" }),
      403,
    );
    assertProblem(await h.http.delete(`/api/v1/subscriptions/${id}`).set(...bearer(ADMIN_TOKEN)), 403);
  });
});

describe("subscriptions: webhooks into loopback, allowed by configuration", () => {
  let h: Harness;
  let supplier: { id: string; token: string };
  before(async () => {
    h = await startHarness("subscriptions_loopback", { WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8,::1/128" });
    supplier = await h.organization("supplier");
  });
  after(async () => h.close());

  const webhook = (url: string) =>
    h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(supplier.token))
      .send({ channels: ["webhook"], frequency: "instant", cpv: ["45000000"], webhookUrl: url });

  it("when loopback is allowed, then loopback webhooks are accepted and other private networks still refused", async () => {
    for (const url of ["http://127.0.0.1:9999/hook", "http://localhost:9999/hook", "http://[::1]:9999/hook"]) {
      const res = await webhook(url);
      assert.equal(res.status, 201, `${url}: ${JSON.stringify(res.body)}`);
    }
    for (const url of ["http://10.0.0.1/hook", "http://[fe80::1]/hook", "http://169.254.169.254/"])
      assertProblem(await webhook(url), 400, "body.webhookUrl");
  });
});
