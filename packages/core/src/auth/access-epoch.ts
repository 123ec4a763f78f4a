import { randomBytes } from "node:crypto";
import { AppError } from "../errors";
import type { RedisConnection } from "../platform/redis";

/**
 * Every API process remembers the keys it has authenticated (see authenticate.ts). This value, shared in
 * Redis, says when those memories went stale: whatever takes access away (revoking a key, deactivating or
 * renaming an organisation) sets it to a new random value after writing the database, and every
 * authenticated request reads it, one GET, and trusts a remembered key only if it was looked up under the
 * same value. A random value rather than a counter, so that a Redis that lost its data (restarted without
 * persistence) never hands out a value some process saw before.
 */
export interface AccessEpoch {
  /** The current value, or undefined when Redis cannot say: then nothing remembered may be trusted. */
  read(): Promise<string | undefined>;
  /** Sets a new value; fails with `unavailable` when Redis cannot be reached. */
  bump(): Promise<void>;
}

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

export function redisAccessEpoch(redis: RedisConnection, prefix: string): AccessEpoch {
  // The queue's hash tag, so that on a Cluster it sits with the queue keys.
  const key = `{${prefix}}:access-epoch`;
  return {
    async read() {
      try {
        return (await within(redis.get(key))) ?? "unset";
      } catch {
        return undefined;
      }
    },
    async bump() {
      try {
        await within(redis.set(key, randomBytes(12).toString("hex")));
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
