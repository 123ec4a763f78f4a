import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors";
import type { RedisConnection } from "../platform/redis";

/** What a session holds, in Redis under the hash of its id (the id itself is only in the cookie). */
export interface SessionRecord {
  userId: string;
  orgId: string;
  csrfToken: string;
  /** When it was created (ms since the epoch): a session ends `maxAgeS` after, used or not. */
  createdAt: number;
}

export interface SessionStore {
  readonly idleS: number;
  readonly maxAgeS: number;
  create(userId: string, orgId: string): Promise<{ id: string; record: SessionRecord }>;
  /** The session, its idle time restarted; undefined when unknown, expired or too old. */
  read(id: string): Promise<SessionRecord | undefined>;
  end(id: string): Promise<void>;
  /** Ends every session of the user (deleted, its organisation deactivated), or all but `keep` (a new password). */
  endForUser(userId: string, keep?: string): Promise<void>;
}

const digest = (id: string): string => createHash("sha256").update(id).digest("base64url");

function unavailable(error: unknown): never {
  throw new AppError("unavailable", "Sessions cannot be reached now (Redis is unreachable); try again", {
    cause: error,
  });
}

function parse(raw: string | null): SessionRecord | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<SessionRecord>;
    if (typeof value.userId !== "string" || typeof value.orgId !== "string") return undefined;
    if (typeof value.csrfToken !== "string" || typeof value.createdAt !== "number") return undefined;
    return value as SessionRecord;
  } catch {
    return undefined;
  }
}

/**
 * Sessions in Redis: a random 32-byte id (the cookie), stored under its SHA-256 with an idle expiry that each
 * use restarts (GETEX), and a set per user of its sessions' keys so that all of them can be ended. Keys sit
 * under the queues' prefix (a hash tag), so on a Cluster they share one slot with each other.
 */
export function redisSessionStore(
  redis: RedisConnection,
  prefix: string,
  options: { idleS: number; maxAgeS: number },
): SessionStore {
  const sessionKey = (id: string) => `${prefix}:session:${digest(id)}`;
  const userKey = (userId: string) => `${prefix}:user-sessions:${userId}`;
  const { idleS, maxAgeS } = options;
  return {
    idleS,
    maxAgeS,
    async create(userId, orgId) {
      const id = randomBytes(32).toString("base64url");
      const record: SessionRecord = {
        userId,
        orgId,
        csrfToken: randomBytes(32).toString("base64url"),
        createdAt: Date.now(),
      };
      const key = sessionKey(id);
      await redis
        .multi()
        .set(key, JSON.stringify(record), "EX", idleS)
        .sadd(userKey(userId), key)
        .expire(userKey(userId), maxAgeS)
        .exec()
        .catch(unavailable);
      return { id, record };
    },
    async read(id) {
      const key = sessionKey(id);
      const record = parse(await redis.getex(key, "EX", idleS).catch(unavailable));
      if (record && Date.now() - record.createdAt < maxAgeS * 1000) return record;
      if (record) await redis.del(key).catch(unavailable);
      return undefined;
    },
    async end(id) {
      const key = sessionKey(id);
      const record = parse(await redis.get(key).catch(unavailable));
      await redis.del(key).catch(unavailable);
      if (record) await redis.srem(userKey(record.userId), key).catch(unavailable);
    },
    async endForUser(userId, keep) {
      const kept = keep === undefined ? undefined : sessionKey(keep);
      const keys = (await redis.smembers(userKey(userId)).catch(unavailable)).filter((key) => key !== kept);
      if (keys.length > 0) await redis.del(...keys).catch(unavailable);
      if (kept === undefined) await redis.del(userKey(userId)).catch(unavailable);
      else if (keys.length > 0) await redis.srem(userKey(userId), ...keys).catch(unavailable);
    },
  };
}
