import type { Queue } from "bullmq";
import { onDomainEvent } from "../events";
import { searchSyncJobId, type SearchSyncJob } from "../queues";

/** Every change of a need or supplier profile becomes a search-sync job carrying the record's version. */
export function connectSearchSync(queue: Queue<SearchSyncJob>): () => void {
  return onDomainEvent(async (event) => {
    if (event.type === "need.notify") return;
    const job: SearchSyncJob = {
      index: event.type === "need.changed" ? "needs" : "suppliers",
      id: event.id,
      version: event.version,
    };
    await queue.add("sync", job, { jobId: searchSyncJobId(job) });
  });
}
