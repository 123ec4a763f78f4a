import { UnrecoverableError, type BackoffOptions, type Job } from "bullmq";
import {
  deliverOne,
  markDeliveryFailed,
  PermanentDeliveryError,
  recordFailedAttempt,
  type DeliverDeps,
  type DeliverJob,
} from "@markedsdialog/core";

/** When BullMQ runs the next attempt after `attempt` failed (its built-in fixed and exponential backoffs). */
export function retryDelayMs(backoff: number | BackoffOptions | undefined, attempt: number): number {
  if (backoff === undefined) return 0;
  if (typeof backoff === "number") return backoff;
  const delay = backoff.delay ?? 0;
  return backoff.type === "exponential" ? Math.round(2 ** (attempt - 1) * delay) : delay;
}

/** An error in words; a connection error without a message (AggregateError) by its code. */
const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);

/**
 * deliver: one delivery record sent. Each failed attempt is written to the record with its error and the
 * next attempt's time; after the last attempt, or a permanent failure, the record is marked failed with why.
 */
export function deliverProcessor(deps: DeliverDeps) {
  return async (job: Job<DeliverJob>) => {
    const { key } = job.data;
    if (typeof key !== "string") throw new UnrecoverableError(`malformed deliver job ${job.id}`);
    try {
      return await deliverOne(key, deps);
    } catch (error) {
      const reason = reasonOf(error);
      const permanent = error instanceof PermanentDeliveryError;
      const attempt = job.attemptsMade + 1;
      if (permanent || attempt >= (job.opts.attempts ?? 1)) await markDeliveryFailed(key, reason);
      else await recordFailedAttempt(key, reason, new Date(Date.now() + retryDelayMs(job.opts.backoff, attempt)));
      throw permanent ? new UnrecoverableError(reason) : error;
    }
  };
}
