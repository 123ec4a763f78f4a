import { UnrecoverableError, type Job } from "bullmq";
import {
  deliverOne,
  markDeliveryFailed,
  PermanentDeliveryError,
  type DeliverDeps,
  type DeliverJob,
} from "@markedsdialog/core";

/** deliver: one delivery record sent; after the last attempt, or a permanent failure, marked failed with why. */
export function deliverProcessor(deps: DeliverDeps) {
  return async (job: Job<DeliverJob>) => {
    const { key } = job.data;
    if (typeof key !== "string") throw new UnrecoverableError(`malformed deliver job ${job.id}`);
    try {
      return await deliverOne(key, deps);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentDeliveryError;
      if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markDeliveryFailed(key, reason);
      throw permanent ? new UnrecoverableError(reason) : error;
    }
  };
}
