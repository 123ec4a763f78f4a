import { UnrecoverableError, type BackoffOptions, type Job } from "bullmq";
import {
  deliverOne,
  markDeliveryFailed,
  PermanentDeliveryError,
  recordFailedAttempt,
  type DeliverDeps,
  type DeliverJob,
  type DeliveryRecord,
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
 * What one attempt of a deliver job did: counts by outcome, the keys it sent (with each one's `sentAt` as
 * recorded, epoch ms, in the same order) and those it marked failed; the metrics count from it.
 */
export interface DeliverBatchResult {
  outcomes: Record<string, number>;
  sent: string[];
  sentAt: number[];
  failed: string[];
}

/** Thrown after the batch when some delivery may succeed later: the job is retried, skipping what was sent. */
export class DeliverRetryError extends Error {
  constructor(
    cause: unknown,
    readonly batch: DeliverBatchResult,
  ) {
    super(reasonOf(cause), { cause });
    this.name = "DeliverRetryError";
  }
}

/** The record as the job's fan-out inserted it, when it did (pending, never sent). */
function freshRecord(job: Job<DeliverJob>, key: string): DeliveryRecord | undefined {
  const fresh = job.data.fresh?.[key];
  if (!fresh) return undefined;
  const { needId, needVersion, channel } = job.data;
  if (needId === undefined || needVersion === undefined) return undefined;
  const at = new Date(job.timestamp);
  return { _id: key, needId, needVersion, channel, ...fresh, state: "pending", createdAt: at, updatedAt: at };
}

/**
 * deliver-<channel>: a batch of delivery records sent one after the other, each marked sent before the next
 * is sent (a worker killed mid-batch has at most one sent and not marked). Each failed attempt is written to
 * its record with the error and the next attempt's time. One that fails permanently, or on the job's last
 * attempt, is marked failed with why and the batch goes on; one that may succeed later makes the job fail
 * after the batch, so it is retried, skipping what was sent. Replays are batches of one key.
 */
export function deliverProcessor(deps: DeliverDeps) {
  return async (job: Job<DeliverJob>): Promise<DeliverBatchResult> => {
    const { keys } = job.data;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string"))
      throw new UnrecoverableError(`malformed deliver job ${job.id}`);
    // A restarted job (retried, or taken over from a killed worker) may have sent some: read every record.
    const firstStart = job.attemptsStarted <= 1 && job.attemptsMade === 0;
    const attempt = job.attemptsMade + 1;
    const last = attempt >= (job.opts.attempts ?? 1);
    const batch: DeliverBatchResult = { outcomes: {}, sent: [], sentAt: [], failed: [] };
    const count = (outcome: string) => (batch.outcomes[outcome] = (batch.outcomes[outcome] ?? 0) + 1);
    let retry: unknown;
    for (const key of keys) {
      try {
        const { outcome, sentAt } = await deliverOne(key, deps, firstStart ? freshRecord(job, key) : undefined);
        count(outcome);
        if (sentAt) {
          batch.sent.push(key);
          batch.sentAt.push(sentAt.getTime());
        }
      } catch (error) {
        const reason = reasonOf(error);
        if (error instanceof PermanentDeliveryError || last) {
          count("failed");
          if (await markDeliveryFailed(key, reason)) batch.failed.push(key);
        } else {
          await recordFailedAttempt(key, reason, new Date(Date.now() + retryDelayMs(job.opts.backoff, attempt)));
          retry ??= error;
          count("to-retry");
        }
      }
    }
    if (retry) throw new DeliverRetryError(retry, batch);
    return batch;
  };
}
