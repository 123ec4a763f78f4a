/**
 * Milestone reminders. Each dated milestone of an open need (the timeline's dialogue opening and planned
 * notice, each dated milestone) gets one delayed `remind` job at REMINDER_LEAD before it, jobId
 * `needId-r-kind-dateMs`. The worker keeps them in line after every need version's fan-out (match-need):
 * added on publication, a moved date's job removed and the new one added, all removed when the need is
 * cancelled or awarded. A job that fires for a need no longer open, or a date the need no longer has, does
 * nothing, so a removal that was missed changes nothing. When it fires, everyone told of the need (the
 * ledger) is reminded on the channels they were told on: one ledger record per (reminder, supplier,
 * channel), inserted once, then one deliver job each, as for a need version.
 */
import type { Queue } from "bullmq";
import { isOpenNeedStatus, OPEN_NEED_STATUSES } from "../needs/lifecycle";
import { Need, type NeedRecord } from "../needs/need.model";
import { isDuplicateKey, isObjectId } from "../platform/ids";
import type { RemindJob } from "../queues";
import type { Channel } from "../subscriptions/subscription.model";
import { reminderHash, reminderLine, type ReminderContent } from "./content";
import {
  DeliveryEntry,
  EmailOptOut,
  NotifyEvent,
  type DeliveryRecord,
  type NotifyEventRecord,
} from "./notification.model";
import { Reminder, type ReminderRecord } from "./reminder.model";
import {
  daysUntil,
  reminderDueAt,
  reminderKey,
  reminderPoints,
  shownWhen,
  type NeedDates,
  type ReminderLead,
  type ReminderPoint,
} from "./reminder-time";

export interface ReminderDeps {
  lead: ReminderLead;
  publicUrl: string;
}

/** The reminder jobs the need should have, seen from `now`: none unless open, none already past. */
export function reminderJobsOf(need: NeedRecord, lead: ReminderLead, now: Date) {
  if (!isOpenNeedStatus(need.status)) return [];
  const needId = need._id.toString();
  return reminderPoints(need).flatMap((point) => {
    const delay = reminderDueAt(point, lead).getTime() - now.getTime();
    if (delay <= 0) return [];
    const data: RemindJob = { needId, milestone: point.kind, date: point.at.getTime() };
    const opts = { jobId: reminderKey(needId, point.kind, point.at), timestamp: now.getTime(), delay };
    return [{ name: "remind", data, opts }];
  });
}

/** The dates a version's change moved away from (the `from` of its timeline and milestones changes). */
function datesBefore(event: NotifyEventRecord): NeedDates {
  const from = (field: string) => event.changes.find((c) => c.field === field)?.from;
  const timeline = from("timeline");
  const milestones = from("milestones");
  return {
    timeline: timeline && typeof timeline === "object" ? (timeline as NeedDates["timeline"]) : undefined,
    milestones: Array.isArray(milestones) ? (milestones as NeedDates["milestones"]) : undefined,
  };
}

/**
 * After one need version's event: its reminders follow the need as it is now. Jobs of dates the change
 * moved away from, and every job of a need no longer open, are removed (a job running at that moment
 * cannot be, and does nothing when it sees the need); those it should have are added (ids collapse).
 * `written`: the event and the need as that version's writer wrote them (outbox.ts: writtenNotice), read
 * neither again. Should a later version's job have run first, this adds that version's dates again, and
 * a reminder of a date the need no longer has does nothing when it fires (fireReminder).
 */
export async function syncNeedReminders(
  eventId: string,
  queue: Queue<RemindJob>,
  lead: ReminderLead,
  now = new Date(),
  written?: { event: NotifyEventRecord; need: NeedRecord },
) {
  const event = written?.event ?? (await NotifyEvent.findById(eventId).lean<NotifyEventRecord>());
  if (!event || !isObjectId(event.needId)) return { scheduled: 0, unscheduled: 0 };
  const need = written?.need ?? (await Need.findById(event.needId).lean<NeedRecord>());
  const wanted = need ? reminderJobsOf(need, lead, now) : [];
  const keep = new Set(wanted.map((j) => j.opts.jobId));
  const gone: ReminderPoint[] = [
    ...reminderPoints(datesBefore(event)),
    ...(need && !isOpenNeedStatus(need.status) ? reminderPoints(need) : []),
  ];
  const stale = new Set(gone.map((p) => reminderKey(event.needId, p.kind, p.at)).filter((id) => !keep.has(id)));
  for (const id of stale) await queue.remove(id); // 0 when running (locked); a job not there counts as removed
  if (wanted.length) await queue.addBulk(wanted);
  return { scheduled: wanted.length, unscheduled: stale.size };
}

/** Every open need's reminders scheduled (the worker at start: jobs Redis lost come back; ids collapse). */
export async function scheduleAllReminders(queue: Queue<RemindJob>, lead: ReminderLead, now = new Date()) {
  let scheduled = 0;
  for (const status of OPEN_NEED_STATUSES) {
    const needs = await Need.find({ status }, { status: 1, timeline: 1, milestones: 1 }).lean<NeedRecord[]>();
    const jobs = needs.flatMap((need) => reminderJobsOf(need, lead, now));
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    scheduled += jobs.length;
  }
  return scheduled;
}

function reminderContentOf(need: NeedRecord, point: ReminderPoint, due: Date, publicUrl: string): ReminderContent {
  const days = daysUntil(point, due);
  return {
    kind: "reminder",
    needId: need._id.toString(),
    needVersion: need.version,
    title: need.title,
    buyerName: need.buyerName,
    milestone: point.kind,
    date: point.at.toISOString(),
    when: shownWhen(point),
    inDays: days,
    line: reminderLine(point.kind, point.title, need.title, days),
    ...(point.location && { location: point.location }),
    link: `${publicUrl.replace(/\/$/, "")}/api/v1/needs/${need._id.toString()}`,
  };
}

/** The reminder's content, fixed by its first run (a rerun reads it). */
async function fixContent(key: string, need: NeedRecord, point: ReminderPoint, deps: ReminderDeps) {
  const existing = await Reminder.findById(key).lean<ReminderRecord>();
  if (existing) return existing;
  // Days counted from when it was due, so the words do not depend on how late the job ran.
  const content = reminderContentOf(need, point, reminderDueAt(point, deps.lead), deps.publicUrl);
  const doc = { _id: key, needId: content.needId, milestone: point.kind, date: point.at, content };
  try {
    return (await Reminder.create({ ...doc, contentHash: reminderHash(content) })).toObject() as ReminderRecord;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return (await Reminder.findById(key).lean<ReminderRecord>())!;
  }
}

/** Suppliers told of the need, each on the channels it was told on (the newest target of each). */
async function toldOf(needId: string): Promise<Map<string, Map<Channel, string | undefined>>> {
  const rows = await DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>();
  rows.sort((a, b) => (a.needVersion ?? 0) - (b.needVersion ?? 0));
  const told = new Map<string, Map<Channel, string | undefined>>();
  for (const d of rows) {
    if (d.state !== "sent" || d.via === "reminder") continue;
    const channels = told.get(d.supplierId) ?? told.set(d.supplierId, new Map()).get(d.supplierId)!;
    channels.set(d.channel, d.target);
  }
  return told;
}

export type RemindOutcome =
  | { outcome: "skipped"; why: string }
  | {
      outcome: "reminded";
      /** The pending records written (or there from an earlier run), to hand on to the deliver queues. */
      records: { _id: string; channel: Channel; supplierId: string; target?: string }[];
      needVersion: number;
      recipients: number;
    };

/** A reminder job fires: the guard, the content, one ledger record per recipient and channel. */
export async function fireReminder(job: RemindJob, deps: ReminderDeps): Promise<RemindOutcome> {
  const need = isObjectId(job.needId) ? await Need.findById(job.needId).lean<NeedRecord>() : null;
  if (!need || !isOpenNeedStatus(need.status))
    return { outcome: "skipped", why: `the need is ${need?.status ?? "gone"}` };
  const point = reminderPoints(need).find((p) => p.kind === job.milestone && p.at.getTime() === job.date);
  if (!point) return { outcome: "skipped", why: "the need no longer has this milestone on this date" };
  const key = reminderKey(job.needId, point.kind, point.at);
  const reminder = await fixContent(key, need, point, deps);
  const told = await toldOf(job.needId);
  const optedOut = new Set(
    (
      await Promise.all(
        [...told]
          .filter(([, c]) => c.has("email"))
          .map(async ([id]) => ((await EmailOptOut.exists({ _id: id })) ? id : "")),
      )
    ).filter(Boolean),
  );
  const rows = [...told].flatMap(([supplierId, channels]) =>
    [...channels]
      .filter(([channel]) => channel !== "email" || !optedOut.has(supplierId))
      .map(([channel, target]) => ({
        _id: `${key}-${supplierId}-${channel}`,
        needId: job.needId,
        needVersion: need.version,
        supplierId,
        channel,
        ...(target && { target }),
        contentHash: reminder.contentHash,
        state: "pending" as const,
        via: "reminder" as const,
        reminderKey: key,
      })),
  );
  for (let i = 0; i < rows.length; i += 16)
    await Promise.all(
      rows.slice(i, i + 16).map((row) =>
        DeliveryEntry.create(row).catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        }),
      ),
    );
  await Reminder.updateOne({ _id: key }, { $set: { recipients: told.size } });
  return { outcome: "reminded", records: rows, needVersion: need.version, recipients: told.size };
}
