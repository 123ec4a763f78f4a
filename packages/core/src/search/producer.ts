import type { Queue } from "bullmq";
import { onDomainEvent } from "../events";
import { searchSyncJobId, type SearchSyncJob } from "../queues";
import { rememberUnsynced } from "./sync-backlog";
import { needSnapshot } from "../needs/snapshot";
import { latestVersions } from "./latest-versions";
import type { RedisConnection } from "../platform/redis";

/**
 * Every change of a need or supplier profile becomes a search-sync job carrying the record's version (and a
 * need's record as written, when the event has it). When Redis is away the record is remembered in the
 * database instead (sync-backlog.ts) and the worker's sweeper enqueues it later, so the request that wrote
 * it does not fail for it.
 */
export function connectSearchSync(queue: Queue<SearchSyncJob>, onError?: (err: unknown) => void): () => void {
  // The queue's own connection (ioredis, which BullMQ types as its own client interface) and prefix.
  const latest = latestVersions(queue.client as unknown as Promise<RedisConnection>, queue.opts.prefix ?? "bull");
  return onDomainEvent(async (event) => {
    if (event.type === "need.notify") return;
    const job: SearchSyncJob = {
      index: event.type === "need.changed" ? "needs" : "suppliers",
      id: event.id,
      version: event.version,
    };
    try {
      // The need as written rides with the job, its version announced first (sync.ts, latest-versions.ts);
      // the backlog remembers only which record it was.
      const carried = event.type === "need.changed" && event.need;
      if (carried) await latest.raise(event.id, event.version);
      await queue.add("sync", carried ? { ...job, need: needSnapshot(carried) } : job, { jobId: searchSyncJobId(job) });
    } catch (err) {
      await rememberUnsynced(job);
      onError?.(err);
    }
  });
}
