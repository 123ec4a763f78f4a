import { DelayedError, UnrecoverableError, type Job, type Queue } from "bullmq";
import {
  EarlierVersionPendingError,
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
 * A change whose need has an earlier version still fanning out is put back, delayed by `waitMs`, costing no
 * attempt, until that one is done: its change alert reads the earlier version's whole ledger.
 */
export function matchNeedProcessor(
  deps: FanOutDeps,
  deliver: DeliverQueues,
  reminders: { queue: Queue<RemindJob>; lead: ReminderLead },
  waitMs = 500,
) {
  return async (job: Job<MatchNeedJob>, token?: string) => {
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
    let result;
    try {
      result = await fanOutNeedEvent(eventId, deps, sink, written, job.timestamp);
    } catch (error) {
      if (!(error instanceof EarlierVersionPendingError)) throw error;
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError(error.message);
    }
    const reminded = await syncNeedReminders(eventId, reminders.queue, reminders.lead, new Date(), written);
    if (result.outcome === "skipped") return { ...result, reminders: reminded };
    await markEventDone(eventId, result.recipients);
    return { ...result, reminders: reminded };
  };
}
