import type { Queue } from "bullmq";
import { onDomainEvent } from "../events";
import { searchSyncJobId, type SearchSyncJob } from "../queues";
import { rememberUnsynced } from "./sync-backlog";

/**
 * Every change of a need or supplier profile becomes a search-sync job carrying the record's version (and a
 * need's record as written, when the event has it). When Redis is away the record is remembered in the
 * database instead (sync-backlog.ts) and the worker's sweeper enqueues it later, so the request that wrote
 * it does not fail for it.
 */
export function connectSearchSync(queue: Queue<SearchSyncJob>, onError?: (err: unknown) => void): () => void {
  return onDomainEvent(async (event) => {
    if (event.type === "need.notify") return;
    const job: SearchSyncJob = {
      index: event.type === "need.changed" ? "needs" : "suppliers",
      id: event.id,
      version: event.version,
    };
    // The need as written rides with the job (sync.ts); the backlog remembers only which record it was.
    const data = event.type === "need.changed" && event.need ? { ...job, need: event.need } : job;
    try {
      await queue.add("sync", data, { jobId: searchSyncJobId(job) });
    } catch (err) {
      await rememberUnsynced(job);
      onError?.(err);
    }
  });
}
