import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { configSchema } from "@markedsdialog/core/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** What each app service must be given explicitly (defaults in config.ts point at localhost). */
const REQUIRED: Record<"api" | "worker", string[]> = {
  api: [
    "HOST",
    "PORT",
    "ADMIN_TOKEN",
    "MONGO_URL",
    "MONGO_DB",
    "REDIS_URL",
    "MEILI_URL",
    "MEILI_MASTER_KEY",
    "SMTP_URL",
    "MAIL_FROM",
  ],
  worker: ["MONGO_URL", "MONGO_DB", "REDIS_URL", "MEILI_URL", "MEILI_MASTER_KEY", "SMTP_URL", "MAIL_FROM"],
};
const BACKING = ["mongo", "redis", "meilisearch", "mailpit"];

interface Service {
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition?: string }> | string[];
}
type Compose = { services?: Record<string, Service> };

/** Every variable the code reads: the config schema plus any `process.env.X` under packages/ and services/. */
function variablesTheCodeReads(): Set<string> {
  const names = new Set(Object.keys(configSchema.shape));
  for (const dir of ["packages", "services"]) {
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts") || file.includes("node_modules")) continue;
      const source = readFileSync(join(root, dir, file), "utf8");
      for (const m of source.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*["']([A-Z_][A-Z0-9_]*)["']\s*\])/g)) {
        names.add((m[1] ?? m[2])!);
      }
    }
  }
  return names;
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(env.map((entry) => [entry.split("=")[0]!, entry.split("=").slice(1).join("=")]));
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

const flat = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(" ") : (value ?? ""));

/** Everything wrong with a compose document, as readable sentences; empty when it is fine. */
function composeProblems(compose: Compose, known: Set<string>): string[] {
  const problems: string[] = [];
  const services = compose.services ?? {};
  for (const name of [...BACKING, "api", "worker"]) if (!services[name]) problems.push(`service ${name} is missing`);
  for (const name of [...BACKING, "api"]) {
    if (services[name] && !flat(services[name].healthcheck?.test)) problems.push(`${name} has no healthcheck`);
  }
  if (services["redis"] && !/--maxmemory-policy\s+noeviction/.test(flat(services["redis"].command))) {
    problems.push("redis does not run with --maxmemory-policy noeviction");
  }
  for (const app of ["api", "worker"] as const) {
    const service = services[app];
    if (!service) continue;
    if (!flat(service.command).includes(`services/${app}/src/main.ts`))
      problems.push(`${app} does not run services/${app}/src/main.ts`);
    const deps = service.depends_on ?? {};
    for (const dep of ["mongo", "redis", "meilisearch"]) {
      const condition = Array.isArray(deps) ? undefined : deps[dep]?.condition;
      if (condition !== "service_healthy") problems.push(`${app} does not wait for ${dep} to be healthy`);
    }
    const env = environmentOf(service);
    for (const key of REQUIRED[app]) if (!(key in env)) problems.push(`${app} does not set ${key}`);
    for (const key of Object.keys(env))
      if (!known.has(key)) problems.push(`${app} sets ${key}, which the code never reads`);
  }
  const api = services["api"] && environmentOf(services["api"]);
  const worker = services["worker"] && environmentOf(services["worker"]);
  if (api && worker) {
    for (const key of Object.keys(worker)) {
      if (key in api && api[key] !== worker[key]) problems.push(`api and worker disagree on ${key}`);
    }
    if (api["HOST"] !== "0.0.0.0") problems.push("api must listen on HOST=0.0.0.0 inside its container");
    if (!/^\$\{ADMIN_TOKEN:\?/.test(api["ADMIN_TOKEN"] ?? ""))
      problems.push("api must require ADMIN_TOKEN (${ADMIN_TOKEN:?…})");
  }
  return problems;
}

const readCompose = (): Compose =>
  parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as Compose;

describe("docker-compose.yml", () => {
  const known = variablesTheCodeReads();

  it("the variables the app services are required to get are ones the code reads", () => {
    const unknown = [...REQUIRED.api, ...REQUIRED.worker].filter((key) => !known.has(key));
    assert.deepEqual(unknown, [], "config.ts no longer reads these; update REQUIRED and docker-compose.yml");
  });

  it("declares healthy backing services and gives api and worker every variable they need, and no unknown one", () => {
    assert.deepEqual(composeProblems(readCompose(), known), []);
  });

  it("when a variable goes missing, is misspelt or a dependency is not awaited, then the check says so", () => {
    const compose = readCompose();
    const services = compose.services!;
    const worker = services["worker"]!.environment as Record<string, unknown>;
    delete worker["MONGO_URL"];
    (services["api"]!.environment as Record<string, unknown>)["MONGO_ULR"] = "mongodb://mongo:27017";
    services["redis"]!.command = ["redis-server"];
    // `depends_on: *app-depends` is one object shared by api and worker: replace it, don't edit it.
    services["api"]!.depends_on = { ...services["api"]!.depends_on, meilisearch: { condition: "service_started" } };
    delete services["mailpit"]!.healthcheck;
    assert.deepEqual(composeProblems(compose, known).sort(), [
      "api does not wait for meilisearch to be healthy",
      "api sets MONGO_ULR, which the code never reads",
      "mailpit has no healthcheck",
      "redis does not run with --maxmemory-policy noeviction",
      "worker does not set MONGO_URL",
    ]);
  });
});
