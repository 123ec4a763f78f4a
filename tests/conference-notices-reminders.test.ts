/**
 * Conference reminders as delayed jobs of the real worker, with leads of seconds so they fall due during
 * the test: before the registration deadline to invited suppliers not registered, before the start to the
 * registered participants; a moved or cancelled conference's old reminder does not fire.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { conferenceRemindJobId } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

type Org = { id: string; token: string; name: string };
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const second = 1000;
const day = 24 * 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("conference reminders are delayed jobs that follow the conference's dates", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let organiser: Org;
  let buyer: Org;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness(
      "confremind",
      {
        MEILI_URL: "",
        SMTP_URL: catcher.url,
        CONFERENCE_DEADLINE_LEAD: "10s",
        CONFERENCE_DAY_BEFORE_LEAD: "10s",
      },
      { workers: true },
    );
    organiser = await h.organization("organiser");
    buyer = await h.organization("buyer");
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  const create = async (body: object) => {
    const res = await h.http
      .post("/api/v1/conferences")
      .set(...bearer(organiser.token))
      .send({
        title: "Leverandørdag om skoleskyss",
        venue: "Askim kulturhus",
        endsAt: new Date(Date.now() + 2 * day).toISOString(),
        capacity: 20,
        status: "published",
        ...body,
      });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as Body;
  };
  const register = async (id: string, org: Org) => {
    const res = await h.http
      .post(`/api/v1/conferences/${id}/registrations`)
      .set(...bearer(org.token))
      .send({ participants: [{ name: "Kari Nordmann", email: `kari.${org.id}@example.no` }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const reminderMails = (org: Org) =>
    catcher.messages().filter((m) => m.to.includes(`kari.${org.id}@example.no`) && m.subject.startsWith("Påminnelse"));

  it("when the deadline and the start come near, then the invited who did not register and the registered are reminded, once each", async () => {
    const need = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", cpv: ["60130000"], title: "Skoleskyss i Indre Østfold" }));
    assert.equal(need.status, 201, JSON.stringify(need.body));
    const late = await h.organization("supplier");
    const early = await h.organization("supplier");
    for (const org of [late, early]) {
      const sub = await h.http
        .post("/api/v1/subscriptions")
        .set(...bearer(org.token))
        .send({ channels: ["email"], frequency: "instant", cpv: ["60000000"], email: `kari.${org.id}@example.no` });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
    }
    const now = Date.now();
    const c = await create({
      needIds: [need.body.id],
      registrationDeadline: new Date(now + 20 * second).toISOString(),
      startsAt: new Date(now + 25 * second).toISOString(),
    });
    const id = c.id as string;
    const queued = await h.ctx.queues.conferenceRemind.getJob(
      conferenceRemindJobId({ conferenceId: id, kind: "reminder_deadline", date: now + 20 * second }),
    );
    assert.equal(await queued?.getState(), "delayed");
    await register(id, early);

    const deadline = await catcher.waitFor(
      (m) => m.to.includes(`kari.${late.id}@example.no`) && m.subject.startsWith("Påminnelse: påmeldingsfristen"),
      40_000,
    );
    assert.match(deadline.text, /Dere er invitert til «Leverandørdag om skoleskyss»/);
    const start = await catcher.waitFor(
      (m) => m.to.includes(`kari.${early.id}@example.no`) && m.subject.startsWith("Påminnelse: Leverandørdag"),
      40_000,
    );
    assert.match(start.text, /^Hei Kari Nordmann,/);
    const ledger = await eventually(
      async () =>
        (await h.http.get(`/api/v1/conferences/${id}/deliveries`).set(...bearer(organiser.token))).body as Body,
      (b) => b.items.filter((d: Body) => d.topic.startsWith("reminder") && d.state === "sent").length === 3,
      20_000,
    );
    const reminders = ledger.items.filter((d: Body) => d.topic.startsWith("reminder"));
    assert.deepEqual(reminders.map((d: Body) => [d.topic, d.supplierId, d.channel]).sort(), [
      ["reminder_day_before", early.id, "email"],
      ["reminder_day_before", early.id, "inapp"],
      ["reminder_deadline", late.id, "email"],
    ]);
    assert.equal(reminderMails(early).length, 1, "the registered one gets no deadline reminder");
    assert.equal(reminderMails(late).length, 1, "the unregistered one gets no day-before reminder");
  });

  it("when a conference is moved or cancelled, then its old reminders are removed, and one that fires anyway does nothing", async () => {
    const now = Date.now();
    // Due at +15 s (10 s before the start): the changes below come well before.
    const times = { registrationDeadline: new Date(now + 25 * second), startsAt: new Date(now + 25 * second) };
    const moved = await create({ ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.toISOString()])) });
    const cancelled = await create({
      ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.toISOString()])),
    });
    const movedOrg = await h.organization("supplier");
    const cancelledOrg = await h.organization("buyer");
    await register(moved.id, movedOrg);
    await register(cancelled.id, cancelledOrg);
    const oldJob = (id: string) =>
      conferenceRemindJobId({ conferenceId: id, kind: "reminder_day_before", date: times.startsAt.getTime() });
    assert.equal(await (await h.ctx.queues.conferenceRemind.getJob(oldJob(moved.id)))?.getState(), "delayed");

    const later = new Date(now + 3 * day);
    const patch = await h.http
      .patch(`/api/v1/conferences/${moved.id}`)
      .set(...bearer(organiser.token))
      .send({ startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3_600_000).toISOString() });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const cancel = await h.http
      .post(`/api/v1/conferences/${cancelled.id}/cancel`)
      .set(...bearer(organiser.token))
      .send({ reason: "Værvarsel" });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));

    const queue = h.ctx.queues.conferenceRemind;
    assert.equal(await queue.getJob(oldJob(moved.id)), undefined, "the moved date's job is removed");
    assert.equal(await queue.getJob(oldJob(cancelled.id)), undefined, "the cancelled conference's job is removed");
    const next = await queue.getJob(
      conferenceRemindJobId({ conferenceId: moved.id, kind: "reminder_day_before", date: later.getTime() }),
    );
    assert.equal(await next?.getState(), "delayed", "the new date has its job");

    // A job for the old date that a removal missed fires, and tells nobody.
    const stale = await queue.add(
      "remind",
      { conferenceId: moved.id, kind: "reminder_day_before", date: times.startsAt.getTime() },
      { jobId: `${oldJob(moved.id)}-stale` },
    );
    const outcome = await eventually(
      async () => ((await queue.getJob(stale.id!)) ?? stale).returnvalue as Body | null,
      (value) => value !== null && value !== undefined,
      20_000,
    );
    assert.deepEqual(outcome, { outcome: "skipped", why: "the conference no longer has this date" });

    await sleep(Math.max(0, now + 18 * second - Date.now()));
    await catcher.waitFor((m) => m.to.includes(`kari.${movedOrg.id}@example.no`) && m.subject.startsWith("Endring"));
    assert.deepEqual(reminderMails(movedOrg), [], "no reminder of the old date");
    assert.deepEqual(reminderMails(cancelledOrg), [], "no reminder of a cancelled conference");
  });
});
