/**
 * What the schedule answers about each request it could not schedule, through HTTP: every reason the API
 * gives (the scheduler's and the conference's own), and participants' minMeetings from their registration
 * passed to the scheduler (preferred after fairness, reported when not reached) and validated.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Registration } from "@markedsdialog/core";
import { meetingConference, publishedNeed, registerOrg, type Org } from "./helpers/conference-meetings";
import { askMeeting, generate, meetingsPer } from "./helpers/conference-schedule";
import { bearer, startHarness, type Harness } from "./helpers/harness";

describe("conference schedule reasons and minimum meetings", () => {
  let h: Harness;
  let organiser: Org;

  before(async () => {
    h = await startHarness("conference_reasons");
    organiser = await h.organization("organiser");
  });
  after(async () => h.close());

  it("when requests cannot be scheduled, then each has its reason: veto, no common availability, buyer's and supplier's maximum, dialogue closed, not registered, not answered", async () => {
    const [b0, b1, b2, b3] = await Promise.all([1, 2, 3, 4].map(() => h.organization("buyer")));
    const [s0, s1, s2, s3, s4] = await Promise.all([1, 2, 3, 4, 5].map(() => h.organization("supplier")));
    const { id, at } = await meetingConference(h, organiser);
    await registerOrg(h, id, b0!, { maxMeetings: 1 });
    await registerOrg(h, id, b1!);
    await registerOrg(h, id, b2!);
    // b3 meets only in the first slot (09:00–09:20 UTC), s3 only in the last (10:40–11:00).
    const slot = 20 * 60_000;
    await registerOrg(h, id, b3!, {
      availability: [{ start: at(1), end: new Date(Date.parse(at(1)) + slot).toISOString() }],
    });
    await registerOrg(h, id, s3!, {
      availability: [{ start: new Date(Date.parse(at(3)) - slot).toISOString(), end: at(3) }],
    });
    await registerOrg(h, id, s0!);
    await registerOrg(h, id, s1!);
    await registerOrg(h, id, s2!, { maxMeetings: 1 });
    await registerOrg(h, id, s4!);

    const buyerMax = [await askMeeting(h, id, b0!, s0!), await askMeeting(h, id, b0!, s1!)];
    const supplierMax = [await askMeeting(h, id, b1!, s2!), await askMeeting(h, id, b2!, s2!)];
    const veto = await askMeeting(h, id, b1!, s0!, { buyerRanking: "no_thanks" });
    const apart = await askMeeting(h, id, b3!, s3!);
    const needId = await publishedNeed(h, b1!);
    const closed = await askMeeting(h, id, b1!, s1!, { buyerRanking: "must", needId });
    const announced = await h.http
      .post(`/api/v1/needs/${needId}/status`)
      .set(...bearer(b1!.token))
      .send({ status: "tender_announced", noticeUrl: "https://www.doffin.no/notices/2027-400001" });
    assert.equal(announced.status, 200, JSON.stringify(announced.body));
    const gone = await askMeeting(h, id, b2!, s4!);
    const cancelled = await h.http.delete(`/api/v1/conferences/${id}/registrations`).set(...bearer(s4!.token));
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    const unanswered = await askMeeting(h, id, b2!, s3!, {});
    const declined = await askMeeting(h, id, b2!, s1!, {});
    assert.equal(
      (await h.http.post(`/api/v1/meeting-requests/${declined}/decline`).set(...bearer(b2!.token))).status,
      200,
    );
    const withdrawn = await askMeeting(h, id, b2!, s0!);
    assert.equal((await h.http.delete(`/api/v1/meeting-requests/${withdrawn}`).set(...bearer(s0!.token))).status, 200);

    for (const seed of [1, 2, 3]) {
      const s = await generate(h, id, organiser.token, seed);
      const reasons = new Map(s.unscheduled.map((u) => [u.requestId, u.reason]));
      const scheduled = new Set(s.meetings.map((m) => m.requestId));
      assert.equal(buyerMax.filter((r) => scheduled.has(r)).length, 1, "b0 meets once");
      assert.equal(reasons.get(buyerMax.find((r) => !scheduled.has(r))!), "buyer_maximum_reached");
      assert.equal(supplierMax.filter((r) => scheduled.has(r)).length, 1, "s2 meets once");
      assert.equal(reasons.get(supplierMax.find((r) => !scheduled.has(r))!), "supplier_maximum_reached");
      assert.equal(reasons.get(veto), "veto");
      assert.equal(reasons.get(apart), "no_common_availability");
      assert.equal(reasons.get(closed), "dialogue_closed");
      assert.equal(reasons.get(gone), "not_registered");
      assert.equal(reasons.get(unanswered), "not_answered");
      assert.ok(!reasons.has(declined) && !scheduled.has(declined), "a declined request is no request");
      assert.ok(!reasons.has(withdrawn) && !scheduled.has(withdrawn), "a withdrawn request is no request");
      assert.equal(s.unscheduled.length, 7, JSON.stringify(s.unscheduled));
      assert.ok(s.unscheduled.every((u) => u.explanation.length > 10));
    }

    // A participant sees the reasons of its own requests only, once published.
    const pub = await h.http
      .post(`/api/v1/conferences/${id}/schedule/publish`)
      .set(...bearer(organiser.token))
      .send({ final: false });
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    const own = await h.http.get(`/api/v1/conferences/${id}/schedule`).set(...bearer(s3!.token));
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.deepEqual((own.body.unscheduled as { requestId: string; reason: string }[]).map((u) => u.reason).sort(), [
      "no_common_availability",
      "not_answered",
    ]);
    assert.equal(own.body.ignoredLocks, undefined, "locks are the organisers' business");
  });

  /** Buyers b1 (at most 2) and b2 (at most 1), suppliers s1 and s2 asking both: 3 meetings for 2 suppliers. */
  async function contested(minimum: { s1?: number; s2?: number }) {
    const [b1, b2] = await Promise.all([h.organization("buyer"), h.organization("buyer")]);
    const [s1, s2] = await Promise.all([h.organization("supplier"), h.organization("supplier")]);
    const { id } = await meetingConference(h, organiser);
    await registerOrg(h, id, b1, { maxMeetings: 2 });
    await registerOrg(h, id, b2, { maxMeetings: 1 });
    await registerOrg(h, id, s1, minimum.s1 === undefined ? {} : { minMeetings: minimum.s1 });
    await registerOrg(h, id, s2, minimum.s2 === undefined ? {} : { minMeetings: minimum.s2 });
    for (const b of [b1, b2]) for (const s of [s1, s2]) await askMeeting(h, id, b, s);
    return { id, s1, s2 };
  }

  it("when a supplier registers a minimum of two meetings, then it gets the contested third meeting for every seed, after each supplier's first", async () => {
    for (const favoured of ["s1", "s2"] as const) {
      const c = await contested({ [favoured]: 2 });
      for (const seed of [1, 2, 3, 4]) {
        const s = await generate(h, c.id, organiser.token, seed);
        const per = meetingsPer(s);
        assert.equal(s.meetings.length, 3);
        assert.equal(per.get(c[favoured].id), 2, `seed ${seed}: ${favoured} has its minimum`);
        assert.equal(per.get(c[favoured === "s1" ? "s2" : "s1"].id), 1, `seed ${seed}: the other keeps its first`);
        assert.deepEqual(s.belowMinimum, []);
      }
    }
  });

  it("when a minimum cannot be reached, then the schedule reports it; a minimum above the maximum is refused with nothing stored", async () => {
    const c = await contested({ s2: 3 });
    const s = await generate(h, c.id, organiser.token, 1);
    assert.deepEqual(s.belowMinimum, [{ orgId: c.s2.id, minimum: 3, scheduled: 2 }]);

    const late = await h.organization("supplier");
    const before = await Registration.countDocuments({ conferenceId: c.id });
    for (const [body, path] of [
      [{ minMeetings: 3, maxMeetings: 2 }, "body.minMeetings"],
      [{ minMeetings: -1 }, "body.minMeetings"],
      [{ minMeetings: 1.5 }, "body.minMeetings"],
    ] as const) {
      const res = await h.http
        .post(`/api/v1/conferences/${c.id}/registrations`)
        .set(...bearer(late.token))
        .send({ participants: [{ name: "Per Sen", email: `per.${late.id}@example.no` }], ...body });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
      assert.ok(JSON.stringify(res.body).includes(`"${path}"`), JSON.stringify(res.body));
    }
    assert.equal(await Registration.countDocuments({ conferenceId: c.id }), before);
    const ok = await h.http
      .post(`/api/v1/conferences/${c.id}/registrations`)
      .set(...bearer(late.token))
      .send({
        participants: [{ name: "Per Sen", email: `per.${late.id}@example.no` }],
        minMeetings: 2,
        maxMeetings: 2,
      });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.minMeetings, 2);
  });
});
