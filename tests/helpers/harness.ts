import { randomBytes } from "node:crypto";
import request from "supertest";
import type { Express } from "express";
import { connectDatabase, createLogger, disconnectDatabase, loadConfig, withCheckDigit, type Config } from "@markedsdialog/core";
import { createApp } from "@markedsdialog/api/app";
import { closeContext, createContext, type AppContext } from "@markedsdialog/api/context";

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
  http: ReturnType<typeof request>;
  /** Registers an organisation through the API and issues it a key. */
  organization(kind: "buyer" | "supplier" | "organiser", extra?: Record<string, unknown>): Promise<{ id: string; token: string; name: string }>;
  close(): Promise<void>;
}

/** Starts the real app against the run's FerretDB/MongoDB and Redis, in a database of its own. */
export async function startHarness(name: string, env: Record<string, string> = {}): Promise<Harness> {
  const suffix = `${name}_${process.pid}_${randomBytes(3).toString("hex")}`.replace(/[^A-Za-z0-9_]/g, "_");
  const config = loadConfig({
    ...process.env,
    MONGO_DB: `t_${suffix}`.slice(0, 60),
    QUEUE_PREFIX: `t_${suffix}`.slice(0, 40),
    ADMIN_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...env,
  });
  if (!config.MONGO_URL || !config.REDIS_URL) throw new Error("Run the tests with `npm test`: it starts FerretDB and Redis");
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  const ctx = await createContext(config, createLogger(config.LOG_LEVEL, "test"));
  const app = createApp(ctx);
  const http = request(app);
  return {
    app,
    ctx,
    config,
    http,
    async organization(kind, extra = {}) {
      const name = `${kind} ${++serial} ${randomBytes(2).toString("hex")}`;
      const org = await http
        .post("/api/v1/organizations")
        .set("Authorization", `Bearer ${ADMIN_TOKEN}`)
        .send({ kind, name, orgNumber: freshOrgNumber(), municipality: "3207", ...(kind === "buyer" && { buyerType: "kommune" }), ...extra });
      if (org.status !== 201) throw new Error(`could not create organisation: ${org.status} ${JSON.stringify(org.body)}`);
      const key = await http.post(`/api/v1/organizations/${org.body.id}/api-keys`).set("Authorization", `Bearer ${ADMIN_TOKEN}`).send({});
      if (key.status !== 201) throw new Error(`could not issue key: ${key.status} ${JSON.stringify(key.body)}`);
      return { id: org.body.id as string, token: key.body.token as string, name };
    },
    async close() {
      await closeContext(ctx);
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
    description: "Kommunen ønsker dialog med leverandører om utslippsfri vinterdrift, sensorer for føreforhold og beredskap.",
    cpv: ["90620000-9", "90630000"],
    estimatedValueNok: { min: 40_000_000, max: 60_000_000 },
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: { dialogueOpens: "2027-01-15", plannedNotice: "2027-04-01", contractStart: "2027-10-01", durationMonths: 48 },
    ...extra,
  };
}
