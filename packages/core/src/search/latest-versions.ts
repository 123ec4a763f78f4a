/**
 * The newest version of each need its writers have announced to search-sync, in one Redis hash under the
 * queue prefix (a Redis Cluster hash tag, with the queues). The producer raises it before it enqueues the
 * job (never lowers it: writers announce in any order), so a search-sync job that wrote its need's
 * document learns from one Redis read whether a newer version was written since, instead of reading the
 * need (search/sync.ts). A version not there (Redis lost it, or could not be read) sends the check to the
 * database.
 */
import type { RedisConnection } from "../platform/redis";

const RAISE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (not current) or tonumber(current) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1`;

export interface LatestVersions {
  /** Records `version` of the need unless a newer one is there; fails when Redis does. */
  raise(id: string, version: number): Promise<void>;
  /** The newest version announced, or undefined when Redis has none or cannot say. */
  read(id: string): Promise<number | undefined>;
}

export function latestVersions(redis: RedisConnection | Promise<RedisConnection>, prefix: string): LatestVersions {
  const key = `${prefix}:search-latest:needs`;
  return {
    async raise(id, version) {
      await (await redis).eval(RAISE, 1, key, id, String(version));
    },
    async read(id) {
      try {
        const value = await (await redis).hget(key, id);
        return value === null ? undefined : Number(value);
      } catch {
        return undefined;
      }
    },
  };
}
