import { UnrecoverableError, type Job } from "bullmq";
import {
  deliverOne,
  markDeliveryFailed,
  PermanentDeliveryError,
  type DeliverDeps,
  type DeliverJob,
  type DeliveryRecord,
} from "@markedsdialog/core";

/** The record as the job's fan-out inserted it, when it did (pending, never sent). */
function freshRecord(job: Job<DeliverJob>, key: string): DeliveryRecord | undefined {
  const fresh = job.data.fresh?.[key];
  if (!fresh) return undefined;
  const { needId, needVersion, channel } = job.data;
  return { _id: key, needId, needVersion, channel, ...fresh, state: "pending", createdAt: new Date(job.timestamp) };
}

/**
 * deliver-<channel>: a batch of delivery records sent one after the other, each marked sent before the next
 * is sent (a worker killed mid-batch has at most one sent and not marked). One that fails permanently, or on
 * the job's last attempt, is marked failed with why and the batch goes on; one that may succeed later makes
 * the job fail after the batch, so it is retried, skipping what was sent.
 */
export function deliverProcessor(deps: DeliverDeps) {
  return async (job: Job<DeliverJob>) => {
    const { keys } = job.data;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string"))
      throw new UnrecoverableError(`malformed deliver job ${job.id}`);
    // A restarted job (retried, or taken over from a killed worker) may have sent some: read every record.
    const firstStart = job.attemptsStarted <= 1 && job.attemptsMade === 0;
    const outcomes: Record<string, number> = {};
    const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
    let retry: unknown;
    for (const key of keys) {
      try {
        count(await deliverOne(key, deps, firstStart ? freshRecord(job, key) : undefined));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const permanent = error instanceof PermanentDeliveryError;
        if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
          await markDeliveryFailed(key, reason);
          count("failed");
        } else {
          retry ??= error;
          count("to-retry");
        }
      }
    }
    if (retry) throw retry;
    return outcomes;
  };
}
