import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, needBody, bearer, ADMIN_TOKEN, eventually, type Harness } from "./helpers/harness";

describe("needs: a buyer announces planned procurements", () => {
  let h: Harness;
  let buyer: { id: string; token: string; name: string };
  let otherBuyer: { id: string; token: string; name: string };
  before(async () => {
    h = await startHarness("needs", {}, { workers: true });
    buyer = await h.organization("buyer");
    otherBuyer = await h.organization("buyer", { municipality: "3218" });
  });
  after(async () => h.close());

  it("when a buyer creates a need, then it is a draft with normalised CPV codes and derived places", async () => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    assert.equal(res.status, 201);
    assert.match(res.body.id, /^[0-9a-f]{24}$/);
    assert.equal(res.body.status, "draft");
    assert.deepEqual(res.body.cpv, ["90620000-9", "90630000-2"]);
    assert.deepEqual(res.body.counties, ["32"]);
    assert.equal(res.body.national, false);
    assert.equal(res.body.buyer.id, buyer.id);
    assert.deepEqual(res.body.nextStatuses, ["published", "cancelled"]);
    assert.equal(res.body.timeline.plannedNotice, "2027-04-01");
  });

  it("when a need is a draft, then only its buyer and the admin can see it", async () => {
    const draft = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ title: "Hemmelig utkast til anskaffelse" }));
    const id = draft.body.id as string;
    assert.equal((await h.http.get(`/api/v1/needs/${id}`)).status, 404);
    assert.equal((await h.http.get(`/api/v1/needs/${id}`).set(...bearer(otherBuyer.token))).status, 404);
    assert.equal((await h.http.get(`/api/v1/needs/${id}`).set(...bearer(buyer.token))).status, 200);
    assert.equal((await h.http.get(`/api/v1/needs/${id}`).set(...bearer(ADMIN_TOKEN))).status, 200);
    const publicList = await h.http.get("/api/v1/needs").query({ limit: 100 });
    assert.ok(!publicList.body.items.some((n: { id: string }) => n.id === id));
    const own = await h.http
      .get("/api/v1/needs")
      .query({ buyer: buyer.id, status: "draft" })
      .set(...bearer(buyer.token));
    assert.equal(own.status, 200);
    assert.ok(own.body.items.some((n: { id: string }) => n.id === id));
    const foreign = await h.http
      .get("/api/v1/needs")
      .query({ buyer: buyer.id, status: "draft" })
      .set(...bearer(otherBuyer.token));
    assert.equal(foreign.status, 403);
  });

  it("when a need goes through its lifecycle, then illegal transitions are refused and every step is logged", async () => {
    const { body: need } = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    const step = (status: string, extra = {}) =>
      h.http
        .post(`/api/v1/needs/${need.id}/status`)
        .set(...bearer(buyer.token))
        .send({ status, ...extra });
    assert.equal((await step("awarded")).status, 409);
    const published = await step("published");
    assert.equal(published.status, 200);
    assert.ok(published.body.publishedAt);
    const back = await step("draft");
    assert.equal(back.status, 409);
    assert.equal(back.headers["content-type"], "application/problem+json; charset=utf-8");
    assert.equal((await step("in_dialogue")).status, 200);
    const announced = await step("tender_announced", { noticeUrl: "https://www.doffin.no/notices/2027-101234" });
    assert.equal(announced.body.noticeUrl, "https://www.doffin.no/notices/2027-101234");
    assert.equal((await step("awarded")).status, 200);
    assert.equal((await step("cancelled")).status, 409);
    const patch = await h.http
      .patch(`/api/v1/needs/${need.id}`)
      .set(...bearer(buyer.token))
      .send({ title: "For sent å endre tittelen" });
    assert.equal(patch.status, 409);

    const log = await h.http.get(`/api/v1/needs/${need.id}/changes`);
    assert.equal(log.status, 200);
    assert.deepEqual(
      log.body.items.map((c: { fromStatus: string; toStatus: string }) => `${c.fromStatus}>${c.toStatus}`),
      ["draft>published", "published>in_dialogue", "in_dialogue>tender_announced", "tender_announced>awarded"],
    );
    assert.equal(log.body.items[0].actor.orgId, buyer.id);
  });

  it("when a published need is edited, then the change log says who changed which fields from what to what", async () => {
    const { body: need } = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published" }));
    const res = await h.http
      .patch(`/api/v1/needs/${need.id}`)
      .set(...bearer(buyer.token))
      .send({
        estimatedValueNok: { min: 45_000_000, max: 65_000_000 },
        description: need.description,
        timeline: { plannedNotice: "2027-05-02" },
      });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, need.version + 1);
    assert.equal(res.body.timeline.dialogueOpens, need.timeline.dialogueOpens, "untouched timeline fields are kept");
    const log = await h.http.get(`/api/v1/needs/${need.id}/changes`);
    const update = log.body.items.find((c: { kind: string }) => c.kind === "update");
    assert.deepEqual(update.fields.sort(), ["estimatedValueNok", "timeline"], "an unchanged description is not logged");
    const value = update.changes.find((c: { field: string }) => c.field === "estimatedValueNok");
    assert.deepEqual(value.from, { min: 40_000_000, max: 60_000_000 });
    assert.deepEqual(value.to, { min: 45_000_000, max: 65_000_000 });
    assert.equal(update.actor.orgId, buyer.id);
    assert.ok(Date.parse(update.at) >= Date.parse(need.createdAt));
  });

  it("when drafts are edited, then nothing is logged, because nobody outside has seen them", async () => {
    const { body: need } = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    await h.http
      .patch(`/api/v1/needs/${need.id}`)
      .set(...bearer(buyer.token))
      .send({ title: "Nytt utkast til tittel" });
    const log = await h.http.get(`/api/v1/needs/${need.id}/changes`).set(...bearer(buyer.token));
    assert.deepEqual(log.body.items, []);
  });

  it("when suppliers list needs, then filters on CPV at any level, place, procedure and dates work, paginated", async () => {
    const local = await h.organization("buyer", { municipality: "3101" });
    const make = (extra: Record<string, unknown>) =>
      h.http
        .post("/api/v1/needs")
        .set(...bearer(local.token))
        .send(needBody({ status: "published", ...extra }));
    const a = await make({
      title: "Nytt sykehjem i Halden",
      cpv: ["45215200"],
      municipalities: ["3101"],
      procedure: "competitive_dialogue",
      timeline: { plannedNotice: "2028-02-01" },
    });
    const b = await make({
      title: "Skoleskyss i Halden",
      cpv: ["60130000-8"],
      municipalities: ["3101"],
      procedure: "open",
      timeline: { plannedNotice: "2027-09-01" },
    });
    const c = await make({
      title: "Nasjonal plattform for velferdsteknologi",
      cpv: ["72000000"],
      municipalities: [],
      procedure: "innovation_partnership",
    });
    assert.deepEqual([a.status, b.status, c.status], [201, 201, 201]);
    assert.equal(c.body.national, true);

    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((n) => n.id).sort();
    // The public list is answered from the search index, which follows the database through the queue.
    await eventually(
      () => h.http.get("/api/v1/needs").query({ buyer: local.id }),
      (res) => res.body.total === 3,
    );
    const byDivision = await h.http.get("/api/v1/needs").query({ buyer: local.id, cpv: "45000000" });
    assert.deepEqual(ids(byDivision), [a.body.id]);
    const byTwo = await h.http.get("/api/v1/needs").query({ buyer: local.id, cpv: "45000000,60000000" });
    assert.deepEqual(ids(byTwo), [a.body.id, b.body.id].sort());
    const byProcedure = await h.http
      .get("/api/v1/needs")
      .query({ buyer: local.id, procedure: "innovation_partnership" });
    assert.deepEqual(ids(byProcedure), [c.body.id]);
    const byCounty = await h.http.get("/api/v1/needs").query({ buyer: local.id, county: "31" });
    assert.deepEqual(ids(byCounty), [a.body.id, b.body.id].sort());
    const byDate = await h.http.get("/api/v1/needs").query({ buyer: local.id, from: "2028-01-01", to: "2028-12-31" });
    assert.deepEqual(ids(byDate), [a.body.id]);
    const page1 = await h.http
      .get("/api/v1/needs")
      .query({ buyer: local.id, limit: 2, page: 1, sort: "plannedNotice" });
    const page2 = await h.http
      .get("/api/v1/needs")
      .query({ buyer: local.id, limit: 2, page: 2, sort: "plannedNotice" });
    assert.equal(page1.body.total, 3);
    assert.equal(page1.body.items.length, 2);
    assert.equal(page2.body.items.length, 1);
    assert.equal(new Set([...ids(page1), ...ids(page2)]).size, 3);
  });

  it("when twelve edits race on one version, then the losers get 409 instead of silently overwriting", async () => {
    const { body: need } = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published" }));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h.http
          .patch(`/api/v1/needs/${need.id}`)
          .set(...bearer(buyer.token))
          .send({ title: `Samtidig endring nummer ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.ok(statuses.includes(200));
    assert.ok(
      statuses.every((s) => s === 200 || s === 409),
      `unexpected statuses ${statuses.join(",")}`,
    );
    // The buyer reads the database (others read the index, which follows through the queue).
    const final = await h.http.get(`/api/v1/needs/${need.id}`).set(...bearer(buyer.token));
    assert.equal(final.body.version, need.version + statuses.filter((s) => s === 200).length);
  });

  it("when a need's municipalities change, then the counties the buyer named stay and the old municipalities' counties go", async () => {
    const { body: need } = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ municipalities: ["3207"], counties: ["39", "40"], status: "published" }));
    assert.deepEqual(need.counties, ["32", "39", "40"]);
    const res = await h.http
      .patch(`/api/v1/needs/${need.id}`)
      .set(...bearer(buyer.token))
      .send({ municipalities: ["3101"] });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.counties, ["31", "39", "40"]);
  });
});
