/**
 * Conference reminders, as delayed `conference-remind` jobs with ids from conference, kind and date
 * (`conferenceId-reminder_deadline-<ms>`): before the registration deadline (CONFERENCE_DEADLINE_LEAD, to
 * the invited suppliers not registered; only with linked needs) and before the start
 * (CONFERENCE_DAY_BEFORE_LEAD, to the registered participants). Kept in line by every write that moves a
 * date, publishes or cancels: the old date's job is removed, the new one added. A job that fires for a
 * date the conference no longer has, or a conference not published, does nothing, so a removal that was
 * missed changes nothing. The worker schedules every published conference's at start (jobs Redis lost).
 */
import type { Queue } from "bullmq";
import { reminderDueAt, type ReminderLead } from "../notifications/reminder-time";
import { isObjectId } from "../platform/ids";
import { conferenceRemindJobId, type ConferenceRemindJob } from "../queues";
import { Conference, type ConferenceRecord } from "./conference.model";
import { recordMessage, type ConferenceComms } from "./messages";
import { dayBeforeReminderMessage, deadlineReminderMessage } from "./message-texts";

export interface ConferenceLeads {
  deadlineLead: ReminderLead;
  dayBeforeLead: ReminderLead;
}

type Dates = Pick<ConferenceRecord, "_id" | "registrationDeadline" | "startsAt" | "needIds">;

function points(c: Dates) {
  return [
    ...(c.needIds.length ? [{ kind: "reminder_deadline" as const, at: c.registrationDeadline }] : []),
    { kind: "reminder_day_before" as const, at: c.startsAt },
  ];
}

const jobOf = (c: Dates, kind: ConferenceRemindJob["kind"], at: Date): ConferenceRemindJob => ({
  conferenceId: c._id.toString(),
  kind,
  date: at.getTime(),
});

/** The jobs the conference should have, seen from `now`: none unless published, none already due. */
export function conferenceReminderJobs(c: ConferenceRecord, leads: ConferenceLeads, now = new Date()) {
  if (c.status !== "published") return [];
  return points(c).flatMap(({ kind, at }) => {
    const lead = kind === "reminder_deadline" ? leads.deadlineLead : leads.dayBeforeLead;
    const delay = reminderDueAt({ kind, at, dateOnly: false }, lead).getTime() - now.getTime();
    if (delay <= 0) return [];
    const data = jobOf(c, kind, at);
    return [{ name: "remind", data, opts: { jobId: conferenceRemindJobId(data), delay } }];
  });
}

/** After a write: the jobs of the dates it left removed, those the conference has now added (ids collapse). */
export async function syncConferenceReminders(
  before: ConferenceRecord | undefined,
  after: ConferenceRecord,
  comms: ConferenceComms | undefined,
) {
  const reminders = comms?.reminders;
  if (!reminders) return;
  try {
    const wanted = conferenceReminderJobs(after, reminders);
    const keep = new Set(wanted.map((j) => j.opts.jobId));
    const old = [...(before ? points(before) : []), ...points(after)].map(({ kind, at }) =>
      conferenceRemindJobId(jobOf(after, kind, at)),
    );
    for (const id of new Set(old)) if (!keep.has(id)) await reminders.queue.remove(id);
    if (wanted.length) await reminders.queue.addBulk(wanted);
  } catch (err) {
    // The write stands; the worker's start-up schedule, and the guard when a stale job fires, cover it.
    comms.onError?.(err);
  }
}

/** Every published conference's reminders (the worker at start); ids collapse across workers. */
export async function scheduleAllConferenceReminders(
  queue: Queue<ConferenceRemindJob>,
  leads: ConferenceLeads,
  now = new Date(),
) {
  const published = await Conference.find({ status: "published" }).lean<ConferenceRecord[]>();
  const jobs = published.flatMap((c) => conferenceReminderJobs(c, leads, now));
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  return jobs.length;
}

/** A reminder fires: the guard, then its message recorded (once: the slug carries the date). */
export async function fireConferenceReminder(
  job: ConferenceRemindJob,
): Promise<{ outcome: "skipped"; why: string } | { outcome: "recorded"; messageId: string }> {
  const c = isObjectId(job.conferenceId) ? await Conference.findById(job.conferenceId).lean<ConferenceRecord>() : null;
  if (!c || c.status !== "published") return { outcome: "skipped", why: `the conference is ${c?.status ?? "gone"}` };
  const at = job.kind === "reminder_deadline" ? c.registrationDeadline : c.startsAt;
  if (at.getTime() !== job.date) return { outcome: "skipped", why: "the conference no longer has this date" };
  if (job.kind === "reminder_deadline" && c.needIds.length === 0)
    return { outcome: "skipped", why: "no linked needs, nobody invited" };
  const message = job.kind === "reminder_deadline" ? deadlineReminderMessage(c) : dayBeforeReminderMessage(c);
  return { outcome: "recorded", messageId: await recordMessage(c, message) };
}
