import { UnrecoverableError, type Job, type Queue } from "bullmq";
import { deliverJobId, fireReminder, type DeliverJob, type ReminderDeps, type RemindJob } from "@markedsdialog/core";

/** remind: one milestone reminder → ledger records → one deliver job each (jobId = the record's key). */
export function remindProcessor(deps: ReminderDeps, deliver: Queue<DeliverJob>) {
  return async (job: Job<RemindJob>) => {
    const { needId, milestone, date } = job.data;
    if (typeof needId !== "string" || typeof milestone !== "string" || !Number.isInteger(date))
      throw new UnrecoverableError(`malformed remind job ${job.id}`);
    const result = await fireReminder(job.data, deps);
    if (result.outcome === "skipped") return result;
    for (let i = 0; i < result.keys.length; i += 500)
      await deliver.addBulk(
        result.keys
          .slice(i, i + 500)
          .map((key) => ({ name: "deliver", data: { key }, opts: { jobId: deliverJobId({ key }) } })),
      );
    return { outcome: result.outcome, deliveries: result.keys.length, recipients: result.recipients };
  };
}
