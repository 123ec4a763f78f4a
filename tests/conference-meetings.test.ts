/**
 * Meeting requests at a conference through HTTP against the real services: who may ask and answer, vetoes,
 * the organiser's maximum of open requests, the dialogue closing with the tender, and bad input refused
 * with nothing stored.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConferenceMeetingRequest } from "@markedsdialog/core";
import { meetingConference, publishedNeed, registerOrg, type Org } from "./helpers/conference-meetings";
import { bearer, startHarness, type Harness } from "./helpers/harness";

describe("conference meeting requests", () => {
  let h: Harness;
  let organiser: Org;
  let buyer: Org;
  let buyer2: Org;
  let supplier: Org;
  let supplier2: Org;
  let outsider: Org;
  let conferenceId: string;

  before(async () => {
    h = await startHarness("conference_meetings");
    organiser = await h.organization("organiser");
    [buyer, buyer2, supplier, supplier2, outsider] = await Promise.all([
      h.organization("buyer"),
      h.organization("buyer"),
      h.organization("supplier"),
      h.organization("supplier"),
      h.organization("supplier"),
    ]);
    ({ id: conferenceId } = await meetingConference(h, organiser, { maxOpenRequests: 2 }));
    for (const org of [buyer, buyer2, supplier, supplier2]) await registerOrg(h, conferenceId, org);
  });
  after(async () => h.close());

  const ask = (token: string, body: Record<string, unknown>, conference = conferenceId) =>
    h.http
      .post(`/api/v1/conferences/${conference}/meeting-requests`)
      .set(...bearer(token))
      .send(body);
  const stored = async () => ConferenceMeetingRequest.countDocuments({ conferenceId });

  it("when a supplier asks a buyer with a pitch, then only the buyer may accept, with its ranking", async () => {
    const res = await ask(supplier.token, {
      buyerOrgId: buyer.id,
      supplierOrgId: supplier.id,
      pitch: "Vi har elektriske brøytebiler i drift i tre kommuner.",
      ranking: "must",
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, "open");
    assert.equal(res.body.requestedBy, supplier.id);
    assert.equal(res.body.supplierRanking, "must");
    const id = res.body.id as string;

    const bySomeoneElse = await h.http
      .post(`/api/v1/meeting-requests/${id}/accept`)
      .set(...bearer(supplier2.token))
      .send({ ranking: "must" });
    assert.equal(bySomeoneElse.status, 404, "another supplier does not see the request");
    const byRequester = await h.http
      .post(`/api/v1/meeting-requests/${id}/accept`)
      .set(...bearer(supplier.token))
      .send({ ranking: "must" });
    assert.equal(byRequester.status, 403, "the requester cannot accept its own request");
    const anonymous = await h.http.post(`/api/v1/meeting-requests/${id}/accept`).send({ ranking: "must" });
    assert.equal(anonymous.status, 401);

    const accepted = await h.http
      .post(`/api/v1/meeting-requests/${id}/accept`)
      .set(...bearer(buyer.token))
      .send({ ranking: "would_like" });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, "accepted");
    assert.equal(accepted.body.buyerRanking, "would_like");
    assert.equal(accepted.body.supplierRanking, "must");

    const again = await h.http.post(`/api/v1/meeting-requests/${id}/decline`).set(...bearer(buyer.token));
    assert.equal(again.status, 409, "a decided request stays decided");
  });

  it("when a buyer invites a supplier, then the supplier declines it and the request is declined", async () => {
    const res = await ask(buyer2.token, { buyerOrgId: buyer2.id, supplierOrgId: supplier.id, ranking: "would_like" });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const declined = await h.http
      .post(`/api/v1/meeting-requests/${res.body.id}/decline`)
      .set(...bearer(supplier.token));
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    assert.equal(declined.body.status, "declined");
  });

  it("when two accepts of one request race, then exactly one decides it", async () => {
    const res = await ask(supplier2.token, { buyerOrgId: buyer2.id, supplierOrgId: supplier2.id, ranking: "must" });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const answers = await Promise.all([
      h.http
        .post(`/api/v1/meeting-requests/${res.body.id}/accept`)
        .set(...bearer(buyer2.token))
        .send({ ranking: "must" }),
      h.http.post(`/api/v1/meeting-requests/${res.body.id}/decline`).set(...bearer(buyer2.token)),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const record = await ConferenceMeetingRequest.findById(res.body.id).lean();
    assert.equal(record?.status, answers[0]!.status === 200 ? "accepted" : "declined");
  });

  it("when a participant has the organiser's maximum of open requests, then a further one is refused with nothing stored", async () => {
    const { id: other } = await meetingConference(h, organiser, { maxOpenRequests: 1 });
    await registerOrg(h, other, buyer);
    await registerOrg(h, other, supplier);
    await registerOrg(h, other, buyer2);
    const first = await ask(
      supplier.token,
      { buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "must" },
      other,
    );
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await ask(
      supplier.token,
      { buyerOrgId: buyer2.id, supplierOrgId: supplier.id, ranking: "must" },
      other,
    );
    assert.equal(second.status, 409, JSON.stringify(second.body));
    assert.match(second.headers["content-type"] ?? "", /application\/problem\+json/);
    assert.equal(await ConferenceMeetingRequest.countDocuments({ conferenceId: other }), 1);
    // The buyer answers: the request is no longer open, so the supplier may ask again.
    await h.http.post(`/api/v1/meeting-requests/${first.body.id}/decline`).set(...bearer(buyer.token));
    const third = await ask(
      supplier.token,
      { buyerOrgId: buyer2.id, supplierOrgId: supplier.id, ranking: "must" },
      other,
    );
    assert.equal(third.status, 201, JSON.stringify(third.body));
    // The supplier withdraws it: the place is free again.
    const withdrawn = await h.http.delete(`/api/v1/meeting-requests/${third.body.id}`).set(...bearer(supplier.token));
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    const fourth = await ask(
      supplier.token,
      { buyerOrgId: buyer2.id, supplierOrgId: supplier.id, ranking: "would_like" },
      other,
    );
    assert.equal(fourth.status, 201, `the withdrawn pair may ask anew: ${JSON.stringify(fourth.body)}`);
    assert.equal(fourth.status, 201, JSON.stringify(fourth.body));
  });

  it("when the requester withdraws a request, then it is withdrawn and cannot be answered; the other side and strangers are refused", async () => {
    const needId = await publishedNeed(h, buyer2);
    const res = await ask(supplier.token, {
      buyerOrgId: buyer2.id,
      supplierOrgId: supplier.id,
      needId,
      ranking: "would_like",
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const path = `/api/v1/meeting-requests/${res.body.id}`;
    assert.equal((await h.http.delete(path).set(...bearer(buyer2.token))).status, 403, "the side that was asked");
    assert.equal((await h.http.delete(path).set(...bearer(supplier2.token))).status, 404, "a stranger");
    assert.equal((await h.http.delete(path)).status, 401);
    assert.equal((await ConferenceMeetingRequest.findById(res.body.id).lean())?.status, "open", "unchanged");
    const withdrawn = await h.http.delete(path).set(...bearer(supplier.token));
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.status, "withdrawn");
    assert.ok(withdrawn.body.withdrawnAt);
    const again = await h.http.delete(path).set(...bearer(supplier.token));
    assert.equal(again.status, 409);
    assert.match(again.headers["content-type"] ?? "", /application\/problem\+json/);
    const accept = await h.http
      .post(`${path}/accept`)
      .set(...bearer(buyer2.token))
      .send({ ranking: "must" });
    assert.equal(accept.status, 409, "a withdrawn request cannot be accepted");
    assert.equal(
      (await h.http.delete(`/api/v1/meeting-requests/${"0".repeat(24)}`).set(...bearer(supplier.token))).status,
      404,
    );
  });

  it("when the requester withdraws an accepted request, then it is withdrawn; when a withdrawal and a decline race on an open one, then exactly one wins", async () => {
    const accepted = await ask(buyer.token, { buyerOrgId: buyer.id, supplierOrgId: supplier2.id, ranking: "must" });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    const yes = await h.http
      .post(`/api/v1/meeting-requests/${accepted.body.id}/accept`)
      .set(...bearer(supplier2.token))
      .send({ ranking: "must" });
    assert.equal(yes.status, 200);
    const out = await h.http.delete(`/api/v1/meeting-requests/${accepted.body.id}`).set(...bearer(buyer.token));
    assert.equal(out.status, 200, JSON.stringify(out.body));
    assert.equal(out.body.status, "withdrawn");
    assert.equal(out.body.buyerRanking, "must");

    const open = await ask(supplier2.token, {
      buyerOrgId: buyer2.id,
      supplierOrgId: supplier2.id,
      needId: await publishedNeed(h, buyer2),
      ranking: "must",
    });
    assert.equal(open.status, 201, JSON.stringify(open.body));
    const [withdraw, decline] = await Promise.all([
      h.http.delete(`/api/v1/meeting-requests/${open.body.id}`).set(...bearer(supplier2.token)),
      h.http.post(`/api/v1/meeting-requests/${open.body.id}/decline`).set(...bearer(buyer2.token)),
    ]);
    assert.deepEqual([withdraw.status, decline.status].sort(), [200, 409]);
    const record = await ConferenceMeetingRequest.findById(open.body.id).lean();
    assert.equal(record?.status, withdraw.status === 200 ? "withdrawn" : "declined");
  });

  it("when a need's tender is announced, then requests about it are refused and open ones cannot be accepted", async () => {
    const needId = await publishedNeed(h, buyer);
    const open = await ask(supplier2.token, {
      buyerOrgId: buyer.id,
      supplierOrgId: supplier2.id,
      needId,
      ranking: "must",
    });
    assert.equal(open.status, 201, JSON.stringify(open.body));
    const announced = await h.http
      .post(`/api/v1/needs/${needId}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "tender_announced", noticeUrl: "https://www.doffin.no/notices/2027-200001" });
    assert.equal(announced.status, 200, JSON.stringify(announced.body));
    const before = await stored();
    const refused = await ask(supplier.token, {
      buyerOrgId: buyer.id,
      supplierOrgId: supplier.id,
      needId,
      ranking: "must",
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(await stored(), before);
    const accept = await h.http
      .post(`/api/v1/meeting-requests/${open.body.id}/accept`)
      .set(...bearer(buyer.token))
      .send({ ranking: "must" });
    assert.equal(accept.status, 409, JSON.stringify(accept.body));
  });

  it("when the input is bad in any way, then a 4xx problem with its field and nothing stored", async () => {
    const otherNeed = await publishedNeed(h, buyer2);
    const cases: [string, string, Record<string, unknown>, number, string?][] = [
      [
        "to oneself",
        supplier.token,
        { buyerOrgId: supplier.id, supplierOrgId: supplier.id, ranking: "must" },
        400,
        "body.supplierOrgId",
      ],
      ["not a side", supplier2.token, { buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "must" }, 403],
      [
        "unregistered supplier",
        outsider.token,
        { buyerOrgId: buyer.id, supplierOrgId: outsider.id, ranking: "must" },
        400,
        "body.supplierOrgId",
      ],
      [
        "buyer is a supplier",
        supplier.token,
        { buyerOrgId: supplier2.id, supplierOrgId: supplier.id, ranking: "must" },
        400,
        "body.buyerOrgId",
      ],
      [
        "another buyer's need",
        supplier.token,
        { buyerOrgId: buyer.id, supplierOrgId: supplier.id, needId: otherNeed, ranking: "must" },
        400,
        "body.needId",
      ],
      [
        "unknown ranking",
        supplier.token,
        { buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "maybe" },
        400,
        "body.ranking",
      ],
      [
        "unknown field",
        supplier.token,
        { buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "must", x: 1 },
        400,
        "body.x",
      ],
      [
        "malformed id",
        supplier.token,
        { buyerOrgId: "nope", supplierOrgId: supplier.id, ranking: "must" },
        400,
        "body.buyerOrgId",
      ],
      ["missing ranking", supplier.token, { buyerOrgId: buyer.id, supplierOrgId: supplier.id }, 400, "body.ranking"],
    ];
    const before = await stored();
    for (const [name, token, body, status, path] of cases) {
      const res = await ask(token, body);
      assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/, name);
      if (path) assert.ok(JSON.stringify(res.body).includes(`"${path}"`), `${name}: ${JSON.stringify(res.body)}`);
    }
    const noConference = await ask(
      supplier.token,
      { buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "must" },
      "0".repeat(24),
    );
    assert.equal(noConference.status, 404);
    const badAccept = await h.http
      .post(`/api/v1/meeting-requests/${"0".repeat(24)}/accept`)
      .set(...bearer(buyer.token))
      .send({ ranking: "must" });
    assert.equal(badAccept.status, 404);
    assert.equal(await stored(), before);
  });
});
