import { UnrecoverableError, type Job } from "bullmq";
import { fireReminder, type ReminderDeps, type RemindJob } from "@markedsdialog/core";
import { enqueueDeliveries, type DeliverQueues } from "../deliver-jobs";

/** remind: one milestone reminder → ledger records → deliver jobs on each channel's queue, in batches. */
export function remindProcessor(deps: ReminderDeps, deliver: DeliverQueues) {
  return async (job: Job<RemindJob>) => {
    const { needId, milestone, date } = job.data;
    if (typeof needId !== "string" || typeof milestone !== "string" || !Number.isInteger(date))
      throw new UnrecoverableError(`malformed remind job ${job.id}`);
    const result = await fireReminder(job.data, deps);
    if (result.outcome === "skipped") return result;
    // Not `fresh`: a reminder's record is sent from the reminder's content, read with the record.
    await enqueueDeliveries(deliver, { needId, needVersion: result.needVersion }, result.records);
    return { outcome: result.outcome, deliveries: result.records.length, recipients: result.recipients };
  };
}
