import { Redis } from "ioredis";
import type { Queue } from "bullmq";
import { createQueue, pingDatabase, QUEUES, type Config, type Logger, type SearchSyncJob } from "@markedsdialog/core";
import type { SearchEngine } from "@markedsdialog/core/search/types";

/** What request handlers need: configuration, logger, queue producers and the search engine. */
export interface AppContext {
  config: Config;
  logger: Logger;
  redis: Redis;
  queues: { searchSync: Queue<SearchSyncJob> };
  search: SearchEngine | undefined;
  version: string;
  /** Handlers still running; shutdown waits for them before closing the database under them. */
  inFlight: InFlight;
}

/** Counts running handlers. A client that hangs up does not stop its handler, so this is not the socket count. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves when nothing runs, or after timeoutMs. */
  idle(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Producers fail fast when Redis is away instead of queueing commands in memory. */
export function createProducerRedis(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
}

/** Resolves once Redis answers, or fails with a message naming the URL's host. */
async function connected(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
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

export async function createContext(config: Config, logger: Logger, search?: SearchEngine): Promise<AppContext> {
  if (!config.REDIS_URL) throw new Error("REDIS_URL is required");
  const redis = createProducerRedis(config.REDIS_URL);
  redis.on("error", (err) => logger.warn({ err }, "redis connection error"));
  await connected(redis, config.REDIS_URL);
  return {
    config,
    logger,
    redis,
    queues: { searchSync: createQueue<SearchSyncJob>(QUEUES.searchSync, redis, config.QUEUE_PREFIX) },
    search,
    version: "0.1.0",
    inFlight: new InFlight(),
  };
}

export async function readiness(ctx: AppContext): Promise<Record<string, boolean>> {
  const check = async (probe: () => Promise<unknown>) => {
    try {
      return Boolean(
        await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]),
      );
    } catch {
      return false;
    }
  };
  const [database, redis, search] = await Promise.all([
    check(pingDatabase),
    check(async () => (await ctx.redis.ping()) === "PONG"),
    check(async () => (ctx.search ? ctx.search.ping() : false)),
  ]);
  return { database, redis, search };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.queues.searchSync.close();
  ctx.redis.disconnect();
}
