import { randomBytes } from "node:crypto";
import { AppError } from "../errors";
import type { RedisConnection } from "../platform/redis";

/**
 * Every API process remembers the keys it has authenticated (see authenticate.ts). This value, shared in
 * Redis, says when those memories went stale: whatever takes access away (revoking a key, deactivating or
 * renaming an organisation) sets it to a new random value after writing the database, and every
 * authenticated request reads it, one GET, and trusts a remembered key only if it was looked up under the
 * same value. Random values rather than a counter, and a fresh one when the key is missing, so that a Redis
 * that lost its data (restarted without persistence) never hands out a value some process saw before.
 */
export interface AccessEpoch {
  /** The current value, or undefined when Redis cannot say: then nothing remembered may be trusted. */
  read(): Promise<string | undefined>;
  /** Sets a new value; fails with `unavailable` when Redis cannot be reached. */
  bump(): Promise<void>;
}

const freshValue = (): string => randomBytes(12).toString("hex");

/** A Redis that neither answers nor fails (a stopped server behind an open socket) must not hold requests. */
const REDIS_TIMEOUT_MS = 1000;

async function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `prefix` is the queues' (QUEUE_PREFIX, a hash tag such as `{md}`), so on a Cluster it sits with them. */
export function redisAccessEpoch(redis: RedisConnection, prefix: string): AccessEpoch {
  const key = `${prefix}:access-epoch`;
  return {
    async read() {
      try {
        const value = await within(redis.get(key));
        if (value !== null) return value;
        // Never set, or lost with Redis' data: a fresh value, so that nothing remembered before matches it.
        await within(redis.set(key, freshValue(), "NX"));
        return (await within(redis.get(key))) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async bump() {
      try {
        await within(redis.set(key, freshValue()));
      } catch (error) {
        throw new AppError(
          "unavailable",
          "Access cannot be changed now: the API processes cannot be told (Redis is unreachable); try again",
          { cause: error },
        );
      }
    },
  };
}
