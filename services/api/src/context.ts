import type { Queue } from "bullmq";
import {
  createQueue,
  createRedisConnection,
  DELIVER_QUEUES,
  deliverJobOptions,
  pingDatabase,
  QUEUES,
  redisAccessEpoch,
  redisSessionStore,
  type SessionStore,
  redisReady,
  type AccessEpoch,
  type Config,
  type Logger,
  type RedisConnection,
  type SearchSyncJob,
  type MatchNeedJob,
  type DeliverChannel,
  type DeliverJob,
  type DigestJob,
  type ConferenceNotifyJob,
  type ConferenceRemindJob,
} from "@markedsdialog/core";
import type { SearchEngine } from "@markedsdialog/core/search/types";
import { createRateLimits, type RateLimits } from "./http/rate-limit";
import { createApiMetrics, type ApiMetrics } from "./http/metrics";

/** What request handlers need: configuration, logger, queue producers, the search engine and the rate limits. */
export interface AppContext {
  config: Config;
  logger: Logger;
  redis: RedisConnection;
  /** Tells every API process that keys or organisations changed (see core auth/access-epoch.ts). */
  accessEpoch: AccessEpoch;
  /** People's sessions (cookie `md_session`), in Redis. */
  sessions: SessionStore;
  /**
   * Producers only; `deliver` (a queue per channel) takes replays of failed deliveries, `digest` the digests
   * asked for and scheduled.
   */
  queues: {
    searchSync: Queue<SearchSyncJob>;
    matchNeed: Queue<MatchNeedJob>;
    deliver: Record<DeliverChannel, Queue<DeliverJob>>;
    digest: Queue<DigestJob>;
    /** Conference messages to fan out, and the conferences' delayed reminders. */
    conferenceNotify: Queue<ConferenceNotifyJob>;
    conferenceRemind: Queue<ConferenceRemindJob>;
  };
  /** Every queue in QUEUES, for the queue dashboard (/admin/queues) and the queue depths in /metrics. */
  allQueues: Queue[];
  metrics: ApiMetrics;
  search: SearchEngine | undefined;
  /** Counted in Redis, so shared by every API process. */
  limits: RateLimits;
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

export async function createContext(config: Config, logger: Logger, search?: SearchEngine): Promise<AppContext> {
  if (!config.REDIS_URL) throw new Error("REDIS_URL is required");
  const redis = createRedisConnection(config, "producer");
  redis.on("error", (err) => logger.warn({ err }, "redis connection error"));
  await redisReady(redis, config.REDIS_URL).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  const allQueues = Object.values(QUEUES).map((name) => createQueue(name, redis, config.QUEUE_PREFIX));
  for (const queue of allQueues) queue.on("error", (err) => logger.warn({ err, queue: queue.name }, "queue error"));
  return {
    config,
    logger,
    redis,
    accessEpoch: redisAccessEpoch(redis, config.QUEUE_PREFIX),
    sessions: redisSessionStore(redis, config.QUEUE_PREFIX, {
      idleS: config.SESSION_IDLE_S,
      maxAgeS: config.SESSION_MAX_AGE_S,
    }),
    queues: {
      searchSync: createQueue<SearchSyncJob>(QUEUES.searchSync, redis, config.QUEUE_PREFIX),
      matchNeed: createQueue<MatchNeedJob>(QUEUES.matchNeed, redis, config.QUEUE_PREFIX),
      deliver: Object.fromEntries(
        Object.entries(DELIVER_QUEUES).map(([channel, name]) => [
          channel,
          createQueue<DeliverJob>(name, redis, config.QUEUE_PREFIX, deliverJobOptions(config)),
        ]),
      ) as Record<DeliverChannel, Queue<DeliverJob>>,
      digest: createQueue<DigestJob>(QUEUES.digest, redis, config.QUEUE_PREFIX),
      conferenceNotify: createQueue<ConferenceNotifyJob>(QUEUES.conferenceNotify, redis, config.QUEUE_PREFIX),
      conferenceRemind: createQueue<ConferenceRemindJob>(QUEUES.conferenceRemind, redis, config.QUEUE_PREFIX),
    },
    allQueues,
    metrics: createApiMetrics(allQueues, logger),
    search,
    limits: createRateLimits(redis, config, logger),
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
  const { deliver, ...single } = ctx.queues;
  const queues = [...Object.values(single), ...Object.values(deliver), ...ctx.allQueues];
  // A queue closed before its connection's start-up check ended would report that check's failure unheard.
  await Promise.allSettled(queues.map((queue) => queue.waitUntilReady()));
  await Promise.all(queues.map((queue) => queue.close()));
  ctx.redis.disconnect();
}
