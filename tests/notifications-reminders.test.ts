/**
 * Milestone reminders end to end, with REMINDER_LEAD=2d (exactly 48 hours before the milestone), so a
 * milestone 48 hours and some seconds ahead is reminded of in seconds: the delayed job scheduled by the
 * worker after the publication's fan-out, the inbox item and the e-mail (real SMTP, the mail catcher),
 * the buyer's record; a moved date and a cancelled need, and reminder jobs that fire although they should
 * have been removed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Job, Queue } from "bullmq";
import { createQueue, DeliveryEntry, QUEUES, type DeliveryRecord, type RemindJob } from "@markedsdialog/core";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

const LEAD_MS = 48 * 3_600_000;
/** A milestone whose reminder (48 h before it) is due `seconds` from now, on a whole second. */
const milestoneIn = (seconds: number) => new Date(Math.ceil((Date.now() + LEAD_MS + seconds * 1000) / 1000) * 1000);
const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

const osloWhen = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Oslo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

describe("when a need's milestone comes near, then the suppliers told of the need are reminded once", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let remind: Queue<RemindJob>;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("remind", { SMTP_URL: catcher.url, MEILI_URL: "", REMINDER_LEAD: "2d" }, { workers: true });
    remind = createQueue<RemindJob>(QUEUES.remind, h.ctx.redis, h.config.QUEUE_PREFIX);
  });
  after(async () => {
    await remind.obliterate({ force: true }).catch(() => undefined);
    await remind.close();
    await h.close();
    await catcher.stop();
  });

  async function supplier(buyerId: string, frequency = "instant") {
    const s = await h.organization("supplier");
    const email = `remind.${s.id}@example.no`;
    const sub = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(s.token))
      .send({ channels: ["inapp", "email"], frequency, buyers: [buyerId], email });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    return { ...s, email };
  }

  async function publish(buyer: { token: string }, title: string, at: Date) {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(
        needBody({
          status: "published",
          title,
          milestones: [
            { kind: "dialogue_conference", title: "Dialogkonferanse", date: iso(at), location: "Ski rådhus" },
          ],
        }),
      );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  }

  /** Until every supplier named has been told of the need (its ledger records sent). */
  const told = (needId: string, suppliers: { id: string }[]) =>
    eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      (rows) => suppliers.every((s) => rows.some((r) => r.supplierId === s.id && r.state === "sent")),
      30_000,
    );

  const keyOf = (needId: string, at: Date) => `${needId}-r-dialogue_conference-${at.getTime()}`;
  const reminderRows = async (key: string) => await DeliveryEntry.find({ reminderKey: key }).lean<DeliveryRecord[]>();
  const reminders = (email: string) =>
    catcher.messages().filter((m) => m.to.includes(email) && m.subject.startsWith("Påminnelse"));
  const finished = (id: string) =>
    eventually(
      () => remind.getJob(id) as Promise<Job<RemindJob> | undefined>,
      (job) => Boolean(job?.finishedOn),
      30_000,
    ).then((job) => job!.returnvalue as { outcome: string; why?: string; deliveries?: number });

  it("when a need's dialogue conference is two days ahead, then each supplier told of it gets one inbox reminder and one Norwegian e-mail, the same for all, and the buyer's record lists them", async () => {
    const buyer = await h.organization("buyer");
    const [a, b] = [await supplier(buyer.id), await supplier(buyer.id)];
    const waiting = await supplier(buyer.id, "daily");
    const at = milestoneIn(12);
    const title = "Utslippsfri vinterdrift i Ski sentrum";
    const needId = await publish(buyer, title, at);
    await told(needId, [a!, b!]);

    const job = await eventually(
      () => remind.getJob(keyOf(needId, at)),
      (j) => j !== undefined,
    );
    assert.equal(await job!.getState(), "delayed");
    assert.equal(job!.timestamp + job!.delay, at.getTime() - LEAD_MS, "due 48 hours before the milestone");

    const mail = await catcher.waitFor((m) => m.to.includes(a!.email) && m.subject.startsWith("Påminnelse"), 40_000);
    assert.ok(mail.receivedAt.getTime() >= at.getTime() - LEAD_MS, "not before it was due");
    assert.equal(mail.subject, `Påminnelse: dialogkonferansen for «${title}» er om 2 dager`);
    const [day, time] = osloWhen.format(at).split(" ");
    assert.ok(mail.text.includes(`er om 2 dager (${day} kl. ${time}).`), mail.text);
    assert.match(mail.text, /Sted: Ski rådhus/);
    assert.ok(mail.text.includes(`/api/v1/needs/${needId}`));
    assert.equal(mail.headers["message-id"], `<${keyOf(needId, at)}-${a!.id}-email@markedsdialog.no>`);
    assert.match(mail.headers["list-unsubscribe"] ?? "", /\/api\/v1\/unsubscribe\//);

    for (const s of [a!, b!]) {
      const box = await eventually(
        async () =>
          (
            (await h.http.get("/api/v1/inbox").set(...bearer(s.token))).body.items as {
              kind: string;
              needId: string;
              summary: string;
            }[]
          ).filter((i) => i.kind === "reminder"),
        (items) => items.length === 1,
      );
      assert.equal(box[0]!.needId, needId);
      assert.match(
        box[0]!.summary,
        /^Påminnelse: dialogkonferansen for «.+» er om 2 dager \(\d{4}-\d\d-\d\d kl\. \d\d:\d\d\)\.$/,
      );
    }
    await catcher.waitFor((m) => m.to.includes(b!.email) && m.subject.startsWith("Påminnelse"), 10_000);
    // Each delivery is marked sent just after it went.
    await eventually(
      () => reminderRows(keyOf(needId, at)),
      (list) => list.length === 4 && list.every((r) => r.state === "sent"),
    );

    const res = await h.http.get(`/api/v1/needs/${needId}/notifications`).set(...bearer(buyer.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const rows = (
      res.body.items as {
        supplierId: string;
        via: string;
        state: string;
        channel: string;
        contentHash: string;
        reminder?: { milestone: string; date: string };
      }[]
    ).filter((i) => i.via === "reminder");
    assert.deepEqual(
      rows.map((r) => `${r.supplierId} ${r.channel}`).sort(),
      [`${a!.id} email`, `${a!.id} inapp`, `${b!.id} email`, `${b!.id} inapp`].sort(),
      "the suppliers told, on their channels; the one whose digest has not gone yet was told nothing",
    );
    assert.ok(!rows.some((r) => r.supplierId === waiting.id));
    assert.ok(
      rows.every(
        (r) =>
          r.state === "sent" && r.reminder?.milestone === "dialogue_conference" && r.reminder.date === at.toISOString(),
      ),
    );
    assert.equal(new Set(rows.map((r) => r.contentHash)).size, 1, "every recipient reminded in the same words");
    assert.equal(res.body.versions[0].sent, 4, "the version's own deliveries: reminders are not counted in");

    // A rerun of the same reminder (a second job for it) inserts nothing new and sends nothing again.
    assert.equal((await finished(keyOf(needId, at))).outcome, "reminded");
    await remind.add("remind", job!.data, { jobId: `${keyOf(needId, at)}-rerun` });
    const rerun = await finished(`${keyOf(needId, at)}-rerun`);
    assert.equal(rerun.outcome, "reminded");
    assert.equal((await reminderRows(keyOf(needId, at))).length, 4);
    assert.equal(reminders(a!.email).length, 1);
    assert.equal(reminders(b!.email).length, 1);
  });

  let moved = { needId: "", from: new Date(0), to: new Date(0) };
  let cancelled = { needId: "", at: new Date(0) };

  it("when a milestone's date moves, then only the new date's reminder arrives; when the need is cancelled, none does", async () => {
    const buyer = await h.organization("buyer");
    const s = await supplier(buyer.id);
    moved = { needId: "", from: milestoneIn(15), to: milestoneIn(30) };
    cancelled = { needId: "", at: milestoneIn(15) };
    moved.needId = await publish(buyer, "Brøyting av skoleveier", moved.from);
    cancelled.needId = await publish(buyer, "Strøing av trapper", cancelled.at);
    await told(moved.needId, [s]);
    await told(cancelled.needId, [s]);
    assert.ok(await remind.getJob(keyOf(moved.needId, moved.from)));
    assert.ok(await remind.getJob(keyOf(cancelled.needId, cancelled.at)));

    const patch = await h.http
      .patch(`/api/v1/needs/${moved.needId}`)
      .set(...bearer(buyer.token))
      .send({ milestones: [{ kind: "dialogue_conference", title: "Dialogkonferanse", date: iso(moved.to) }] });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const cancel = await h.http
      .post(`/api/v1/needs/${cancelled.needId}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "cancelled" });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));

    await eventually(
      () => remind.getJob(keyOf(moved.needId, moved.from)),
      (j) => j === undefined,
    );
    await eventually(
      () => remind.getJob(keyOf(cancelled.needId, cancelled.at)),
      (j) => j === undefined,
    );
    assert.equal(await (await remind.getJob(keyOf(moved.needId, moved.to)))?.getState(), "delayed");

    // The new date's reminder is due after both removed ones: once it is here, they would have been too.
    const mail = await catcher.waitFor((m) => m.to.includes(s.email) && m.subject.startsWith("Påminnelse"), 60_000);
    assert.ok(mail.subject.includes("Brøyting av skoleveier"), mail.subject);
    assert.ok(Date.now() > cancelled.at.getTime() - LEAD_MS && Date.now() > moved.from.getTime() - LEAD_MS);
    assert.equal(reminders(s.email).length, 1);
    assert.deepEqual(await reminderRows(keyOf(moved.needId, moved.from)), []);
    assert.deepEqual(await reminderRows(keyOf(cancelled.needId, cancelled.at)), []);
    assert.equal((await reminderRows(keyOf(moved.needId, moved.to))).length, 2);
  });

  it("when a reminder job fires although it should have been removed (a date the need no longer has, a cancelled need), then it does nothing", async () => {
    const stale = { needId: moved.needId, milestone: "dialogue_conference", date: moved.from.getTime() };
    const closed = { needId: cancelled.needId, milestone: "dialogue_conference", date: cancelled.at.getTime() };
    await remind.add("remind", stale, { jobId: "guard-moved" });
    await remind.add("remind", closed, { jobId: "guard-cancelled" });
    assert.deepEqual(await finished("guard-moved"), {
      outcome: "skipped",
      why: "the need no longer has this milestone on this date",
    });
    assert.deepEqual(await finished("guard-cancelled"), { outcome: "skipped", why: "the need is cancelled" });
    assert.deepEqual(await reminderRows(keyOf(moved.needId, moved.from)), []);
    assert.deepEqual(await reminderRows(keyOf(cancelled.needId, cancelled.at)), []);
  });
});
