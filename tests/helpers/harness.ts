import { randomBytes } from "node:crypto";
import request from "supertest";
import type { Express } from "express";
import {
  connectDatabase,
  createLogger,
  disconnectDatabase,
  loadConfig,
  withCheckDigit,
  type Config,
} from "@markedsdialog/core";
import { createApp } from "@markedsdialog/api/app";
import { closeContext, createContext, type AppContext } from "@markedsdialog/api/context";
import { searchRoutes } from "@markedsdialog/api/routes/search";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { connectSearchSync } from "@markedsdialog/core/search/producer";
import { connectNotifications } from "@markedsdialog/core/notifications/producer";
import type { SearchEngine } from "@markedsdialog/core/search/types";
import { startWorkers, type Workers } from "@markedsdialog/worker/worker";
import { dropMeiliIndexes, meiliServer, type EngineName } from "./engines";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

let serial = 0;
/** A valid organisation number that no other test run uses. */
export function freshOrgNumber(): string {
  for (;;) {
    const first8 = `9${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, "0")}`;
    const number = withCheckDigit(first8);
    if (number) return number;
  }
}

export interface Harness {
  app: Express;
  ctx: AppContext;
  config: Config;
  search: SearchEngine;
  /** The in-process workers, when started with `workers: true`. */
  workers?: Workers;
  http: ReturnType<typeof request>;
  /** Registers an organisation through the API and issues it a key. */
  organization(
    kind: "buyer" | "supplier" | "organiser",
    extra?: Record<string, unknown>,
  ): Promise<{ id: string; token: string; name: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Start the search-sync workers in this process. */
  workers?: boolean;
  /**
   * The search engine: "meilisearch" uses the run's server (TEST_MEILI_URL or MEILI_URL) in indexes of its
   * own, deleted on close; "embedded" ignores MEILI_URL. Unset: whatever MEILI_URL says.
   */
  engine?: EngineName;
}

/** The MEILI_* variables that make the configuration pick the requested engine. */
function engineEnv(engine: EngineName | undefined): Record<string, string> {
  if (engine === undefined) return {};
  if (engine === "embedded") return { MEILI_URL: "" };
  const server = meiliServer();
  if (!server) throw new Error("engine meilisearch asked for, but TEST_MEILI_URL and MEILI_URL are unset");
  return { MEILI_URL: server.url, ...(server.key && { MEILI_MASTER_KEY: server.key }) };
}

/** Starts the real app against the run's FerretDB/MongoDB and Redis, in a database of its own. */
export async function startHarness(
  name: string,
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const suffix = `${name}_${process.pid}_${randomBytes(3).toString("hex")}`.replace(/[^A-Za-z0-9_]/g, "_");
  const prefix = `t_${suffix}`.slice(0, 40);
  const config = loadConfig({
    ...process.env,
    MONGO_DB: `t_${suffix}`.slice(0, 60),
    QUEUE_PREFIX: prefix,
    MEILI_INDEX_PREFIX: `${prefix.slice(0, 39)}_`,
    ADMIN_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...env,
    ...engineEnv(options.engine),
  });
  if (!config.MONGO_URL || !config.REDIS_URL)
    throw new Error("Run the tests with `npm test`: it starts FerretDB and Redis");
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  const logger = createLogger(config.LOG_LEVEL, "test");
  const indexPrefix = config.MEILI_INDEX_PREFIX;
  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  const ctx = await createContext(config, logger, search);
  const disconnectSync = connectSearchSync(ctx.queues.searchSync);
  const disconnectNotify = connectNotifications(ctx.queues.matchNeed);
  const workers = options.workers ? startWorkers({ config, logger, search }) : undefined;
  const app = createApp(ctx, searchRoutes);
  const http = request(app);
  return {
    app,
    ctx,
    config,
    search,
    workers,
    http,
    async organization(kind, extra = {}) {
      const name = `${kind} ${++serial} ${randomBytes(2).toString("hex")}`;
      const org = await http
        .post("/api/v1/organizations")
        .set("Authorization", `Bearer ${ADMIN_TOKEN}`)
        .send({
          kind,
          name,
          orgNumber: freshOrgNumber(),
          municipality: "3207",
          ...(kind === "buyer" && { buyerType: "kommune" }),
          ...extra,
        });
      if (org.status !== 201)
        throw new Error(`could not create organisation: ${org.status} ${JSON.stringify(org.body)}`);
      const key = await http
        .post(`/api/v1/organizations/${org.body.id}/api-keys`)
        .set("Authorization", `Bearer ${ADMIN_TOKEN}`)
        .send({});
      if (key.status !== 201) throw new Error(`could not issue key: ${key.status} ${JSON.stringify(key.body)}`);
      return { id: org.body.id as string, token: key.body.token as string, name };
    },
    async close() {
      disconnectSync();
      disconnectNotify();
      await workers?.close();
      await ctx.queues.searchSync.obliterate({ force: true }).catch(() => undefined);
      await ctx.queues.matchNeed.obliterate({ force: true }).catch(() => undefined);
      await closeContext(ctx);
      await search.close();
      if (search.kind === "meilisearch" && config.MEILI_URL) {
        await dropMeiliIndexes({ url: config.MEILI_URL, key: config.MEILI_MASTER_KEY }, indexPrefix);
      }
      await disconnectDatabase();
    },
  };
}

export const bearer = (token: string): [string, string] => ["Authorization", `Bearer ${token}`];

/** A realistic need body; override fields per test. */
export function needBody(extra: Record<string, unknown> = {}) {
  return {
    title: "Vinterdrift av kommunale veier i Nordre Follo 2027–2031",
    challenge: "Vi trenger forutsigbar brøyting og strøing av 180 km kommunal vei med færre utslipp.",
    description:
      "Kommunen ønsker dialog med leverandører om utslippsfri vinterdrift, sensorer for føreforhold og beredskap.",
    cpv: ["90620000-9", "90630000"],
    estimatedValueNok: { min: 40_000_000, max: 60_000_000 },
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-01-15",
      plannedNotice: "2027-04-01",
      contractStart: "2027-10-01",
      durationMonths: 48,
    },
    ...extra,
  };
}

/** Polls until the condition holds: the index follows the database through the queue, asynchronously. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}
