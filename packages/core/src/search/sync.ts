import type { IndexName, SearchEngine } from "./types";
import { isSearchableNeed, isSearchableSupplier, toNeedDoc, toSupplierDoc } from "./documents";
import { Need, type NeedRecord } from "../needs/need.model";
import { SupplierProfile, type SupplierProfileRecord } from "../suppliers/supplier-profile.model";
import { Organization } from "../organizations/organization.model";
import type { SearchSyncJob } from "../queues";
import { AppError } from "../errors";
import { isObjectId } from "../platform/ids";
import { OPEN_NEED_STATUSES } from "../needs/lifecycle";
import { PUBLISHED_NEEDS } from "../needs/visibility";
import { needFromSnapshot } from "../needs/snapshot";
import type { LatestVersions } from "./latest-versions";

export type SyncOutcome = "indexed" | "removed" | "skipped";

const needState = (need: NeedRecord) => ({
  version: need.version,
  doc: isSearchableNeed(need) ? toNeedDoc(need) : null,
});

/** The indexable document for one record, or null when the record must not be in search. */
async function current(index: IndexName, id: string) {
  if (!isObjectId(id)) return { version: 0, doc: null };
  if (index === "needs") {
    const need = await Need.findById(id).lean<NeedRecord>();
    return need ? needState(need) : { version: 0, doc: null };
  }
  const [profile, org] = await Promise.all([
    SupplierProfile.findById(id).lean<SupplierProfileRecord>(),
    Organization.findById(id, { name: 1 }).lean(),
  ]);
  return profile
    ? { version: profile.version, doc: isSearchableSupplier(profile) ? toSupplierDoc(profile, org?.name) : null }
    : { version: 0, doc: null };
}

/** Every supplier's registered name by organisation id (a profile's id is its organisation's). */
async function supplierNames(): Promise<Map<string, string>> {
  const orgs = await Organization.find({ kind: "supplier" }, { name: 1 }).lean();
  return new Map(orgs.map((org) => [org._id.toString(), org.name]));
}

/** The version of the record the database holds now (0 when it is gone). */
async function currentVersion(index: IndexName, id: string): Promise<number> {
  if (!isObjectId(id)) return 0;
  const model = (index === "needs" ? Need : SupplierProfile) as typeof Need;
  return (await model.findById(id, { version: 1 }).lean())?.version ?? 0;
}

/**
 * Brings one record's search document in line with the database. A job older than the record is
 * skipped (the newer job does the work), so late jobs never overwrite newer data or resurrect a deleted
 * record. After writing, the database is read again: if the record moved on meanwhile, write again, so
 * two workers racing on one record still leave the newest version in the index.
 *
 * A need's job made by its writer carries the record as written (search/producer.ts): that document is
 * written without reading the need first, and the check after the write asks `latest` (the newest version
 * announced, in Redis: latest-versions.ts), or the database for the version alone when Redis cannot say.
 * Such a job that runs late (retried, or overtaken by the next version's) writes its old document and then
 * finds the newer version announced, and writes the need as the database has it: the old one stands in the
 * index for that moment.
 */
export async function syncSearchRecord(
  search: SearchEngine,
  job: SearchSyncJob,
  latest?: LatestVersions,
): Promise<SyncOutcome> {
  const carried = job.index === "needs" ? needFromSnapshot(job.need, job.id, job.version) : undefined;
  if (carried) {
    const state = needState(carried);
    if (state.doc) await search.upsert("needs", [state.doc]);
    else await search.remove("needs", [job.id]);
    const newest = (await latest?.read(job.id)) ?? (await currentVersion("needs", job.id));
    if (newest === state.version) return state.doc ? "indexed" : "removed";
  }
  let state = await current(job.index, job.id);
  if (!carried && state.version > job.version) return "skipped";
  if (state.version < job.version && state.version !== 0) {
    throw new AppError(
      "unavailable",
      `record ${job.id} is at version ${state.version}, job expects ${job.version}; retrying`,
    );
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (state.doc) await search.upsert(job.index, [state.doc] as never);
    else await search.remove(job.index, [job.id]);
    const after = await current(job.index, job.id);
    if (after.version === state.version) return state.doc ? "indexed" : "removed";
    state = after;
  }
  throw new AppError("conflict", `record ${job.id} kept changing while it was indexed; retrying`);
}

type Progress = (done: number, total: number) => void;

/** Streams every record into the index in batches and removes documents that must not be there. */
export async function reindex(search: SearchEngine, index: IndexName, onProgress?: Progress, batchSize = 1000) {
  const model = index === "needs" ? Need : SupplierProfile;
  const total = await (model as typeof Need).countDocuments({});
  const names = index === "suppliers" ? await supplierNames() : undefined;
  const keep = new Set<string>();
  let done = 0;
  let batch: unknown[] = [];
  const flush = async () => {
    if (batch.length) await search.upsert(index, batch as never);
    batch = [];
    onProgress?.(done, total);
  };
  for await (const record of (model as typeof Need).find({}).sort({ _id: 1 }).lean().cursor()) {
    done++;
    const doc =
      index === "needs"
        ? isSearchableNeed(record as NeedRecord)
          ? toNeedDoc(record as NeedRecord)
          : null
        : isSearchableSupplier(record as unknown as SupplierProfileRecord)
          ? toSupplierDoc(record as unknown as SupplierProfileRecord, names?.get(record._id.toString()))
          : null;
    if (doc) {
      keep.add(doc.id);
      batch.push(doc);
    }
    if (batch.length >= batchSize) await flush();
    else if (done % batchSize === 0) onProgress?.(done, total);
  }
  await flush();
  const orphans = [...(await search.versions(index)).keys()].filter((id) => !keep.has(id));
  if (orphans.length) await search.remove(index, orphans);
  return { index, records: total, indexed: keep.size, removed: orphans.length };
}

export interface DriftReport {
  index: IndexName;
  expected: number;
  indexed: number;
  missing: string[];
  stale: { id: string; indexed: number; database: number }[];
  orphaned: string[];
  inSync: boolean;
}

/** Compares database and index: documents missing, at an older version, or that should not be there. */
export async function driftCheck(search: SearchEngine, index: IndexName): Promise<DriftReport> {
  const inIndex = await search.versions(index);
  const expected = new Map<string, number>();
  if (index === "needs") {
    // What isSearchableNeed admits, as a filter.
    const rows = await Need.find(
      { ...PUBLISHED_NEEDS, status: { $in: [...OPEN_NEED_STATUSES] } },
      { version: 1 },
    ).lean();
    for (const row of rows) expected.set(row._id.toString(), row.version);
  } else {
    const rows = await SupplierProfile.find({ deletedAt: null }, { orgId: 1, version: 1 }).lean();
    for (const row of rows) expected.set(row.orgId.toString(), row.version);
  }
  const missing = [...expected.keys()].filter((id) => !inIndex.has(id));
  const stale = [...expected.entries()]
    .filter(([id, version]) => inIndex.has(id) && inIndex.get(id) !== version)
    .map(([id, version]) => ({ id, indexed: inIndex.get(id) ?? 0, database: version }));
  const orphaned = [...inIndex.keys()].filter((id) => !expected.has(id));
  return {
    index,
    expected: expected.size,
    indexed: inIndex.size,
    missing,
    stale,
    orphaned,
    inSync: !missing.length && !stale.length && !orphaned.length,
  };
}
