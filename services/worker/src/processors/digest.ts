import { UnrecoverableError, type Job, type Queue } from "bullmq";
import {
  nextDigestJob,
  runDigest,
  scheduleOf,
  Subscription,
  type DeliverDeps,
  type DigestJob,
  type Schedulable,
} from "@markedsdialog/core";

/**
 * digest: one subscription's digest (notifications/digests.ts). A scheduled job first schedules the next
 * one, so a digest that keeps failing does not stop those after it.
 */
export function digestProcessor(deps: DeliverDeps, queue: Queue<DigestJob>) {
  return async (job: Job<DigestJob>) => {
    const { subscriptionId, dueAt } = job.data;
    if (typeof subscriptionId !== "string" || !Number.isInteger(dueAt))
      throw new UnrecoverableError(`malformed digest job ${job.id}`);
    if (!job.data.now) {
      const sub = await Subscription.findById(subscriptionId)
        .lean<Schedulable>()
        .catch(() => null);
      const next =
        sub && !sub.deletedAt && nextDigestJob(subscriptionId, scheduleOf(sub), new Date(Math.max(Date.now(), dueAt)));
      if (next) await queue.add(next.name, next.data, next.opts);
    }
    return runDigest(job.data, deps, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  };
}
