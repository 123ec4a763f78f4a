/**
 * The buyer groups as matching reads them, once per change instead of once per need matched. Every process
 * that matches keeps all groups (a small collection, which FerretDB would scan for each need anyway) with
 * the stamp it read them under; a stamp in Redis, set to a new random value after every group write (one
 * GET per match), tells it they changed. A process that reads the stamp before a write's new value sees the
 * groups as before that write, as a read of the database at that moment would. Should a new stamp not be
 * set (Redis failing after the write), or a group be written around the API (seed scripts), the copy is
 * read again once it is MAX_AGE_MS old; when Redis cannot say, the database is read every time.
 */
import { randomBytes } from "node:crypto";
import type { RedisConnection } from "../platform/redis";
import { BuyerGroup } from "./buyer-group.model";

export interface GroupOfBuyers {
  id: string;
  name: string;
  members: string[];
  followers: string[];
}

export const MAX_AGE_MS = 30_000;

/** Where the stamp lives: under the queue prefix (a Redis Cluster hash tag), like the matching index. */
export interface GroupStamp {
  redis: RedisConnection;
  /** E.g. `{md}:match` (matching/match-index.ts). */
  prefix: string;
}

const stampKey = (stamp: GroupStamp) => `${stamp.prefix}:groups-stamp`;
const fresh = () => randomBytes(12).toString("hex");

interface Copy {
  stamp: string;
  at: number;
  groups: GroupOfBuyers[];
}
const copies = new Map<string, Copy>();

async function readStamp(stamp: GroupStamp): Promise<string | undefined> {
  try {
    const value = await stamp.redis.get(stampKey(stamp));
    if (value !== null) return value;
    // Never set, or lost with Redis' data: a fresh value, so that no copy made before matches it.
    await stamp.redis.set(stampKey(stamp), fresh(), "NX");
    return (await stamp.redis.get(stampKey(stamp))) ?? undefined;
  } catch {
    return undefined;
  }
}

async function readAll(): Promise<GroupOfBuyers[]> {
  const groups = await BuyerGroup.find({}, { name: 1, members: 1, followers: 1 }).lean();
  return groups
    .map((g) => ({
      id: g._id.toString(),
      name: g.name,
      members: g.members.map(String),
      followers: g.followers.map(String),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Every buyer group, from this process's copy while the stamp is unchanged. */
export async function allBuyerGroups(stamp: GroupStamp | undefined): Promise<GroupOfBuyers[]> {
  const value = stamp && (await readStamp(stamp));
  if (!stamp || !value) return readAll();
  const copy = copies.get(stamp.prefix);
  if (copy && copy.stamp === value && Date.now() - copy.at < MAX_AGE_MS) return copy.groups;
  const at = Date.now();
  const groups = await readAll();
  copies.set(stamp.prefix, { stamp: value, at, groups });
  return groups;
}

/** After a group write: every process's copy is stale. A Redis that fails here leaves them MAX_AGE_MS. */
export async function buyerGroupsChanged(stamp: GroupStamp | undefined): Promise<void> {
  if (!stamp) return;
  await stamp.redis.set(stampKey(stamp), fresh()).catch(() => undefined);
}
