/**
 * Locked meetings through HTTP: the organiser locks a meeting where the latest version has it or moves it
 * to a place it picks; generations keep locked meetings exactly and report what moved against the last
 * published schedule; places outside the grid, the tables or a side's availability, double bookings and
 * maxima are refused with nothing stored; only organisers lock, list and unlock; a withdrawn request loses
 * its lock; locks that no longer fit are ignored and listed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MeetingLock } from "@markedsdialog/core";
import { meetingConference, registerOrg, type Org } from "./helpers/conference-meetings";
import { askMeeting, generate, lock, type Meeting, type Schedule } from "./helpers/conference-schedule";
import { bearer, startHarness, type Harness } from "./helpers/harness";

const MINUTE = 60_000;

describe("conference meeting locks", () => {
  let h: Harness;
  let organiser: Org;
  let otherOrganiser: Org;
  let b0: Org, b1: Org;
  let s0: Org, s1: Org, s2: Org, s3: Org;
  let conferenceId: string;
  let at: (hours: number) => string;
  /** The slots' starts in ms: 09:00 … 10:40 UTC, 20 minutes each. */
  let slots: number[];
  const r = {} as Record<"b0s0" | "b0s1" | "b1s2" | "b1s0" | "b0s3" | "b1s3" | "open", string>;

  const place = (m: { table: string; start: string }) => `${m.table}|${new Date(m.start).getTime()}`;
  const locks = async () =>
    (await h.http.get(`/api/v1/conferences/${conferenceId}/schedule/locks`).set(...bearer(organiser.token))).body
      .items as Meeting[];

  before(async () => {
    h = await startHarness("conference_locks");
    organiser = await h.organization("organiser");
    otherOrganiser = await h.organization("organiser");
    [b0, b1, s0, s1, s2, s3] = await Promise.all([
      h.organization("buyer"),
      h.organization("buyer"),
      h.organization("supplier"),
      h.organization("supplier"),
      h.organization("supplier"),
      h.organization("supplier"),
    ]);
    ({ id: conferenceId, at } = await meetingConference(h, organiser));
    const first = new Date(at(1)).getTime();
    slots = Array.from({ length: 6 }, (_, i) => first + i * 20 * MINUTE);
    await registerOrg(h, conferenceId, b0);
    // b1 meets from 09:00 to 10:00 UTC only: the first three slots.
    await registerOrg(h, conferenceId, b1, { availability: [{ start: at(1), end: at(2) }] });
    for (const s of [s0, s1, s2]) await registerOrg(h, conferenceId, s);
    await registerOrg(h, conferenceId, s3, { maxMeetings: 1 });
    r.b0s0 = await askMeeting(h, conferenceId, b0, s0);
    r.b0s1 = await askMeeting(h, conferenceId, b0, s1);
    r.b1s2 = await askMeeting(h, conferenceId, b1, s2);
    r.b1s0 = await askMeeting(h, conferenceId, b1, s0);
    r.b0s3 = await askMeeting(h, conferenceId, b0, s3);
    r.b1s3 = await askMeeting(h, conferenceId, b1, s3);
    r.open = await askMeeting(h, conferenceId, b0, s2, {});
  });
  after(async () => h.close());

  it("when anyone but an organiser locks, lists or unlocks, then it is refused and nothing stored", async () => {
    const body = { requestId: r.b0s0, table: "Bord A", start: at(1) };
    assert.equal((await lock(h, conferenceId, s0.token, body)).status, 403, "a supplier of the meeting");
    assert.equal((await lock(h, conferenceId, b0.token, body)).status, 403, "a registered buyer");
    assert.equal(
      (await lock(h, conferenceId, otherOrganiser.token, body)).status,
      403,
      "another conference's organiser",
    );
    const anonymous = await h.http.post(`/api/v1/conferences/${conferenceId}/schedule/locks`).send(body);
    assert.equal(anonymous.status, 401);
    const list = await h.http.get(`/api/v1/conferences/${conferenceId}/schedule/locks`).set(...bearer(s0.token));
    assert.equal(list.status, 403);
    const unlock = await h.http
      .delete(`/api/v1/conferences/${conferenceId}/schedule/locks/${r.b0s0}`)
      .set(...bearer(s0.token));
    assert.equal(unlock.status, 403);
    assert.equal(await MeetingLock.countDocuments({ conferenceId }), 0);
  });

  it("when a place is outside the grid, the tables or a side's availability, or the request cannot be locked, then a 4xx problem names it and nothing is stored", async () => {
    await generate(h, conferenceId, organiser.token, 1);
    const cases: [string, Record<string, unknown>, number, string?][] = [
      [
        "not a slot's start",
        { requestId: r.b0s0, table: "Bord A", start: new Date(slots[0]! + 10 * MINUTE).toISOString() },
        400,
        "body.start",
      ],
      ["before the grid", { requestId: r.b0s0, table: "Bord A", start: at(0) }, 400, "body.start"],
      ["not a table", { requestId: r.b0s0, table: "Bord Z", start: at(1) }, 400, "body.table"],
      [
        "the buyer unavailable",
        { requestId: r.b1s2, table: "Bord A", start: new Date(slots[4]!).toISOString() },
        400,
        "body.start",
      ],
      ["a table without a start", { requestId: r.b0s0, table: "Bord A" }, 400, "body.start"],
      ["unknown field", { requestId: r.b0s0, x: 1 }, 400, "body.x"],
      ["malformed request id", { requestId: "nope" }, 400, "body.requestId"],
      ["no such request", { requestId: "0".repeat(24) }, 400, "body.requestId"],
      ["an open request", { requestId: r.open, table: "Bord A", start: at(1) }, 409],
      ["malformed start", { requestId: r.b0s0, table: "Bord A", start: "kl. 9" }, 400, "body.start"],
    ];
    for (const [name, body, status, path] of cases) {
      const res = await lock(h, conferenceId, organiser.token, body);
      assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/, name);
      if (path) assert.ok(JSON.stringify(res.body).includes(`"${path}"`), `${name}: ${JSON.stringify(res.body)}`);
    }
    assert.equal(await MeetingLock.countDocuments({ conferenceId }), 0);
  });

  it("when the organiser locks one meeting in place and moves another, then every generation keeps both exactly and reports the moves against the published schedule", async () => {
    const v = await generate(h, conferenceId, organiser.token, 1);
    const pub = await h.http
      .post(`/api/v1/conferences/${conferenceId}/schedule/publish`)
      .set(...bearer(organiser.token))
      .send({ version: v.version, final: false });
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    const published = v.meetings;
    const inPlace = published.find((m) => m.requestId === r.b0s0)!;
    assert.ok(inPlace, "b0–s0 is scheduled");

    const kept = await lock(h, conferenceId, organiser.token, { requestId: r.b0s0 });
    assert.equal(kept.status, 201, JSON.stringify(kept.body));
    assert.equal(place(kept.body), place(inPlace), "locked where the latest version has it");

    // Move b1–s2 to a place of b1's first three slots that is neither its own nor b0–s0's.
    const before = published.find((m) => m.requestId === r.b1s2);
    const target = slots
      .slice(0, 3)
      .flatMap((t) => ["Bord A", "Bord B"].map((table) => ({ table, start: new Date(t).toISOString() })))
      .find((p) => place(p) !== place(inPlace) && (!before || place(p) !== place(before)));
    const moved = await lock(h, conferenceId, organiser.token, { requestId: r.b1s2, ...target });
    assert.equal(moved.status, 201, JSON.stringify(moved.body));
    assert.equal(place(moved.body), place(target!));
    assert.deepEqual(
      (await locks()).map((l) => l.requestId),
      [r.b0s0, r.b1s2],
      "listed in the order locked",
    );

    for (const seed of [7, 8, 9]) {
      const s = await generate(h, conferenceId, organiser.token, seed);
      const byId = new Map(s.meetings.map((m) => [m.requestId, m]));
      assert.equal(place(byId.get(r.b0s0)!), place(inPlace), `seed ${seed}: b0–s0 kept`);
      assert.equal(place(byId.get(r.b1s2)!), place(target!), `seed ${seed}: b1–s2 where it was moved`);
      assert.ok(byId.get(r.b0s0)!.locked && byId.get(r.b1s2)!.locked);
      assert.equal(s.meetings.filter((m) => m.locked).length, 2, "no other meeting is locked");
      const expected = published.filter((p) => byId.has(p.requestId) && place(byId.get(p.requestId)!) !== place(p));
      assert.equal(s.moved, expected.length, `seed ${seed}: moved against the published version`);
      if (before) assert.ok(s.moved >= 1, "the moved meeting counts");
      assert.equal(new Set(s.meetings.map(place)).size, s.meetings.length, "one meeting per table and slot");
    }
  });

  it("when a lock would double-book a table or a side, or pass a side's maximum, then 409 and nothing stored", async () => {
    const [held] = await locks();
    const other = held!.table === "Bord A" ? "Bord B" : "Bord A";
    const count = await MeetingLock.countDocuments({ conferenceId });
    const sameTable = await lock(h, conferenceId, organiser.token, {
      requestId: r.b0s1,
      table: held!.table,
      start: held!.start,
    });
    assert.equal(sameTable.status, 409, JSON.stringify(sameTable.body));
    const sameBuyer = await lock(h, conferenceId, organiser.token, {
      requestId: r.b0s1,
      table: other,
      start: held!.start,
    });
    assert.equal(sameBuyer.status, 409, "b0 has one representative and is in the locked b0–s0 then");
    assert.match(sameBuyer.body.detail, /buyer/);
    const again = await lock(h, conferenceId, organiser.token, { requestId: r.b0s0 });
    assert.equal(again.status, 409, "locked already");
    assert.equal(await MeetingLock.countDocuments({ conferenceId }), count);

    // s3 accepts one meeting at most: one lock, not two.
    const free = (await locks()).map(place);
    const places = slots
      .slice(0, 3)
      .flatMap((t) => ["Bord A", "Bord B"].map((table) => ({ table, start: new Date(t).toISOString() })))
      .filter((p) => !free.includes(place(p)) && new Date(p.start).getTime() !== new Date(held!.start).getTime());
    const first = await lock(h, conferenceId, organiser.token, { requestId: r.b0s3, ...places[0] });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await lock(h, conferenceId, organiser.token, {
      requestId: r.b1s3,
      ...places.find((p) => p.start !== places[0]!.start && place(p) !== place(places[0]!)),
    });
    assert.equal(second.status, 409, JSON.stringify(second.body));
    assert.match(second.body.detail, /maximum/);
    assert.equal(await MeetingLock.countDocuments({ conferenceId }), count + 1);
  });

  it("when the organiser unlocks, then the place is free again; unlocking twice is 404", async () => {
    const [held] = await locks();
    assert.equal(held!.requestId, r.b0s0);
    const res = await h.http
      .delete(`/api/v1/conferences/${conferenceId}/schedule/locks/${r.b0s0}`)
      .set(...bearer(organiser.token));
    assert.equal(res.status, 204, res.text);
    assert.ok(!(await locks()).some((l) => l.requestId === r.b0s0));
    const taken = await lock(h, conferenceId, organiser.token, {
      requestId: r.b0s1,
      table: held!.table,
      start: held!.start,
    });
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
    const twice = await h.http
      .delete(`/api/v1/conferences/${conferenceId}/schedule/locks/${r.b0s0}`)
      .set(...bearer(organiser.token));
    assert.equal(twice.status, 404);
    const malformed = await h.http
      .delete(`/api/v1/conferences/${conferenceId}/schedule/locks/nope`)
      .set(...bearer(organiser.token));
    assert.equal(malformed.status, 404);
  });

  it("when the requester withdraws a locked request, then its lock is gone and it is no longer scheduled", async () => {
    const res = await h.http.delete(`/api/v1/meeting-requests/${r.b1s2}`).set(...bearer(s2.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, "withdrawn");
    assert.ok(!(await locks()).some((l) => l.requestId === r.b1s2));
    const s = await generate(h, conferenceId, organiser.token, 3);
    assert.ok(!s.meetings.some((m) => m.requestId === r.b1s2));
    assert.ok(!s.unscheduled.some((u) => u.requestId === r.b1s2));
  });

  it("when the tables are renamed, then the locks no longer fit: they are ignored and listed, and generation still succeeds", async () => {
    const held = await locks();
    assert.ok(held.length > 0);
    const conference = await h.http.get(`/api/v1/conferences/${conferenceId}`);
    const patched = await h.http
      .patch(`/api/v1/conferences/${conferenceId}`)
      .set(...bearer(organiser.token))
      .send({ meetings: { ...conference.body.meetings, tables: ["Rom 1", "Rom 2"] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const s: Schedule = await generate(h, conferenceId, organiser.token, 4);
    assert.deepEqual(s.ignoredLocks?.map((l) => l.requestId).sort(), held.map((l) => l.requestId).sort());
    assert.ok(s.meetings.every((m) => !m.locked));
    for (const l of held)
      assert.ok(
        s.meetings.some((m) => m.requestId === l.requestId) || s.unscheduled.some((u) => u.requestId === l.requestId),
        "scheduled as any other request, or with its reason",
      );
  });
});
