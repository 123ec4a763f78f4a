import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { Need, Organization, SupplierProfile } from "@markedsdialog/core";
import { startHarness, needBody, bearer, ADMIN_TOKEN, freshOrgNumber, type Harness } from "./helpers/harness";

type Res = { status: number; headers: Record<string, string>; body: { type?: string; errors?: { path: string }[] } };

function assertProblem(res: Res, status: number, path?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/);
  assert.match(res.body.type ?? "", /^https:\/\/markedsdialog\.no\/problems\//);
  if (path)
    assert.ok(
      res.body.errors?.some((e) => e.path === path),
      `expected an error at ${path}: ${JSON.stringify(res.body.errors)}`,
    );
}

describe("bad input gets a clear 4xx problem and stores nothing", () => {
  let h: Harness;
  let buyer: { id: string; token: string };
  let supplier: { id: string; token: string };
  const counts = async () => [
    await Need.countDocuments(),
    await Organization.countDocuments(),
    await SupplierProfile.countDocuments(),
  ];
  let before_: number[];
  before(async () => {
    h = await startHarness("badinput");
    buyer = await h.organization("buyer");
    supplier = await h.organization("supplier");
    before_ = await counts();
  });
  after(async () => {
    assert.deepEqual(await counts(), before_, "no bad request stored anything");
    await h.close();
  });
  const postNeed = (body: unknown) =>
    h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(body as object);

  it("malformed JSON", async () => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .set("Content-Type", "application/json")
      .send('{"title": "x",');
    assertProblem(res, 400);
    assert.match(res.body.type ?? "", /malformed-json$/);
  });

  it("a body that is not JSON at all", async () => {
    assertProblem(
      await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .set("Content-Type", "text/plain")
        .send("title=x"),
      415,
    );
    assertProblem(
      await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .set("Content-Type", "application/json")
        .send("[1,2]"),
      400,
    );
    assertProblem(
      await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .set("Content-Type", "application/json")
        .send('"just a string"'),
      400,
    );
  });

  it("wrong types name the failing field", async () => {
    assertProblem(await postNeed(needBody({ title: 123 })), 400, "body.title");
    assertProblem(await postNeed(needBody({ cpv: "45233140-2" })), 400, "body.cpv");
    assertProblem(
      await postNeed(needBody({ estimatedValueNok: { min: "lots", max: 5 } })),
      400,
      "body.estimatedValueNok.min",
    );
    assertProblem(
      await postNeed(needBody({ timeline: { plannedNotice: "next spring" } })),
      400,
      "body.timeline.plannedNotice",
    );
    assertProblem(await postNeed(needBody({ procedure: "whatever" })), 400, "body.procedure");
    assertProblem(await postNeed(needBody({ smeSuitable: "yes" })), 400, "body.smeSuitable");
  });

  it("unknown and mistyped CPV codes", async () => {
    assertProblem(await postNeed(needBody({ cpv: ["99999999"] })), 400, "body.cpv.0");
    assertProblem(await postNeed(needBody({ cpv: ["45233140-2", "45233140-3"] })), 400, "body.cpv.1");
    assertProblem(await postNeed(needBody({ cpv: ["4523314"] })), 400, "body.cpv.0");
    assertProblem(await postNeed(needBody({ cpv: [] })), 400, "body.cpv");
  });

  it("bad organisation numbers and unknown municipalities", async () => {
    const org = (extra: object) =>
      h.http
        .post("/api/v1/organizations")
        .set(...bearer(ADMIN_TOKEN))
        .send({ kind: "supplier", name: "Test AS", orgNumber: freshOrgNumber(), municipality: "3207", ...extra });
    assertProblem(await org({ orgNumber: "974760674" }), 400, "body.orgNumber");
    assertProblem(await org({ orgNumber: "12345678" }), 400, "body.orgNumber");
    assertProblem(await org({ orgNumber: 974760673 }), 400, "body.orgNumber");
    assertProblem(await org({ municipality: "1507" }), 400, "body.municipality");
    assertProblem(await org({ kind: "buyer" }), 400, "body.buyerType");
    assertProblem(await postNeed(needBody({ municipalities: ["3207", "9999"] })), 400, "body.municipalities.1");
    assertProblem(await postNeed(needBody({ counties: ["38"] })), 400, "body.counties.0");
  });

  it("a registered organisation number cannot be registered twice", async () => {
    const orgNumber = freshOrgNumber();
    const first = await h.http
      .post("/api/v1/organizations")
      .set(...bearer(ADMIN_TOKEN))
      .send({ kind: "organiser", name: "LUP Øst", orgNumber, municipality: "0301" });
    assert.equal(first.status, 201);
    before_[1] = (before_[1] ?? 0) + 1;
    assertProblem(
      await h.http
        .post("/api/v1/organizations")
        .set(...bearer(ADMIN_TOKEN))
        .send({ kind: "organiser", name: "Kopi", orgNumber, municipality: "0301" }),
      409,
    );
  });

  it("bodies over the size limit", async () => {
    const res = await postNeed(needBody({ description: "x".repeat(300_000) }));
    assertProblem(res, 413);
  });

  it("$-operators and dotted keys anywhere in bodies", async () => {
    assertProblem(await postNeed(needBody({ title: { $gt: "" } })), 400, "body.title.$gt");
    assertProblem(await postNeed(needBody({ timeline: { $where: "sleep(1000)" } })), 400, "body.timeline.$where");
    assertProblem(
      await postNeed({ ...needBody(), "timeline.plannedNotice": "2027-01-01" }),
      400,
      "body.timeline.plannedNotice",
    );
    assertProblem(
      await postNeed(needBody({ milestones: [{ kind: "other", date: "2027-01-01", $set: { status: "awarded" } }] })),
      400,
      "body.milestones.0.$set",
    );
    const proto = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .set("Content-Type", "application/json")
      .send('{"__proto__": {"admin": true}, "title": "x"}');
    assertProblem(proto, 400);
  });

  it("$-operators and brackets in query strings", async () => {
    assertProblem(await h.http.get("/api/v1/needs?buyer[$ne]=x"), 400);
    assertProblem(await h.http.get("/api/v1/needs?status[$in]=draft"), 400);
    assertProblem(await h.http.get("/api/v1/needs?$where=1"), 400);
    assertProblem(await h.http.get("/api/v1/needs?limit=1000"), 400, "query.limit");
    assertProblem(await h.http.get("/api/v1/needs?cpv=45000000,abc"), 400, "query.cpv.1");
    assertProblem(await h.http.get("/api/v1/needs?unknown=1"), 400);
    assertProblem(await h.http.get("/api/v1/pipeline?groupBy=mood"), 400, "query.groupBy");
  });

  it("invalid, foreign and forged ids", async () => {
    assertProblem(await h.http.get("/api/v1/needs/not-an-id"), 404);
    assertProblem(await h.http.get("/api/v1/needs/ffffffffffffffffffffffff"), 404);
    assertProblem(await h.http.get(`/api/v1/needs/${buyer.id}`), 404);
    assertProblem(
      await h.http
        .patch("/api/v1/needs/ffffffffffffffffffffffff")
        .set(...bearer(buyer.token))
        .send({ title: "Ny tittel" }),
      404,
    );
    assertProblem(
      await h.http
        .post("/api/v1/organizations/zzz/api-keys")
        .set(...bearer(ADMIN_TOKEN))
        .send({}),
      404,
    );
    assertProblem(await h.http.get("/api/v1/suppliers/{}").set(...bearer(ADMIN_TOKEN)), 404);
    assertProblem(await postNeed(needBody({ buyerId: "ffffffffffffffffffffffff" })), 403);
  });

  it("ids are exactly 24 lower-case hex digits: upper case is 404 in a path, 400 with the field's path elsewhere", async () => {
    const upper = buyer.id.toUpperCase();
    assert.equal((await h.http.get(`/api/v1/organizations/${buyer.id}`)).status, 200);
    assertProblem(await h.http.get(`/api/v1/organizations/${upper}`), 404);
    assertProblem(await h.http.get(`/api/v1/needs?buyer=${upper}`), 400, "query.buyer");
    assertProblem(
      await h.http
        .post("/api/v1/buyer-groups")
        .set(...bearer(ADMIN_TOKEN))
        .send({ name: "Innkjøpssamarbeid", kind: "procurement_collaboration", members: [upper] }),
      400,
      "body.members.0",
    );
  });

  it("each unknown field is named by its path, nested ones too", async () => {
    const res = await postNeed(needBody({ budget: 5, timeline: { plannedNotice: "2027-04-01", soon: true } }));
    assertProblem(res, 400, "body.budget");
    assertProblem(res, 400, "body.timeline.soon");
  });

  it("unknown fields and impossible values", async () => {
    assertProblem(await postNeed(needBody({ budget: 5 })), 400);
    assertProblem(
      await postNeed(needBody({ estimatedValueNok: { min: 10, max: 5 } })),
      400,
      "body.estimatedValueNok.max",
    );
    assertProblem(await postNeed(needBody({ estimatedValueNok: { min: -1 } })), 400, "body.estimatedValueNok.min");
    assertProblem(await postNeed(needBody({ status: "awarded" })), 400, "body.status");
    assertProblem(await postNeed(needBody({ noticeUrl: "javascript:alert(1)" })), 400, "body.noticeUrl");
    const profile = await h.http
      .put(`/api/v1/suppliers/${supplier.id}/profile`)
      .set(...bearer(supplier.token))
      .send({
        name: "Leverandør AS",
        description: "",
        capabilities: "",
        cpv: ["90910000"],
        municipality: "3207",
        serviceArea: {},
        location: { lat: 10, lon: 200 },
        nace: ["99.999"],
      });
    assertProblem(profile, 400, "body.location.lat");
    assert.ok(profile.body.errors?.some((e: { path: string }) => e.path === "body.nace.0"));
  });

  it("no input produces a 500: a volley of odd bodies", async () => {
    const odd: unknown[] = [
      null,
      0,
      -1,
      1e308,
      "",
      [],
      [{}],
      { title: null },
      { cpv: [null] },
      { cpv: [{}] },
      { timeline: [] },
      { milestones: "x" },
      { contact: { email: "not-an-email", name: "x" } },
      { municipalities: [3207] },
      { estimatedValueNok: [] },
      needBody({ title: "😀".repeat(2000) }),
      needBody({ cpv: Array(60).fill("90910000") }),
      needBody({ timeline: { durationMonths: 1.5 } }),
    ];
    for (const body of odd) {
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .set("Content-Type", "application/json")
        .send(JSON.stringify(body));
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(body).slice(0, 80)} gave ${res.status}`);
    }
  });
});
