import { UnrecoverableError, type Job, type Queue } from "bullmq";
import {
  deliverJobId,
  fanOutNeedEvent,
  markEventDone,
  matchNeedJobId,
  syncNeedReminders,
  type DeliverJob,
  type FanOutDeps,
  type MatchNeedJob,
  type ReminderLead,
  type RemindJob,
} from "@markedsdialog/core";

/**
 * match-need: one outbox event → delivery records → one deliver job each (jobId = idempotency key); then
 * the need's milestone reminders follow the version (scheduled, moved, removed: notifications/reminders.ts).
 */
export function matchNeedProcessor(
  deps: FanOutDeps,
  deliver: Queue<DeliverJob>,
  reminders: { queue: Queue<RemindJob>; lead: ReminderLead },
) {
  return async (job: Job<MatchNeedJob>) => {
    const { needId, version } = job.data;
    if (typeof needId !== "string" || !Number.isInteger(version))
      throw new UnrecoverableError(`malformed match-need job ${job.id}`);
    const eventId = matchNeedJobId(job.data);
    const result = await fanOutNeedEvent(eventId, deps);
    const reminded = await syncNeedReminders(eventId, reminders.queue, reminders.lead);
    if (result.outcome === "skipped") return { ...result, reminders: reminded };
    for (let i = 0; i < result.keys.length; i += 500) {
      const batch = result.keys.slice(i, i + 500).map((key) => ({
        name: "deliver",
        data: { key },
        opts: { jobId: deliverJobId({ key }) },
      }));
      await deliver.addBulk(batch);
    }
    await markEventDone(eventId, result.recipients);
    return {
      outcome: result.outcome,
      deliveries: result.keys.length,
      recipients: result.recipients,
      digestEntries: result.digestEntries,
      reminders: reminded,
    };
  };
}
