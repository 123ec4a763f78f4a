import { z } from "zod";
import { parseCidr } from "./webhooks/addresses";
import { parseReminderLead } from "./notifications/reminder-time";

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .pipe(z.url().optional())
  .optional();

/** A whole number from the environment; unset or empty means the default. */
const envInt = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? fallback : value),
    z.coerce.number().int().min(min).max(max),
  );

/**
 * Which proxies' X-Forwarded-For the API believes (express's "trust proxy"): unset or `false` none, a number
 * of hops, or a comma-separated list of addresses, subnets and `loopback`/`linklocal`/`uniquelocal`.
 * `true` (any sender) is refused: every client could then name its own address and escape the limits.
 */
const trustProxySchema = z
  .string()
  .trim()
  .default("false")
  .transform((value, ctx) => {
    if (value === "" || value === "false") return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const list = value.split(",").map((item) => item.trim());
    const bad = list.find((item) => !/^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)$/.test(item));
    if (value === "true" || bad !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `must be false, a number of hops or a list of proxy addresses or subnets (not ${JSON.stringify(bad ?? value)})`,
      });
      return z.NEVER;
    }
    return list;
  });

/** Every environment variable the services read. Parsed once at boot into a frozen object. */
/** A reminder lead (notifications/reminder-time.ts): `2d@09:00` or a duration such as `90s`. */
const leadSchema = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const lead = parseReminderLead(value.trim() || fallback);
      if (!lead) {
        ctx.addIssue({ code: "custom", message: `must be like 2d@09:00 or 48h (not ${JSON.stringify(value)})` });
        return z.NEVER;
      }
      return lead;
    });

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  MONGO_URL: optionalUrl,
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default("markedsdialog"),
  REDIS_URL: optionalUrl,
  /** REDIS_URL names one node of a Redis Cluster; the others are discovered from it. */
  REDIS_CLUSTER: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((value) => value === "true"),
  /** With Redis Sentinel: the name of the monitored master; REDIS_URL then names one sentinel. */
  REDIS_SENTINEL_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{0,100}$/)
    .transform((value) => value || undefined)
    .optional(),
  /**
   * BullMQ's key prefix, used as a Redis Cluster hash tag: `md` becomes `{md}`, so every key of every queue
   * hashes to one slot (BullMQ's scripts touch several keys at once, which a cluster allows only within one).
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default("md")
    .transform((prefix) => `{${prefix}}`),
  MEILI_URL: optionalUrl,
  MEILI_MASTER_KEY: z.string().optional(),
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,40}$/)
    .default(""),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default("Markedsdialog <noreply@markedsdialog.local>"),
  /** Where links in notifications point (the API's public address). */
  PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  /** Signs unsubscribe tokens and webhook bodies (HMAC-SHA256); set it in every deployment. */
  NOTIFY_SECRET: z.string().min(16, "must be at least 16 characters").default("development-only-notify-secret"),
  /** Jobs one worker runs at once, per queue. */
  WORKER_CONCURRENCY: envInt(1, 256, 4),
  /**
   * search-sync jobs one worker runs at once: they mostly wait for the index, and with Meilisearch the
   * writes that arrive together go out as one task (search/batching.ts), so more at once is cheaper.
   */
  SEARCH_SYNC_CONCURRENCY: envInt(1, 1024, 32),
  /** A job whose worker stopped answering this long (killed) is handed to another worker. */
  WORKER_LOCK_MS: envInt(1000, 600_000, 30_000),
  /** How often the worker re-enqueues notification events not yet fanned out (Redis was away). */
  NOTIFY_SWEEP_MS: envInt(200, 3_600_000, 30_000),
  /** Delivery records one deliver job carries (of one channel); rate limits may make it smaller. */
  NOTIFY_BATCH_SIZE: envInt(1, 1000, 50),
  /** E-mails sent per second at most, over all workers (BullMQ's limiter on deliver-email). 0: no limit. */
  NOTIFY_RATE_EMAIL_PER_S: envInt(0, 100_000, 0),
  /** Webhook calls per second at most, over all workers (deliver-webhook). 0: no limit. */
  NOTIFY_RATE_WEBHOOK_PER_S: envInt(0, 100_000, 0),
  /** Tries of one match-need job (exponential backoff from 0.5 s); after the last, the sweeper retries it. */
  MATCH_NEED_ATTEMPTS: envInt(1, 100, 8),
  /** Attempts of one delivery (inbox, e-mail, webhook) before it is marked failed. */
  DELIVERY_ATTEMPTS: envInt(1, 50, 8),
  /** The first retry's delay; each next one doubles it (500 ms, 1 s, 2 s, … 32 s for 8 attempts). */
  DELIVERY_BACKOFF_MS: envInt(1, 3_600_000, 500),
  /**
   * A pending delivery untouched this long may be replayed, if its job is gone or over (a crash); a replay's
   * claim left this long by a crashed replay is taken over.
   */
  DELIVERY_ABANDONED_MS: envInt(1_000, 3_600_000, 60_000),
  /** A webhook that has not answered completely within this long counts as a failed attempt. */
  WEBHOOK_TIMEOUT_MS: envInt(100, 120_000, 10_000),
  /** On SIGTERM: how long running jobs and requests may take; jobs still running then go back to their queue. */
  SHUTDOWN_GRACE_MS: envInt(0, 600_000, 20_000),
  /** Another bearer token that may read GET /metrics besides ADMIN_TOKEN, for a scraper. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** The worker process serves GET /metrics on this port (on HOST); unset: it serves none. `0`: any free port. */
  WORKER_METRICS_PORT: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  /** How often the worker schedules every digest subscription's next digest again (jobs Redis lost). */
  DIGEST_SWEEP_MS: envInt(1000, 86_400_000, 3_600_000),
  /**
   * How long before a milestone its reminder goes: `2d@09:00` (09:00 Oslo time two calendar days before the
   * milestone's day), or a duration before its instant (`90s`, `30m`, `6h`, `2d`).
   */
  REMINDER_LEAD: z
    .string()
    .default("2d@09:00")
    .transform((value, ctx) => {
      const lead = parseReminderLead(value.trim() || "2d@09:00");
      if (!lead) {
        ctx.addIssue({ code: "custom", message: `must be like 2d@09:00 or 48h (not ${JSON.stringify(value)})` });
        return z.NEVER;
      }
      return lead;
    }),
  /** Conferences: before the registration deadline, to invited suppliers not registered (form as REMINDER_LEAD). */
  CONFERENCE_DEADLINE_LEAD: leadSchema("2d@09:00"),
  /** Conferences: before the start, to the registered participants (`1d@09:00`: 09:00 the day before). */
  CONFERENCE_DAY_BEFORE_LEAD: leadSchema("1d@09:00"),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
  TRUST_PROXY: trustProxySchema,
  /** Failed authentications per client address within the window; then 429 for requests with a key. 0: off. */
  RATE_LIMIT_AUTH_FAILURES: envInt(0, 1_000_000, 100),
  RATE_LIMIT_AUTH_WINDOW_S: envInt(1, 86_400, 900),
  /** Searches per API key (or client address, without one) within the window. 0: off. */
  RATE_LIMIT_SEARCH: envInt(0, 1_000_000, 300),
  RATE_LIMIT_SEARCH_WINDOW_S: envInt(1, 86_400, 60),
  /** Writes (POST, PUT, PATCH, DELETE) per organisation within the window; the admin is not limited. 0: off. */
  RATE_LIMIT_WRITES: envInt(0, 1_000_000, 300),
  RATE_LIMIT_WRITES_WINDOW_S: envInt(1, 86_400, 60),
  /** Sign-in links asked for one e-mail address within the sign-in window. 0: off. */
  RATE_LIMIT_MAGIC_LINK_EMAIL: envInt(0, 1_000_000, 5),
  /** Sign-in links asked for from one client address within the sign-in window. 0: off. */
  RATE_LIMIT_MAGIC_LINK_ADDRESS: envInt(0, 1_000_000, 30),
  /** Password sign-in attempts for one e-mail address within the sign-in window. 0: off. */
  RATE_LIMIT_PASSWORD_EMAIL: envInt(0, 1_000_000, 10),
  /** Password sign-in attempts from one client address within the sign-in window. 0: off. */
  RATE_LIMIT_PASSWORD_ADDRESS: envInt(0, 1_000_000, 50),
  RATE_LIMIT_SIGN_IN_WINDOW_S: envInt(1, 86_400, 900),
  /** A session not used for this long ends (each request restarts it). */
  SESSION_IDLE_S: envInt(60, 30 * 86_400, 12 * 3600),
  /** A session ends this long after sign-in however much it is used; also the cookie's Max-Age. */
  SESSION_MAX_AGE_S: envInt(60, 365 * 86_400, 7 * 86_400),
  /**
   * Networks a webhook may point into although they are private, loopback or link-local (refused otherwise),
   * as comma-separated CIDR ranges: `127.0.0.0/8,::1/128` lets tests deliver to a local receiver.
   */
  WEBHOOK_ALLOW_NETWORKS: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const ranges = value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      for (const range of ranges) {
        if (!parseCidr(range))
          ctx.addIssue({ code: "custom", message: `${range} is not a CIDR range such as 127.0.0.0/8` });
      }
      return ranges;
    }),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Rules across variables, checked after each variable is valid on its own. */
function crossChecks(config: z.infer<typeof configSchema>): string[] {
  const problems: string[] = [];
  if (config.REDIS_CLUSTER && config.REDIS_SENTINEL_NAME)
    problems.push("  REDIS_SENTINEL_NAME: cannot be combined with REDIS_CLUSTER=true (choose one)");
  if (config.REDIS_SENTINEL_NAME && config.REDIS_URL?.startsWith("rediss:"))
    problems.push("  REDIS_URL: TLS (rediss://) is not supported with Sentinel; name a sentinel as redis://host:26379");
  return problems;
}

/** Names of the variables, for documentation and the docker-compose check. */
export const configVariables = Object.keys(configSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const problems = crossChecks(result.data);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  return Object.freeze(result.data);
}
