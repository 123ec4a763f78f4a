import type { Queue } from "bullmq";
import { onDomainEvent } from "../events";
import { matchNeedJobId, type MatchNeedJob } from "../queues";

/**
 * Each need version recorded in the outbox becomes a match-need job (jobId from need id and version, so
 * duplicates collapse). When Redis is away the add fails and is let go: the event stays pending in the
 * database and the worker's sweeper enqueues it, so the request that published does not fail for it.
 */
export function connectNotifications(queue: Queue<MatchNeedJob>, onError?: (err: unknown) => void): () => void {
  return onDomainEvent(async (event) => {
    if (event.type !== "need.notify") return;
    const job = { needId: event.id, version: event.version };
    await queue.add("match", job, { jobId: matchNeedJobId(job) }).catch((err: unknown) => onError?.(err));
  });
}
