import { UnrecoverableError, type Job, type Queue } from "bullmq";
import {
  fanOutNeedEvent,
  markEventDone,
  matchNeedJobId,
  syncNeedReminders,
  type FanOutDeps,
  type LedgerSink,
  type MatchNeedJob,
  type ReminderLead,
  type RemindJob,
  writtenNotice,
} from "@markedsdialog/core";
import { enqueueDeliveries, type DeliverQueues } from "../deliver-jobs";

/**
 * match-need: one outbox event → delivery records, chunk by chunk → deliver jobs on each channel's queue,
 * a batch of that channel's plan per job (jobId from the batch's first and last key, so reruns collapse);
 * then the need's milestone reminders follow the version (scheduled, moved, removed: notifications/reminders.ts).
 */
export function matchNeedProcessor(
  deps: FanOutDeps,
  deliver: DeliverQueues,
  reminders: { queue: Queue<RemindJob>; lead: ReminderLead },
) {
  return async (job: Job<MatchNeedJob>) => {
    const { needId, version } = job.data;
    if (typeof needId !== "string" || !Number.isInteger(version))
      throw new UnrecoverableError(`malformed match-need job ${job.id}`);
    const eventId = matchNeedJobId(job.data);
    const sink: LedgerSink = {
      batchSize: (channel) => deliver.plans[channel].batch,
      enqueue: ({ pending, fresh }) => enqueueDeliveries(deliver, { needId, needVersion: version }, pending, fresh),
    };
    // Enqueued by the writer with the need as written: neither the need nor the event is read twice.
    const written = await writtenNotice(needId, version, job.data);
    const result = await fanOutNeedEvent(eventId, deps, sink, written);
    const reminded = await syncNeedReminders(eventId, reminders.queue, reminders.lead, new Date(), written);
    if (result.outcome === "skipped") return { ...result, reminders: reminded };
    await markEventDone(eventId, result.recipients);
    return { ...result, reminders: reminded };
  };
}
