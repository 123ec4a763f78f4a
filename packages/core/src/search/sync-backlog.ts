/**
 * Records whose search-sync job could not be enqueued (Redis away). One document per record, `_id`
 * `index:recordId`, inserted only when an enqueue fails (a duplicate means it is already remembered), so
 * the normal path costs nothing. The worker's sweeper enqueues a job at each record's current version and
 * forgets it (services/worker/src/sweeper.ts).
 */
import { Schema, model } from "mongoose";
import { Need } from "../needs/need.model";
import { isDuplicateKey, isObjectId } from "../platform/ids";
import type { SearchSyncJob } from "../queues";
import { SupplierProfile } from "../suppliers/supplier-profile.model";
import type { IndexName } from "./types";

const backlogSchema = new Schema({
  _id: { type: String, required: true },
  index: { type: String, enum: ["needs", "suppliers"], required: true },
  recordId: { type: String, required: true },
  at: { type: Date, required: true },
});
export const SearchSyncBacklog = model("SearchSyncBacklog", backlogSchema);
export interface UnsyncedRecord {
  _id: string;
  index: IndexName;
  recordId: string;
  at: Date;
}

export async function rememberUnsynced(job: SearchSyncJob): Promise<void> {
  try {
    await SearchSyncBacklog.create({
      _id: `${job.index}:${job.id}`,
      index: job.index,
      recordId: job.id,
      at: new Date(),
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** The records remembered, oldest first, at most `limit` (the collection is empty but for Redis outages). */
export async function unsyncedRecords(limit = 500): Promise<UnsyncedRecord[]> {
  const rows = await SearchSyncBacklog.find({}).lean<UnsyncedRecord[]>();
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).slice(0, limit);
}

export async function forgetUnsynced(entry: UnsyncedRecord): Promise<void> {
  await SearchSyncBacklog.deleteOne({ _id: entry._id });
}

/** The job that brings the record's document in line now: at its current version (0 when it is gone). */
export async function currentSyncJob(entry: UnsyncedRecord): Promise<SearchSyncJob> {
  const model = entry.index === "needs" ? Need : SupplierProfile;
  const record = isObjectId(entry.recordId)
    ? await (model as typeof Need).findById(entry.recordId, { version: 1 }).lean()
    : null;
  return { index: entry.index, id: entry.recordId, version: record?.version ?? 0 };
}
