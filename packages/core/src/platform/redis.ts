import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { Config } from "../config";

/** One Redis server or a Redis Cluster (REDIS_CLUSTER=true); BullMQ takes either. */
export type RedisConnection = Redis | Cluster;

/**
 * Producers fail fast when Redis is away instead of queueing commands in memory; workers block on Redis,
 * so they need maxRetriesPerRequest null and retry connecting for ever (BullMQ's rules for each).
 */
const ROLE_OPTIONS = {
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  worker: { enableOfflineQueue: true, maxRetriesPerRequest: null },
} satisfies Record<string, RedisOptions>;

/** The connection REDIS_URL and REDIS_CLUSTER describe, for a queue producer or a worker. */
export function createRedisConnection(
  config: Pick<Config, "REDIS_URL" | "REDIS_CLUSTER">,
  role: keyof typeof ROLE_OPTIONS,
): RedisConnection {
  if (!config.REDIS_URL) throw new Error("REDIS_URL is required");
  const { enableOfflineQueue, maxRetriesPerRequest } = ROLE_OPTIONS[role];
  if (!config.REDIS_CLUSTER) return new Redis(config.REDIS_URL, { enableOfflineQueue, maxRetriesPerRequest });
  const url = new URL(config.REDIS_URL);
  // The URL names one node (a seed); ioredis learns the others and the slot map from CLUSTER SLOTS.
  return new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], {
    enableOfflineQueue,
    redisOptions: {
      maxRetriesPerRequest,
      ...(url.username && { username: decodeURIComponent(url.username) }),
      ...(url.password && { password: decodeURIComponent(url.password) }),
      ...(url.protocol === "rediss:" && { tls: { servername: url.hostname } }),
    },
  });
}

/** Resolves once Redis answers, or fails with a message naming the URL's host (never its password). */
export async function redisReady(redis: RedisConnection, url: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Redis at ${new URL(url).host} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
