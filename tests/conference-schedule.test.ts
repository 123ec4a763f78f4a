/**
 * The meeting schedule through HTTP on a small conference: generation by the scheduler (organisers only),
 * reasons for what is not scheduled, determinism, preliminary and final publication with agenda e-mails
 * caught by a real SMTP catcher, the agenda parsed by an independent iCalendar parser (ical.js), the CSV
 * against formula injection, and two generations racing for one version.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ICAL from "ical.js";
import { ConferenceSchedule } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { meetingConference, publishedNeed, registerOrg, type Org } from "./helpers/conference-meetings";
import { bearer, eventually, startHarness, type Harness } from "./helpers/harness";

type Schedule = {
  version: number;
  state: string;
  seed: number;
  meetings: {
    requestId: string;
    buyerOrgId: string;
    supplierOrgId: string;
    table: string;
    start: string;
    end: string;
    sequence: number;
  }[];
  unscheduled: { requestId: string; reason: string; explanation: string }[];
  scheduled: number;
  upperBound: number;
  gap: number;
  moved: number;
};

describe("conference meeting schedule", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let organiser: Org;
  let buyers: Org[];
  let suppliers: Org[];
  let conferenceId: string;
  const accepted: string[] = [];
  let vetoed: string;
  let closed: string;
  let declined: string;
  let needWithMeeting: string;

  const ask = async (from: Org, buyer: Org, supplier: Org, extra: Record<string, unknown> = {}) => {
    const res = await h.http
      .post(`/api/v1/conferences/${conferenceId}/meeting-requests`)
      .set(...bearer(from.token))
      .send({ buyerOrgId: buyer.id, supplierOrgId: supplier.id, ranking: "must", ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const accept = async (by: Org, id: string, ranking = "would_like") => {
    const res = await h.http
      .post(`/api/v1/meeting-requests/${id}/accept`)
      .set(...bearer(by.token))
      .send({ ranking });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const generate = (token: string, body: Record<string, unknown> = {}) =>
    h.http
      .post(`/api/v1/conferences/${conferenceId}/schedule`)
      .set(...bearer(token))
      .send(body);
  const publish = (token: string, body: Record<string, unknown>) =>
    h.http
      .post(`/api/v1/conferences/${conferenceId}/schedule/publish`)
      .set(...bearer(token))
      .send(body);
  const ics = async (org: Org, token = org.token) =>
    h.http
      .get(`/api/v1/conferences/${conferenceId}/agenda.ics`)
      .query({ org: org.id })
      .set(...bearer(token));

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("conference_schedule", { SMTP_URL: catcher.url }, { workers: true });
    organiser = await h.organization("organiser");
    buyers = await Promise.all([h.organization("buyer"), h.organization("buyer")]);
    suppliers = await Promise.all([h.organization("supplier"), h.organization("supplier"), h.organization("supplier")]);
    ({ id: conferenceId } = await meetingConference(h, organiser));
    for (const org of [...buyers, ...suppliers]) await registerOrg(h, conferenceId, org);
    const [b0, b1] = buyers as [Org, Org];
    const [s0, s1, s2] = suppliers as [Org, Org, Org];
    // Five accepted (one with a formula-looking pitch), one vetoed, one declined, one about a need whose tender is announced.
    const formula = await ask(s0, b0, s0, { pitch: '=HYPERLINK("https://evil.example","klikk")' });
    await accept(b0, formula);
    accepted.push(formula);
    for (const [from, b, s] of [
      [b1, b1, s0],
      [b1, b1, s1],
      [s2, b1, s2],
    ] as const) {
      const id = await ask(from, b, s);
      await accept(from === b ? s : b, id);
      accepted.push(id);
    }
    needWithMeeting = await publishedNeed(h, b0);
    const aboutNeed = await ask(s1, b0, s1, { needId: needWithMeeting, pitch: "@SUM(A1) Vi viser sensorene" });
    await accept(b0, aboutNeed);
    accepted.push(aboutNeed);
    vetoed = await ask(s2, b0, s2);
    await accept(b0, vetoed, "no_thanks");
    declined = await ask(b0, b0, s0, { needId: await publishedNeed(h, b0) });
    const r = await h.http.post(`/api/v1/meeting-requests/${declined}/decline`).set(...bearer(s0.token));
    assert.equal(r.status, 200);
    const needId = await publishedNeed(h, b1);
    closed = await ask(s2, b1, s2, { needId });
    await accept(b1, closed);
    const announced = await h.http
      .post(`/api/v1/needs/${needId}/status`)
      .set(...bearer(b1.token))
      .send({ status: "tender_announced", noticeUrl: "https://www.doffin.no/notices/2027-300001" });
    assert.equal(announced.status, 200, JSON.stringify(announced.body));
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  it("when someone other than an organiser generates or publishes, then it is refused", async () => {
    assert.equal((await generate(buyers[0]!.token)).status, 403);
    assert.equal((await generate(suppliers[0]!.token)).status, 403);
    assert.equal((await h.http.post(`/api/v1/conferences/${conferenceId}/schedule`).send({})).status, 401);
    assert.equal((await publish(suppliers[0]!.token, { final: true })).status, 403);
    assert.equal((await generate(organiser.token, { seed: -1 })).status, 400);
    assert.equal((await generate(organiser.token, { seed: 1, extra: true })).status, 400);
    assert.equal(await ConferenceSchedule.countDocuments({ conferenceId }), 0, "nothing stored");
  });

  it("when the organiser generates, then every accepted request is scheduled or has its reason, and the same seed gives the same schedule", async () => {
    const first = await generate(organiser.token, { seed: 7 });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const s = first.body as Schedule;
    assert.equal(s.state, "generated");
    const scheduled = new Set(s.meetings.map((m) => m.requestId));
    const reasons = new Map(s.unscheduled.map((u) => [u.requestId, u.reason]));
    for (const id of accepted) assert.ok(scheduled.has(id) || reasons.has(id), `request ${id} has no outcome`);
    assert.equal(reasons.get(vetoed), "veto");
    assert.equal(reasons.get(closed), "dialogue_closed");
    assert.ok(!scheduled.has(declined) && !reasons.has(declined), "a declined request is not in the schedule");
    assert.ok(s.upperBound >= s.scheduled && s.gap === s.upperBound - s.scheduled);
    assert.equal(s.scheduled, s.meetings.length);
    assert.ok(s.unscheduled.every((u) => u.explanation.length > 0));
    const slots = new Set(s.meetings.map((m) => `${m.start}|${m.table}`));
    assert.equal(slots.size, s.meetings.length, "one meeting per table and slot");

    const again = await generate(organiser.token, { seed: 7 });
    assert.equal(again.status, 201);
    assert.equal(again.body.version, s.version + 1);
    const strip = (x: Schedule) => x.meetings.map(({ requestId, table, start }) => ({ requestId, table, start }));
    assert.deepEqual(strip(again.body as Schedule), strip(s));
  });

  it("when six generations race, then they store six versions, never one twice", async () => {
    const before = await ConferenceSchedule.countDocuments({ conferenceId });
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => generate(organiser.token, { seed })));
    for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
    const answered = answers.map((a) => a.body.version as number).sort((x, y) => x - y);
    assert.equal(new Set(answered).size, 6, `versions answered: ${answered.join(", ")}`);
    const versions = (await ConferenceSchedule.find({ conferenceId }).lean())
      .map((x) => x.version)
      .sort((x, y) => x - y);
    assert.equal(versions.length, before + 6, "each generation stored once");
    assert.deepEqual(
      versions,
      Array.from({ length: versions.length }, (_, i) => i + 1),
      "versions 1 … N, none twice",
    );
  });

  it("when published as preliminary, then a participant sees its own meetings only, and nothing before", async () => {
    const supplier = suppliers[0]!;
    assert.equal(
      (await h.http.get(`/api/v1/conferences/${conferenceId}/schedule`).set(...bearer(supplier.token))).status,
      404,
    );
    const latest = await generate(organiser.token, { seed: 7 });
    const pub = await publish(organiser.token, { version: latest.body.version, final: false });
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.state, "preliminary");
    const mine = await h.http.get(`/api/v1/conferences/${conferenceId}/schedule`).set(...bearer(supplier.token));
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const meetings = (mine.body as Schedule).meetings;
    assert.ok(meetings.length > 0);
    assert.ok(meetings.every((m) => m.supplierOrgId === supplier.id));
    const all = await h.http.get(`/api/v1/conferences/${conferenceId}/schedule`).set(...bearer(organiser.token));
    assert.ok((all.body as Schedule).meetings.length > meetings.length, "the organiser sees everyone's");
    const outsider = await h.organization("supplier");
    assert.equal(
      (await h.http.get(`/api/v1/conferences/${conferenceId}/schedule`).set(...bearer(outsider.token))).status,
      404,
    );
    assert.equal((await ics(supplier, outsider.token)).status, 403, "another organisation's agenda");
    assert.equal(
      catcher.messages().filter((m) => m.subject.startsWith("Møteplan")).length,
      0,
      "no mail for a preliminary",
    );
  });

  it("when published final, then every participant is e-mailed its agenda, the .ics parses with Europe/Oslo, and a changed meeting keeps its UID with a higher SEQUENCE", async () => {
    const pub = await publish(organiser.token, { final: true });
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    const schedule = pub.body as Schedule;
    for (const org of [...buyers, ...suppliers]) {
      const mail = await catcher.waitFor(
        (m) => m.to.includes(`kari.${org.id}@example.no`) && m.subject.startsWith("Møteplan"),
        10_000,
      );
      assert.match(mail.text, /den endelige møteplanen/);
      assert.ok(mail.text.includes(`agenda.ics?org=${org.id}`));
    }
    type Notice = { kind: string; state: string };
    const agendaNotices = (res: { body: { items: Notice[] } }) => res.body.items.filter((n) => n.kind === "agenda");
    // Sent by the notification worker: the ledger says so a moment after the mail arrived.
    const notices = await eventually(
      () => h.http.get(`/api/v1/conferences/${conferenceId}/notices`).set(...bearer(organiser.token)),
      (res) => agendaNotices(res).every((n) => n.state === "sent"),
    );
    const agendas = agendaNotices(notices);
    assert.equal(agendas.length, 5);
    assert.ok(agendas.every((n) => n.state === "sent"));

    const buyer = buyers[1]!;
    const first = await ics(buyer);
    assert.equal(first.status, 200, first.text);
    assert.match(first.headers["content-type"] ?? "", /^text\/calendar/);
    const parsed = (text: string) => {
      const cal = new ICAL.Component(ICAL.parse(text));
      const tz = cal.getFirstSubcomponent("vtimezone");
      assert.equal(tz?.getFirstPropertyValue("tzid"), "Europe/Oslo");
      ICAL.TimezoneService.register(new ICAL.Timezone(tz!));
      return cal.getAllSubcomponents("vevent").map((v) => {
        const e = new ICAL.Event(v);
        assert.equal(v.getFirstProperty("dtstart")?.getParameter("tzid"), "Europe/Oslo");
        return { uid: e.uid, sequence: e.sequence, start: e.startDate.toJSDate().toISOString(), location: e.location };
      });
    };
    const before = parsed(first.text);
    const own = schedule.meetings.filter((m) => m.buyerOrgId === buyer.id);
    assert.equal(before.length, own.length);
    for (const m of own) {
      const event = before.find((e) => e.uid === `${m.requestId}@markedsdialog.no`);
      assert.ok(event, `no event for ${m.requestId}`);
      assert.equal(event.start, new Date(m.start).toISOString());
      assert.equal(event.sequence, m.sequence);
    }

    // The organiser renames the tables: every meeting changes table, none changes request.
    const conference = await h.http.get(`/api/v1/conferences/${conferenceId}`);
    const patched = await h.http
      .patch(`/api/v1/conferences/${conferenceId}`)
      .set(...bearer(organiser.token))
      .send({ meetings: { ...conference.body.meetings, tables: ["Rom 1", "Rom 2"] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const regenerated = await generate(organiser.token, { seed: 7 });
    assert.equal(regenerated.status, 201, JSON.stringify(regenerated.body));
    assert.equal(regenerated.body.moved, schedule.meetings.length, "every published meeting moved table");
    assert.equal((await publish(organiser.token, { final: true })).status, 200);
    const after = parsed((await ics(buyer)).text);
    assert.deepEqual(after.map((e) => e.uid).sort(), before.map((e) => e.uid).sort(), "same UIDs");
    for (const e of after) {
      const old = before.find((b) => b.uid === e.uid)!;
      assert.ok(e.sequence > old.sequence, `SEQUENCE of ${e.uid} went from ${old.sequence} to ${e.sequence}`);
      assert.match(e.location ?? "", /^Rom [12],/);
    }
  });

  it("when the organiser downloads the CSV, then formula-looking cells are neutralised; others are refused", async () => {
    const res = await h.http.get(`/api/v1/conferences/${conferenceId}/schedule.csv`).set(...bearer(organiser.token));
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers["content-type"] ?? "", /^text\/csv/);
    const lines = res.text.trimEnd().split("\r\n");
    assert.match(lines[0]!, /^start,end,table,/);
    const row = lines.find((l) => l.includes(accepted[0]!));
    assert.ok(row, "the request with the formula-looking pitch is scheduled");
    assert.ok(row.includes(`"'=HYPERLINK(""https://evil.example"",""klikk"")"`), row);
    assert.ok(
      !/(^|,)[=+\-@]/.test(res.text.split("\r\n").slice(1).join("\n")),
      "no cell starts with a formula character",
    );
    const denied = await h.http
      .get(`/api/v1/conferences/${conferenceId}/schedule.csv`)
      .set(...bearer(buyers[0]!.token));
    assert.equal(denied.status, 403);
  });

  it("when the organiser prints the grid, then every meeting is in its slot's row under its table; others are refused", async () => {
    const path = `/api/v1/conferences/${conferenceId}/schedule.html`;
    const res = await h.http.get(path).set(...bearer(organiser.token));
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers["content-type"] ?? "", /^text\/html/);
    assert.match(res.headers["content-security-policy"] ?? "", /default-src 'none'/);
    const schedule = (await h.http.get(`/api/v1/conferences/${conferenceId}/schedule`).set(...bearer(organiser.token)))
      .body as Schedule;
    const header = res.text.match(/<thead><tr>(.*?)<\/tr><\/thead>/)?.[1] ?? "";
    const columns = [...header.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(columns, ["Tid", "Rom 1", "Rom 2"]);
    const names = new Map([...buyers, ...suppliers].map((o) => [o.id, o.name]));
    const rows = [...res.text.matchAll(/<tr><th>(\d\d:\d\d)<\/th>(.*?)<\/tr>/g)].map((m) => ({
      time: m[1],
      cells: [...m[2]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]),
    }));
    for (const m of schedule.meetings) {
      const row = rows.find((r) => r.time === m.start.slice(11, 16));
      assert.ok(row, `no row for ${m.start}`);
      assert.equal(
        row.cells[columns.indexOf(m.table) - 1],
        `${names.get(m.buyerOrgId)}<br>${names.get(m.supplierOrgId)}`,
      );
    }
    assert.equal((await h.http.get(path).set(...bearer(suppliers[0]!.token))).status, 403);
  });

  it("when the buyer downloads a need's contact record, then each request about it is there with its meeting's time; others are refused", async () => {
    const path = `/api/v1/needs/${needWithMeeting}/contacts.csv`;
    const res = await h.http.get(path).set(...bearer(buyers[0]!.token));
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers["content-type"] ?? "", /^text\/csv/);
    const lines = res.text.trimEnd().split("\r\n");
    assert.equal(lines.length, 2, res.text);
    const request = accepted.at(-1)!;
    const schedule = await h.http.get(`/api/v1/conferences/${conferenceId}/schedule`).set(...bearer(organiser.token));
    const meeting = (schedule.body as Schedule).meetings.find((m) => m.requestId === request);
    assert.ok(meeting, "the request about the need is scheduled");
    assert.ok(lines[1]!.includes(request) && lines[1]!.includes(",accepted,"), lines[1]);
    assert.ok(lines[1]!.includes(`,${meeting.start},${meeting.end},${meeting.table},final`), lines[1]);
    assert.ok(
      lines[1]!.includes(`"'@SUM(A1) Vi viser sensorene"`) || lines[1]!.includes(",'@SUM(A1) Vi viser sensorene,"),
      lines[1],
    );
    assert.equal((await h.http.get(path).set(...bearer(suppliers[1]!.token))).status, 403);
    assert.equal((await h.http.get(path).set(...bearer(buyers[1]!.token))).status, 403);
    assert.equal((await h.http.get(path)).status, 401);
    assert.equal(
      (await h.http.get(`/api/v1/needs/${"0".repeat(24)}/contacts.csv`).set(...bearer(buyers[0]!.token))).status,
      404,
    );
  });
});
