import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config, Logger, RedisConnection } from "@markedsdialog/core";

export interface LimitSettings {
  name: string;
  /** Events allowed per window; 0 turns the limit off. */
  points: number;
  windowS: number;
}

const WARN_EVERY_MS = 60_000;

/**
 * One fixed-window limit, counted in Redis (an atomic INCR with expiry, by rate-limiter-flexible) so that
 * every API process shares it. When Redis fails, the process counts in its own memory instead and logs a
 * warning: each process then enforces the limit alone, which is looser, but no request fails for it.
 */
export class RateLimit {
  readonly settings: LimitSettings;
  private readonly shared: RateLimiterAbstract;
  private readonly local: RateLimiterAbstract;
  private warnedAt = 0;

  constructor(
    redis: RedisConnection,
    prefix: string,
    settings: LimitSettings,
    private readonly logger: Logger,
  ) {
    this.settings = settings;
    const options = {
      points: settings.points,
      duration: settings.windowS,
      keyPrefix: `${prefix}:ratelimit:${settings.name}`,
    };
    this.shared = new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true });
    this.local = new RateLimiterMemory(options);
  }

  get enabled(): boolean {
    return this.settings.points > 0;
  }

  /** Counts one event for `key`; when it is over the limit, the milliseconds until the window ends. */
  async hit(key: string): Promise<number | undefined> {
    if (!this.enabled) return undefined;
    const outcome = await this.withFallback((limiter) => limiter.consume(key));
    return outcome instanceof RateLimiterRes && outcome.consumedPoints > this.settings.points
      ? outcome.msBeforeNext
      : undefined;
  }

  /** Without counting: when `key` has used up its window, the milliseconds until it ends. */
  async exhausted(key: string): Promise<number | undefined> {
    if (!this.enabled) return undefined;
    const outcome = await this.withFallback((limiter) => limiter.get(key));
    return outcome instanceof RateLimiterRes && outcome.consumedPoints >= this.settings.points
      ? outcome.msBeforeNext
      : undefined;
  }

  /** rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when the store fails. */
  private async withFallback(run: (limiter: RateLimiterAbstract) => Promise<RateLimiterRes | null>) {
    const settle = (limiter: RateLimiterAbstract) =>
      run(limiter).catch((outcome: unknown) => {
        if (outcome instanceof RateLimiterRes) return outcome;
        throw outcome;
      });
    try {
      return await settle(this.shared);
    } catch (err) {
      if (Date.now() - this.warnedAt > WARN_EVERY_MS) {
        this.warnedAt = Date.now();
        this.logger.warn({ err, limit: this.settings.name }, "rate limit: Redis failed; counting in this process only");
      }
      return settle(this.local);
    }
  }
}

export interface RateLimits {
  /** Failed authentications per client address. */
  authFailures: RateLimit;
  /** Searches per API key, or per client address without one. */
  search: RateLimit;
  /** Writes per organisation. */
  writes: RateLimit;
  /** Sign-in links asked for, per e-mail address and per client address. */
  magicLinkEmail: RateLimit;
  magicLinkAddress: RateLimit;
  /** Password sign-in attempts, per e-mail address and per client address. */
  passwordEmail: RateLimit;
  passwordAddress: RateLimit;
}

export function createRateLimits(redis: RedisConnection, config: Config, logger: Logger): RateLimits {
  const limit = (name: string, points: number, windowS: number) =>
    new RateLimit(redis, config.QUEUE_PREFIX, { name, points, windowS }, logger);
  return {
    authFailures: limit("auth-failures", config.RATE_LIMIT_AUTH_FAILURES, config.RATE_LIMIT_AUTH_WINDOW_S),
    search: limit("search", config.RATE_LIMIT_SEARCH, config.RATE_LIMIT_SEARCH_WINDOW_S),
    writes: limit("writes", config.RATE_LIMIT_WRITES, config.RATE_LIMIT_WRITES_WINDOW_S),
    magicLinkEmail: limit("magic-link-email", config.RATE_LIMIT_MAGIC_LINK_EMAIL, config.RATE_LIMIT_SIGN_IN_WINDOW_S),
    magicLinkAddress: limit(
      "magic-link-address",
      config.RATE_LIMIT_MAGIC_LINK_ADDRESS,
      config.RATE_LIMIT_SIGN_IN_WINDOW_S,
    ),
    passwordEmail: limit("password-email", config.RATE_LIMIT_PASSWORD_EMAIL, config.RATE_LIMIT_SIGN_IN_WINDOW_S),
    passwordAddress: limit("password-address", config.RATE_LIMIT_PASSWORD_ADDRESS, config.RATE_LIMIT_SIGN_IN_WINDOW_S),
  };
}
