import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { configSchema } from "@markedsdialog/core/config";
import { seedEnvSchema } from "@markedsdialog/seed/setting";

const root = fileURLToPath(new URL("..", import.meta.url));

/** What each app service must be given explicitly (defaults in config.ts point at localhost). */
const REQUIRED: Record<App, string[]> = {
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
  seed: ["MONGO_URL", "MONGO_DB", "MEILI_URL", "MEILI_MASTER_KEY", "SEED"],
};
type App = "api" | "worker" | "seed";
const APPS: App[] = ["api", "worker", "seed"];
/** The npm script each app service runs and the entry point that script must start. */
const ENTRY: Record<App, { script: string; file: string }> = {
  api: { script: "start:api", file: "services/api/src/main.ts" },
  worker: { script: "start:worker", file: "services/worker/src/main.ts" },
  seed: { script: "seed", file: "seed/src/cli.ts" },
};
/** The backing services each app service must wait for. */
const WAITS_FOR: Record<App, string[]> = {
  api: ["mongo", "redis", "meilisearch"],
  worker: ["mongo", "redis", "meilisearch"],
  seed: ["mongo", "meilisearch"],
};
const BACKING = ["mongo", "redis", "meilisearch", "mailpit"];

interface Service {
  image?: string;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition?: string }> | string[];
}
type Compose = { services?: Record<string, Service> };
type Scripts = Record<string, string>;

/** Every variable the code reads: the config and seed schemas plus any `process.env.X` under packages/ and services/. */
function variablesTheCodeReads(): Set<string> {
  const names = new Set([...Object.keys(configSchema.shape), ...Object.keys(seedEnvSchema.shape)]);
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
function composeProblems(compose: Compose, known: Set<string>, scripts: Scripts): string[] {
  const problems: string[] = [];
  const services = compose.services ?? {};
  for (const name of [...BACKING, ...APPS]) if (!services[name]) problems.push(`service ${name} is missing`);
  for (const name of [...BACKING, "api"]) {
    if (services[name] && !flat(services[name].healthcheck?.test)) problems.push(`${name} has no healthcheck`);
  }
  if (services["redis"] && !/--maxmemory-policy\s+noeviction/.test(flat(services["redis"].command))) {
    problems.push("redis does not run with --maxmemory-policy noeviction");
  }
  if (services["meilisearch"] && !/^getmeili\/meilisearch:v\d+\.\d+\.\d+$/.test(services["meilisearch"].image ?? ""))
    problems.push("meilisearch is not pinned to an exact version");
  for (const app of APPS) {
    const service = services[app];
    if (!service) continue;
    const { script, file } = ENTRY[app];
    const command = flat(service.command);
    if (!new RegExp(`^npm run (--silent )?${script}$`).test(command))
      problems.push(`${app} does not run npm run ${script}`);
    else if (!(scripts[script] ?? "").includes(file)) problems.push(`npm run ${script} does not start ${file}`);
    const deps = service.depends_on ?? {};
    const condition = (dep: string) => (Array.isArray(deps) ? undefined : deps[dep]?.condition);
    for (const dep of WAITS_FOR[app]) {
      if (condition(dep) !== "service_healthy") problems.push(`${app} does not wait for ${dep} to be healthy`);
    }
    const env = environmentOf(service);
    for (const key of REQUIRED[app]) if (!(key in env)) problems.push(`${app} does not set ${key}`);
    for (const key of Object.keys(env))
      if (!known.has(key)) problems.push(`${app} sets ${key}, which the code never reads`);
  }
  const api = services["api"] && environmentOf(services["api"]);
  if (services["api"] && services["seed"]) {
    const deps = services["api"].depends_on ?? {};
    if ((Array.isArray(deps) ? undefined : deps["seed"]?.condition) !== "service_completed_successfully")
      problems.push("api does not wait for the seed to complete successfully");
  }
  for (const other of ["worker", "seed"] as const) {
    const env = services[other] && environmentOf(services[other]);
    if (!api || !env) continue;
    for (const key of Object.keys(env)) {
      if (key in api && api[key] !== env[key]) problems.push(`api and ${other} disagree on ${key}`);
    }
  }
  if (api) {
    if (api["HOST"] !== "0.0.0.0") problems.push("api must listen on HOST=0.0.0.0 inside its container");
    if (!/^\$\{ADMIN_TOKEN:\?/.test(api["ADMIN_TOKEN"] ?? ""))
      problems.push("api must require ADMIN_TOKEN (${ADMIN_TOKEN:?…})");
  }
  return problems;
}

const readCompose = (): Compose =>
  parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as Compose;
const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Scripts }).scripts;

describe("docker-compose.yml", () => {
  const known = variablesTheCodeReads();

  it("the variables the app services are required to get are ones the code reads", () => {
    const unknown = APPS.flatMap((app) => REQUIRED[app]).filter((key) => !known.has(key));
    assert.deepEqual(unknown, [], "config.ts no longer reads these; update REQUIRED and docker-compose.yml");
  });

  it("declares healthy backing services and gives seed, api and worker their npm scripts and every variable they need, and no unknown one", () => {
    assert.deepEqual(composeProblems(readCompose(), known, scripts), []);
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
    services["worker"]!.command = ["node", "--import", "tsx", "services/worker/src/main.ts"];
    services["meilisearch"]!.image = "getmeili/meilisearch:latest";
    const { seed: _seed, ...dependsOn } = services["api"]!.depends_on as Record<string, { condition?: string }>;
    services["api"]!.depends_on = dependsOn;
    delete (services["seed"]!.environment as Record<string, unknown>)["SEED"];
    assert.deepEqual(
      composeProblems(compose, known, { ...scripts, "start:api": "node services/api/src/app.ts" }).sort(),
      [
        "api does not wait for meilisearch to be healthy",
        "api does not wait for the seed to complete successfully",
        "api sets MONGO_ULR, which the code never reads",
        "mailpit has no healthcheck",
        "meilisearch is not pinned to an exact version",
        "npm run start:api does not start services/api/src/main.ts",
        "redis does not run with --maxmemory-policy noeviction",
        "seed does not set SEED",
        "worker does not run npm run start:worker",
        "worker does not set MONGO_URL",
      ],
    );
  });
});
