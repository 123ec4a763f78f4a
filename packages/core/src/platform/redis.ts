import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { Config } from "../config";

/** One Redis server (directly or through Sentinel) or a Redis Cluster (REDIS_CLUSTER=true); BullMQ takes either. */
export type RedisConnection = Redis | Cluster;

/**
 * Producers fail fast when Redis is away instead of queueing commands in memory; workers block on Redis,
 * so they need maxRetriesPerRequest null and retry connecting for ever (BullMQ's rules for each).
 */
const ROLE_OPTIONS = {
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  worker: { enableOfflineQueue: true, maxRetriesPerRequest: null },
} satisfies Record<string, RedisOptions>;

/**
 * The connection REDIS_URL, REDIS_CLUSTER and REDIS_SENTINEL_NAME describe, for a queue producer or a worker.
 * With a cluster or Sentinel, REDIS_URL names one node or one sentinel to start from (its user and password,
 * if any, are the Redis server's); ioredis learns the other nodes, or the current master, from it.
 */
export function createRedisConnection(
  config: Pick<Config, "REDIS_URL" | "REDIS_CLUSTER" | "REDIS_SENTINEL_NAME">,
  role: keyof typeof ROLE_OPTIONS,
): RedisConnection {
  if (!config.REDIS_URL) throw new Error("REDIS_URL is required");
  const options = ROLE_OPTIONS[role];
  if (!config.REDIS_CLUSTER && !config.REDIS_SENTINEL_NAME) return new Redis(config.REDIS_URL, options);
  const url = new URL(config.REDIS_URL);
  const node = { host: url.hostname, port: Number(url.port || (config.REDIS_SENTINEL_NAME ? 26379 : 6379)) };
  const server: RedisOptions = {
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
  };
  if (config.REDIS_SENTINEL_NAME)
    return new Redis({ ...options, ...server, sentinels: [node], name: config.REDIS_SENTINEL_NAME });
  return new Cluster([node], {
    enableOfflineQueue: options.enableOfflineQueue,
    // rediss://: every node is reached over TLS, each checked against its own host name.
    redisOptions: {
      ...server,
      ...(url.protocol === "rediss:" && { tls: {} }),
      maxRetriesPerRequest: options.maxRetriesPerRequest,
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
