/**
 * Keeping the candidate index true to the database: the drift check compares every subscription with what
 * the index holds for it (version, criteria, where it is filed, and every posting set's members), and the
 * repair re-files every subscription from the database, takes out what the database no longer has and
 * prunes stray postings. Both read the whole subscriptions collection: admin and start-up paths only.
 */
import { Subscription, type SubscriptionRecord } from "../subscriptions/subscription.model";
import { isObjectId } from "../platform/ids";
import { compileSubscription } from "./criteria";
import type { MatchIndex, WriteMode } from "./match-index";

export interface MatchIndexDrift {
  /** Subscriptions in the database (not deleted). */
  expected: number;
  /** Subscriptions in the index. */
  indexed: number;
  missing: string[];
  stale: { id: string; indexed: number; database: number }[];
  /** In the index, but deleted or unknown in the database. */
  orphaned: string[];
  /** At the right version but with other criteria or filed elsewhere than their criteria say. */
  misfiled: string[];
  inSync: boolean;
}

export async function matchIndexDrift(index: MatchIndex): Promise<MatchIndexDrift> {
  const records = await Subscription.find({}).lean<SubscriptionRecord[]>();
  const [versions, held, postings] = await Promise.all([index.versions(), index.everything(), index.postings()]);
  const database = new Map(records.map((r) => [r._id.toString(), r]));
  const missing: string[] = [];
  const stale: MatchIndexDrift["stale"] = [];
  const orphaned: string[] = [];
  const misfiled = new Set<string>();
  for (const [id, record] of database) {
    const indexed = versions.get(id) ?? 0;
    if (record.deletedAt) {
      if (indexed > 0) orphaned.push(id);
      continue;
    }
    if (indexed <= 0) missing.push(id);
    else if (indexed !== record.version) stale.push({ id, indexed, database: record.version });
    else {
      const criteria = compileSubscription(record);
      const keys = index.postingKeys(criteria);
      if (held.criteria.get(id) !== JSON.stringify(criteria) || held.filed.get(id) !== JSON.stringify(keys))
        misfiled.add(id);
      else if (keys.some((key) => !postings.get(key)?.includes(`${id}:${record.version}`))) misfiled.add(id);
    }
  }
  for (const [id, version] of versions) if (version > 0 && !database.has(id)) orphaned.push(id);
  for (const [key, members] of postings) {
    for (const member of members) {
      const [id = "", version] = member.split(":");
      const filed = held.filed.get(id);
      if (!filed || !(JSON.parse(filed) as string[]).includes(key) || String(versions.get(id)) !== version)
        misfiled.add(id);
    }
  }
  const expected = records.filter((r) => !r.deletedAt).length;
  const indexed = [...versions.values()].filter((v) => v > 0).length;
  return {
    expected,
    indexed,
    missing: missing.sort(),
    stale,
    orphaned: orphaned.sort(),
    misfiled: [...misfiled].sort(),
    inSync: !missing.length && !stale.length && !orphaned.length && !misfiled.size,
  };
}

export interface MatchIndexRepair {
  records: number;
  /** Subscriptions filed (again) or taken out. */
  filed: number;
  orphansRemoved: number;
  postingsPruned: number;
  ms: number;
}

function write(index: MatchIndex, record: SubscriptionRecord, mode: WriteMode): Promise<boolean> {
  if (record.deletedAt) return index.remove(record._id.toString(), record.version, mode);
  return index.apply(compileSubscription(record), mode);
}

/**
 * Files the record as read. When the index holds a newer version, either a write came in since the read
 * (the database has it too: leave it) or the index ran ahead of the database (restored from a backup):
 * then the database's state is put back.
 */
async function bringInLine(index: MatchIndex, record: SubscriptionRecord): Promise<boolean> {
  if (await write(index, record, "refile")) return true;
  const held = await index.version(record._id.toString());
  if (held <= record.version) return false;
  const fresh = await Subscription.findById(record._id).lean<SubscriptionRecord>();
  if (!fresh || fresh.version >= held) return false;
  return write(index, fresh, "reset");
}

/**
 * Brings the index in line with the database. Safe beside live writes: every change is versioned, so a
 * write newer than the record read here wins; an id the index holds that the database read did not list is
 * looked up again by `_id` before it is taken out (it may have been created meanwhile).
 */
export async function repairMatchIndex(
  index: MatchIndex,
  onProgress?: (done: number) => void,
): Promise<MatchIndexRepair> {
  const started = performance.now();
  const seen = new Set<string>();
  let records = 0;
  let filed = 0;
  // One pass over the collection; each write is a round trip, so keep a few in flight.
  let pending: Promise<boolean>[] = [];
  const settle = async () => {
    filed += (await Promise.all(pending)).filter(Boolean).length;
    pending = [];
  };
  for await (const record of Subscription.find({}).lean<SubscriptionRecord>().cursor()) {
    seen.add(record._id.toString());
    records++;
    pending.push(bringInLine(index, record as SubscriptionRecord));
    if (pending.length >= 64) {
      await settle();
      onProgress?.(records);
    }
  }
  await settle();
  let orphansRemoved = 0;
  for (const [id, version] of await index.versions()) {
    if (version <= 0 || seen.has(id)) continue;
    const record = isObjectId(id) ? await Subscription.findById(id).lean<SubscriptionRecord>() : null;
    if (record) filed += Number(await bringInLine(index, record));
    else orphansRemoved += Number(await index.remove(id, version + 1));
  }
  let postingsPruned = 0;
  for (const key of (await index.postings()).keys()) postingsPruned += await index.prune(key);
  await index.markBuilt();
  return { records, filed, orphansRemoved, postingsPruned, ms: Math.round(performance.now() - started) };
}

/** At start-up: builds the index from the database when this Redis has none (new or flushed). */
export async function ensureMatchIndex(index: MatchIndex): Promise<MatchIndexRepair | undefined> {
  if (await index.isBuilt()) return undefined;
  return repairMatchIndex(index);
}
