/**
 * Document-store operations per request: what `POST /needs` (published), `PATCH /needs/{id}` (a title, and
 * a material change) and `GET /needs/{id}` send to the database, counted by the MongoDB driver's command
 * monitoring in one process that runs the API and the workers (as the embedded engine does; with
 * Meilisearch the worker is a separate process in production, here it shares the connection). An operation
 * sent from within the HTTP request's handling (its async context) is the request's; any other is the jobs'
 * it left (search-sync, match-need, deliveries), counted until the queues are idle. One request at a time:
 * operations, not time.
 *
 *   npm run bench:ops [-- --engines embedded,meilisearch --requests 20 --needs 2000 --detail]
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import mongoose, { type mongo } from "mongoose";
import type { Queue } from "bullmq";
import {
  connectDatabase,
  createApiKey,
  createLogger,
  createOrganization,
  disconnectDatabase,
  ensureMatchIndex,
  loadConfig,
  Need,
  withCheckDigit,
} from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { connectSearchSync } from "@markedsdialog/core/search/producer";
import { connectNotifications } from "@markedsdialog/core/notifications/producer";
import { reindex } from "@markedsdialog/core/search/sync";
import { createApp } from "@markedsdialog/api/app";
import { closeContext, createContext } from "@markedsdialog/api/context";
import { searchRoutes } from "@markedsdialog/api/routes/search";
import { matchingDeps } from "@markedsdialog/api/matching";
import { startWorkers } from "@markedsdialog/worker/worker";
import { generate } from "@markedsdialog/seed";
import { startLocalServices } from "../scripts/local-services";

const { values: args } = parseArgs({
  options: {
    engines: { type: "string", default: "embedded,meilisearch" },
    requests: { type: "string", default: "20" },
    needs: { type: "string", default: "2000" },
    /** Also print each scenario's operations by command and collection. */
    detail: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(args.requests);
const log = (msg: string) => process.stderr.write(`[bench:ops] ${msg}\n`);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-ops-"));
const wanted = args.engines.split(",");
const services = await startLocalServices({
  dataDir,
  mongo: true,
  redis: true,
  meili: wanted.includes("meilisearch"),
  log,
});
const engines = wanted.filter((e) => e === "embedded" || (e === "meilisearch" && services.meiliUrl));

/** Commands that are the driver's own (handshakes, sessions), not the application's. */
const IGNORED = new Set([
  "hello",
  "isMaster",
  "ismaster",
  "ping",
  "endSessions",
  "buildInfo",
  "getMore",
  "killCursors",
]);
/** Set while an HTTP request is handled: the operations sent in its async context are the request's. */
const inRequest = new AsyncLocalStorage<true>();
let counting = { request: new Map<string, number>(), jobs: new Map<string, number>() };
const onCommand = (event: mongo.CommandStartedEvent) => {
  if (IGNORED.has(event.commandName)) return;
  const target = event.command[event.commandName];
  const key = `${event.commandName} ${typeof target === "string" ? target : ""}`.trim();
  const into = inRequest.getStore() ? counting.request : counting.jobs;
  into.set(key, (into.get(key) ?? 0) + 1);
};
const take = () => {
  const taken = counting;
  counting = { request: new Map(), jobs: new Map() };
  return taken;
};
const total = (ops: Map<string, number>) => [...ops.values()].reduce((s, n) => s + n, 0);

const summary: string[] = [];
const details: string[] = [];
for (const engine of engines) summary.push(...(await measure(engine)));
await services.stop();

console.log("\nDocument-store operations per request (mean over the requests; jobs: what the request left queued):\n");
console.log("| engine | scenario | request | jobs | total |");
console.log("|---|---|---:|---:|---:|");
for (const line of summary) console.log(line);
if (args.detail) for (const line of details) console.log(line);
process.exit(0);

async function measure(engine: string): Promise<string[]> {
  const runId = `${engine.slice(0, 4)}${Date.now()}`;
  const config = loadConfig({
    ...process.env,
    MONGO_URL: services.mongoUrl,
    REDIS_URL: services.redisUrl,
    MONGO_DB: `bench_ops_${runId}`,
    QUEUE_PREFIX: `ops${runId}`,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    RATE_LIMIT_AUTH_FAILURES: "0",
    RATE_LIMIT_SEARCH: "0",
    RATE_LIMIT_WRITES: "0",
    // The sweepers would read the database on their own schedule.
    NOTIFY_SWEEP_MS: "3600000",
    DIGEST_SWEEP_MS: "86400000",
    ...(engine === "meilisearch"
      ? { MEILI_URL: services.meiliUrl, MEILI_MASTER_KEY: services.meiliKey, MEILI_INDEX_PREFIX: `ops${runId}_` }
      : { MEILI_URL: "" }),
  });
  const logger = createLogger(config.LOG_LEVEL, "bench-ops");
  await connectDatabase(`${config.MONGO_URL}/?monitorCommands=true`, config.MONGO_DB);
  log(`${engine}: generating ${args.needs} needs and suppliers`);
  await generate({ suppliers: Number(args.needs), needs: Number(args.needs) });
  const buyer = await createOrganization({
    kind: "buyer",
    buyerType: "kommune",
    name: "Operasjonstelling kommune",
    orgNumber: withCheckDigit("99887755") ?? "",
    municipality: "3207",
  });
  const { token } = await createApiKey(buyer.id);
  const openIds = (await Need.find({ status: "published" }, { _id: 1 }).limit(REQUESTS).lean()).map((n) =>
    n._id.toString(),
  );

  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  for (const index of ["suppliers", "needs"] as const) await reindex(search, index);
  const ctx = await createContext(config, logger, search);
  await ensureMatchIndex(matchingDeps(ctx).index);
  const disconnectSync = connectSearchSync(ctx.queues.searchSync);
  const disconnectNotify = connectNotifications(ctx.queues.matchNeed);
  const workers = startWorkers({ config, logger, search });
  const app = createApp(ctx, searchRoutes);
  const server = createServer((req, res) => inRequest.run(true, () => app(req, res))).listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/v1`;
  const queues = ctx.allQueues as Queue[];
  await idle(queues);
  // The workers' start (digests and reminders scheduled) reads the database once; not a request's.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  mongoose.connection.getClient().on("commandStarted", onCommand);

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as { id?: string };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    await idle(queues);
    return { answer, ...take() };
  };
  const rows: string[] = [];
  const scenario = async (name: string, run: (i: number) => ReturnType<typeof call>) => {
    const request = new Map<string, number>();
    const jobs = new Map<string, number>();
    const add = (into: Map<string, number>, from: Map<string, number>) => {
      for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
    };
    await run(-1); // warm-up, not counted
    for (let i = 0; i < REQUESTS; i++) {
      const result = await run(i);
      add(request, result.request);
      add(jobs, result.jobs);
    }
    const mean = (ops: Map<string, number>) => total(ops) / REQUESTS;
    rows.push(
      `| ${engine} | ${name} | ${mean(request).toFixed(1)} | ${mean(jobs).toFixed(1)} | ${(mean(request) + mean(jobs)).toFixed(1)} |`,
    );
    const lines = (ops: Map<string, number>) =>
      [...ops].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${(n / REQUESTS).toFixed(2).padStart(6)}  ${k}`);
    details.push(`\n${engine} · ${name}\n request:`, ...lines(request), " jobs:", ...lines(jobs));
  };

  const created: string[] = [];
  await scenario("POST /needs (publish)", async (i) => {
    const result = await call("POST", "/needs", needBody(i));
    created.push(result.answer.id!);
    return result;
  });
  await scenario("PATCH /needs/{id} (title)", (i) =>
    call("PATCH", `/needs/${created[i + 1]}`, { title: `Endret tittel ${i}` }),
  );
  await scenario("PATCH /needs/{id} (value: told to suppliers)", (i) =>
    call("PATCH", `/needs/${created[i + 1]}`, { estimatedValueNok: { min: 1_000_000 + i, max: 30_000_000 } }),
  );
  await scenario("GET /needs/{id}", (i) => call("GET", `/needs/${openIds[Math.max(i, 0)]}`));

  mongoose.connection.getClient().off("commandStarted", onCommand);
  server.close();
  disconnectSync();
  disconnectNotify();
  await workers.close();
  await closeContext(ctx);
  await search.close();
  await disconnectDatabase();
  return rows;
}

/** Until no queue has a job waiting or running (delayed reminders wait for their day and do not count). */
async function idle(queues: Queue[]) {
  for (;;) {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts("waiting", "active", "prioritized", "paused")));
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function needBody(n: number) {
  return {
    title: `Operasjonstelling ${n}: drift av kommunale bygg`,
    challenge: "Vi trenger lavere energibruk i 40 kommunale bygg.",
    description: "Telling av operasjoner.",
    cpv: ["50700000", "71314000-2"],
    estimatedValueNok: { min: 10_000_000, max: 20_000_000 },
    municipalities: ["3207"],
    procedure: "open",
    status: "published",
  };
}
