/**
 * The candidate index in Redis, shared by every API and worker process. Per subscription: its compiled
 * criteria (hash `crit`), the keys it is filed under (hash `keys`) and the version they are of (hash
 * `ver`); per key of postings.ts a set of `id:version` members, so one SUNION gives the candidates with
 * their versions; `live` holds every indexed id, `sets` the names of the posting sets. Writes are one Lua
 * script each, so a reader never sees a subscription half filed, and they are versioned: a write older
 * than what the index holds changes nothing, and a deletion leaves its version behind as a tombstone, so
 * writes arriving late (two API processes racing) never bring back an old state. The database is written
 * first and is the truth: `repairMatchIndex` (match-index-repair.ts) brings the index in line with it.
 *
 * All keys share the configured prefix, a Redis Cluster hash tag (`{md}:match:`), so each script's and
 * each SUNION's keys lie in one slot.
 */
import type { RedisConnection } from "../platform/redis";
import type { SubscriptionCriteria } from "./criteria";
import { subscriptionKeys } from "./postings";
import type { GroupStamp } from "../buyer-groups/group-cache";

const APPLY = `
local id, version = ARGV[1], tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[1], id) or '0')
if ARGV[5] ~= 'reset' and (held > version or (held == version and ARGV[5] ~= 'refile')) then return 0 end
local old = redis.call('HGET', KEYS[3], id)
if old then
  for _, key in ipairs(cjson.decode(old)) do redis.call('SREM', key, id .. ':' .. held) end
end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('SREM', KEYS[4], id)
else
  for i = 6, #KEYS do
    redis.call('SADD', KEYS[i], id .. ':' .. version)
    redis.call('SADD', KEYS[5], KEYS[i])
  end
  redis.call('HSET', KEYS[2], id, ARGV[3])
  redis.call('HSET', KEYS[3], id, ARGV[4])
  redis.call('SADD', KEYS[4], id)
end
redis.call('HSET', KEYS[1], id, version)
return 1
`;

/**
 * Removes the members of the posting set KEYS[1] that should not be there: not filed under it (hash
 * KEYS[2]) or not at the version the index holds (hash KEYS[3]).
 */
const PRUNE = `
local removed = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local colon = string.find(member, ':', 1, true)
  local id, version = string.sub(member, 1, (colon or 0) - 1), string.sub(member, (colon or 0) + 1)
  local filed = colon and redis.call('HGET', KEYS[2], id)
  local found = false
  if filed and redis.call('HGET', KEYS[3], id) == version then
    for _, key in ipairs(cjson.decode(filed)) do if key == KEYS[1] then found = true end end
  end
  if not found then redis.call('SREM', KEYS[1], member); removed = removed + 1 end
end
return removed
`;

/** Parsed criteria kept per process; an entry is a subscription at one version, which never changes. */
const CACHE_LIMIT = 250_000;

type Scripted = RedisConnection & {
  matchApply(...args: (string | number)[]): Promise<number>;
  matchPrune(...args: (string | number)[]): Promise<number>;
};

export type WriteMode = "newer" | "refile" | "reset";

export interface Candidates {
  criteria: SubscriptionCriteria[];
  /** Subscription ids found under the need's keys. */
  examined: number;
}

/** Keys under the queue prefix, a Redis Cluster hash tag (`{md}:match:…`), like the queues'. */
export const matchIndexPrefix = (queuePrefix: string): string => `${queuePrefix}:match`;

export class MatchIndex {
  private readonly redis: Scripted;
  private readonly cache = new Map<string, SubscriptionCriteria>();
  /** The stamp of the buyer groups matching reads (buyer-groups/group-cache.ts), beside the index. */
  readonly groups: GroupStamp;

  /** `prefix`: e.g. `{md}:match` (QUEUE_PREFIX, a hash tag, then `:match`). */
  constructor(
    redis: RedisConnection,
    readonly prefix: string,
  ) {
    this.groups = { redis, prefix };
    const scripted = redis as Scripted;
    if (typeof scripted.matchApply !== "function") {
      redis.defineCommand("matchApply", { lua: APPLY });
      redis.defineCommand("matchPrune", { lua: PRUNE });
    }
    this.redis = scripted;
  }

  key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  /** The full names of the posting sets a subscription is filed in. */
  postingKeys(criteria: SubscriptionCriteria): string[] {
    return subscriptionKeys(criteria).keys.map((k) => this.key(`p:${k}`));
  }

  private write(id: string, version: number, criteria: SubscriptionCriteria | undefined, mode: WriteMode = "newer") {
    const keys = criteria ? this.postingKeys(criteria) : [];
    const fixed = [this.key("ver"), this.key("crit"), this.key("keys"), this.key("live"), this.key("sets")];
    const payload = criteria ? JSON.stringify(criteria) : "";
    const flag = mode === "newer" ? "" : mode;
    return this.redis.matchApply(
      fixed.length + keys.length,
      ...fixed,
      ...keys,
      id,
      version,
      payload,
      JSON.stringify(keys),
      flag,
    );
  }

  /**
   * Files the subscription at its version; true when applied, false when the index held as new already.
   * Modes for the repair: `refile` also at the same version (after a change in how criteria compile),
   * `reset` whatever the index holds (the index ran ahead of the database, e.g. after a restore).
   */
  async apply(criteria: SubscriptionCriteria, mode: WriteMode = "newer"): Promise<boolean> {
    return (await this.write(criteria.id, criteria.version, criteria, mode)) === 1;
  }

  /** Takes the subscription out, leaving `version` as its tombstone. */
  async remove(id: string, version: number, mode: WriteMode = "newer"): Promise<boolean> {
    return (await this.write(id, version, undefined, mode)) === 1;
  }

  /** The version the index holds of one subscription (0: none). */
  async version(id: string): Promise<number> {
    return Number((await this.redis.hget(this.key("ver"), id)) ?? 0);
  }

  /**
   * Every subscription filed under any of the keys (postings.ts `needKeys`), with its criteria. One SUNION
   * gives the ids and their versions; criteria are read and parsed once per version and kept in this
   * process (at most CACHE_LIMIT), so a need moves ids, not criteria, once the process has seen them.
   */
  async candidates(keys: readonly string[]): Promise<Candidates> {
    const found = keys.length ? await this.redis.sunion(...keys.map((k) => this.key(`p:${k}`))) : [];
    const criteria: SubscriptionCriteria[] = [];
    const missing: string[] = [];
    for (const entry of found) {
      const colon = entry.indexOf(":");
      const id = entry.slice(0, colon);
      const held = this.cache.get(id);
      if (held && held.version === Number(entry.slice(colon + 1))) criteria.push(held);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      const values = await this.redis.hmget(this.key("crit"), ...chunk);
      for (const json of values) {
        if (!json) continue; // deleted meanwhile
        const parsed = JSON.parse(json) as SubscriptionCriteria;
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(parsed.id, parsed);
        criteria.push(parsed);
      }
    }
    criteria.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { criteria, examined: found.length };
  }

  /** The version the index holds of each subscription it knows, tombstones included (negative: deleted). */
  async versions(): Promise<Map<string, number>> {
    const [versions, live] = await Promise.all([
      this.redis.hgetall(this.key("ver")),
      this.redis.smembers(this.key("live")),
    ]);
    const alive = new Set(live);
    return new Map(Object.entries(versions).map(([id, v]) => [id, alive.has(id) ? Number(v) : -Number(v)]));
  }

  /** One subscription's criteria as indexed, if it is. */
  async criteria(id: string): Promise<SubscriptionCriteria | undefined> {
    const json = await this.redis.hget(this.key("crit"), id);
    return json ? (JSON.parse(json) as SubscriptionCriteria) : undefined;
  }

  /** Every subscription's criteria and filed keys as the index holds them (drift check). */
  async everything(): Promise<{ criteria: Map<string, string>; filed: Map<string, string> }> {
    const [criteria, filed] = await Promise.all([
      this.redis.hgetall(this.key("crit")),
      this.redis.hgetall(this.key("keys")),
    ]);
    return { criteria: new Map(Object.entries(criteria)), filed: new Map(Object.entries(filed)) };
  }

  /** Every posting set with its members. */
  async postings(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const key of await this.redis.smembers(this.key("sets"))) out.set(key, await this.redis.smembers(key));
    return out;
  }

  /** Removes the members of a posting set that are not filed there at the version held; how many were. */
  prune(key: string): Promise<number> {
    return this.redis.matchPrune(3, key, this.key("keys"), this.key("ver"));
  }

  /** Set once the index was built from the database; a Redis without it (new, flushed) needs a rebuild. */
  async isBuilt(): Promise<boolean> {
    return (await this.redis.exists(this.key("built"))) === 1;
  }

  async markBuilt(): Promise<void> {
    await this.redis.set(this.key("built"), new Date().toISOString());
  }
}
