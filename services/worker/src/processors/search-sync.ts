import { UnrecoverableError, type Job } from "bullmq";
import { syncSearchRecord, type SyncOutcome } from "@markedsdialog/core/search/sync";
import type { SearchEngine } from "@markedsdialog/core/search/types";
import type { LatestVersions } from "@markedsdialog/core/search/latest-versions";
import type { SearchSyncJob } from "@markedsdialog/core";

/** search-sync: one record's document in the index follows the database. */
export function searchSyncProcessor(search: SearchEngine, latest?: LatestVersions) {
  return async (job: Job<SearchSyncJob>): Promise<SyncOutcome> => {
    const { index, id, version } = job.data;
    if ((index !== "needs" && index !== "suppliers") || typeof id !== "string" || !Number.isInteger(version)) {
      throw new UnrecoverableError(`malformed search-sync job ${job.id}`);
    }
    return syncSearchRecord(search, job.data, latest);
  };
}
