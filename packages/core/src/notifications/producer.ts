import type { Queue } from "bullmq";
import { onDomainEvent } from "../events";
import { matchNeedJobId, type MatchNeedJob } from "../queues";
import { needSnapshot } from "../needs/snapshot";

/** Enqueues one event's match-need job (jobId from need id and version, so duplicates collapse). */
export async function enqueueMatchNeed(queue: Queue<MatchNeedJob>, job: MatchNeedJob, attempts?: number) {
  await queue.add("match", job, { jobId: matchNeedJobId(job), ...(attempts !== undefined && { attempts }) });
}

/**
 * Each need version recorded in the outbox becomes a match-need job, with the need as written when the
 * writer tells it (outbox.ts: writtenNotice). When Redis is away the add fails and is let go: the event
 * stays pending in the database and the worker's sweeper enqueues it, so the request that published does
 * not fail for it. `attempts`: MATCH_NEED_ATTEMPTS (the queue's default otherwise).
 */
export function connectNotifications(
  queue: Queue<MatchNeedJob>,
  onError?: (err: unknown) => void,
  attempts?: number,
): () => void {
  return onDomainEvent(async (event) => {
    if (event.type !== "need.notify") return;
    const job: MatchNeedJob = {
      ...{ needId: event.id, version: event.version },
      ...(event.need && event.notice && { need: needSnapshot(event.need), notice: event.notice }),
    };
    await enqueueMatchNeed(queue, job, attempts).catch((err: unknown) => onError?.(err));
  });
}
