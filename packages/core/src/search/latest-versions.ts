/**
 * The newest version of each need its writers have announced to search-sync, one Redis key per need under
 * the queue prefix (a Redis Cluster hash tag, with the queues), kept for a day after the need's last
 * write (LATEST_VERSION_TTL_S), so the keys do not grow with every need ever written. The producer raises
 * it before it enqueues the job (never lowers it: writers announce in any order), so a search-sync job
 * that wrote its need's document learns from one Redis read whether a newer version was written since,
 * instead of reading the need (search/sync.ts). A version not there (expired, Redis lost it, or could not
 * be read) sends the check to the database.
 */
import type { RedisConnection } from "../platform/redis";

/** Far longer than any search-sync job waits in its queue; a job older than that reads the database. */
export const LATEST_VERSION_TTL_S = 24 * 3600;

const RAISE = `
local current = redis.call('GET', KEYS[1])
if (not current) or tonumber(current) < tonumber(ARGV[1]) then current = ARGV[1] end
redis.call('SET', KEYS[1], current, 'EX', ARGV[2])
return 1`;

export interface LatestVersions {
  /** Records `version` of the need unless a newer one is there; fails when Redis does. */
  raise(id: string, version: number): Promise<void>;
  /** The newest version announced, or undefined when Redis has none or cannot say. */
  read(id: string): Promise<number | undefined>;
}

export function latestVersions(redis: RedisConnection | Promise<RedisConnection>, prefix: string): LatestVersions {
  const keyOf = (id: string) => `${prefix}:search-latest:need:${id}`;
  return {
    async raise(id, version) {
      await (await redis).eval(RAISE, 1, keyOf(id), String(version), String(LATEST_VERSION_TTL_S));
    },
    async read(id) {
      try {
        const value = await (await redis).get(keyOf(id));
        return value === null ? undefined : Number(value);
      } catch {
        return undefined;
      }
    },
  };
}
