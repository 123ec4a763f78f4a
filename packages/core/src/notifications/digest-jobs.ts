/**
 * Digest scheduling: one BullMQ delayed job per subscription and due instant (jobId from both, so
 * scheduling twice makes one job). The API schedules on every subscription write; the worker schedules
 * every digest subscription at start and every DIGEST_SWEEP_MS, so jobs Redis lost come back; each run
 * schedules the next. A job whose due instant the schedule no longer has does nothing (digests.ts).
 */
import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { digestJobId, type DigestJob } from "../queues";
import { nextDigestAt, type DigestSchedule, type Frequency } from "../subscriptions/digest";
import { Subscription } from "../subscriptions/subscription.model";
import { DigestEntry } from "./digest.model";

/** What scheduling reads of a subscription record. */
export interface Schedulable {
  _id: { toString(): string };
  frequency: string;
  digestHour?: number | null;
  digestMinute?: number | null;
  digestWeekday?: number | null;
  deletedAt?: Date | null;
}

export const isDigestFrequency = (frequency: string): frequency is "daily" | "weekly" =>
  frequency === "daily" || frequency === "weekly";

const live = (s: Schedulable | undefined): s is Schedulable => !!s && !s.deletedAt && isDigestFrequency(s.frequency);

export const scheduleOf = (s: Schedulable): DigestSchedule => ({
  frequency: s.frequency as Frequency,
  digestHour: s.digestHour,
  digestMinute: s.digestMinute,
  digestWeekday: s.digestWeekday,
});

/**
 * The delayed job that sends the subscription's next digest, seen from `now`: due at nextDigestAt (Oslo
 * time), `delay` the milliseconds until then. Pure; undefined for an instant subscription.
 */
export function nextDigestJob(subscriptionId: string, schedule: DigestSchedule, now: Date) {
  if (!isDigestFrequency(schedule.frequency)) return undefined;
  const dueAt = nextDigestAt(schedule, now).getTime();
  const data: DigestJob = { subscriptionId, dueAt };
  // timestamp + delay is when BullMQ runs it: exactly the due instant.
  return {
    name: "digest",
    data,
    opts: { jobId: digestJobId(data), timestamp: now.getTime(), delay: dueAt - now.getTime() },
  };
}

/** Whether `dueAt` is one of the instants the schedule sends a digest at. */
export const isDueInstant = (schedule: DigestSchedule, dueAt: number): boolean =>
  isDigestFrequency(schedule.frequency) && nextDigestAt(schedule, new Date(dueAt - 1)).getTime() === dueAt;

export interface DigestScheduler {
  /**
   * After a subscription write: its next digest scheduled, the job of a schedule it no longer has removed,
   * and when it stopped being a digest (deleted, or made instant) a job at once that flushes or closes its
   * waiting entries. Failures go to onError: the worker's sweep schedules again.
   */
  changed(before: Schedulable | undefined, after: Schedulable): Promise<void>;
  /** "Send my digest now": a job at once; its id, which is also the digest's. */
  sendNow(subscriptionId: string): Promise<string>;
}

export function digestScheduler(queue: Queue<DigestJob>, onError?: (err: unknown) => void): DigestScheduler {
  const atOnce = async (subscriptionId: string) => {
    const data: DigestJob = { subscriptionId, dueAt: Date.now(), now: randomBytes(4).toString("hex") };
    await queue.add("digest", data, { jobId: digestJobId(data) });
    return digestJobId(data);
  };
  return {
    async changed(before, after) {
      const now = new Date();
      const id = after._id.toString();
      const next = live(after) ? nextDigestJob(id, scheduleOf(after), now) : undefined;
      const old = live(before) ? nextDigestJob(id, scheduleOf(before), now) : undefined;
      try {
        if (old && old.opts.jobId !== next?.opts.jobId) await queue.remove(old.opts.jobId);
        if (next) await queue.add(next.name, next.data, next.opts);
        else if (live(before)) await atOnce(id);
      } catch (err) {
        onError?.(err);
      }
    },
    sendNow: atOnce,
  };
}

/** Every live digest subscription's next digest, scheduled (idempotent: the job ids collapse). */
export async function scheduleAllDigests(queue: Queue<DigestJob>, now = new Date()): Promise<number> {
  let scheduled = 0;
  for (const frequency of ["daily", "weekly"] as const) {
    // Subscription's `frequency` index: top-level equality, answered from the index by FerretDB.
    const rows = await Subscription.find(
      { frequency },
      { frequency: 1, digestHour: 1, digestMinute: 1, digestWeekday: 1, deletedAt: 1 },
    ).lean<Schedulable[]>();
    const jobs = rows.filter(live).map((s) => nextDigestJob(s._id.toString(), scheduleOf(s), now)!);
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    scheduled += jobs.length;
  }
  return scheduled;
}

/** How many need versions wait for the subscription's next digest (DigestEntry's `pendingFor` index). */
export async function waitingEntries(subscriptionId: string): Promise<number> {
  return (await DigestEntry.find({ pendingFor: subscriptionId }, { _id: 1 }).lean()).length;
}
