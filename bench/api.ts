/**
 * API benchmark over loopback, at each data size (default 10,000 then 100,000 needs) and with each search
 * engine (embedded, and Meilisearch when MEILI_URL is set or its test binary is there):
 * GET /needs, GET /needs?cpv=…&county=…, GET /needs/{id}, a buyer's needs, a supplier profile, an API key
 * lookup (GET /me), POST /needs, PATCH /needs/{id}; and, in the same
 * run, an express route answering a constant (this machine's ceiling). Starts FerretDB (on PostgreSQL),
 * Redis and Meilisearch in a temporary folder unless their URLs are set; runs the API (and, with
 * Meilisearch, a worker) as child processes and drives them with autocannon.
 *
 *   npm run bench:api [-- --needs 10000,100000 --engines embedded,meilisearch --seconds 10 --connections 10]
 *     [--scenarios REGEX] [--profile DIR] [--node-flags="--max-semi-space-size=64"]
 *
 * Prints Markdown tables: requests/s, p50 and p99 latency, errors; peak memory of the API, the worker,
 * FerretDB and PostgreSQL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import {
  connectDatabase,
  loadConfig,
  createApiKey,
  createOrganization,
  ApiKey,
  disconnectDatabase,
  Need,
  SupplierProfile,
  withCheckDigit,
} from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { reindex } from "@markedsdialog/core/search/sync";
import { generate } from "@markedsdialog/seed";
import { freePort, startLocalServices } from "../scripts/local-services";
import { SERVICE_NODE_FLAGS } from "../scripts/supervise";
import { byCommandLine, byPid, cpuMeter, memorySampler } from "./proc-memory";

const { values: args } = parseArgs({
  options: {
    needs: { type: "string", default: "10000,100000" },
    engines: { type: "string", default: "embedded,meilisearch" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    /** Runs only the scenarios whose label matches this regular expression, e.g. "POST|PATCH". */
    scenarios: { type: "string", default: "" },
    /** Writes a V8 CPU profile of the API (and worker) into this directory (open it in Chrome's DevTools). */
    profile: { type: "string", default: "" },
    /** Node or V8 flags for the API and worker processes, after the deployed ones (SERVICE_NODE_FLAGS). */
    "node-flags": { type: "string", default: "" },
  },
});
const SIZES = args.needs.split(",").map(Number);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SCENARIOS = new RegExp(args.scenarios, "i");
const log = (msg: string) => process.stderr.write(`[bench:api] ${msg}\n`);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-api-"));
const wanted = args.engines.split(",");
const services = await startLocalServices({
  dataDir,
  mongo: !process.env.MONGO_URL,
  redis: !process.env.REDIS_URL,
  meili: wanted.includes("meilisearch") && !process.env.MEILI_URL,
  log,
});
const meili = process.env.MEILI_URL
  ? { url: process.env.MEILI_URL, key: process.env.MEILI_MASTER_KEY ?? "" }
  : services.meiliUrl
    ? { url: services.meiliUrl, key: services.meiliKey ?? "" }
    : undefined;
const engines = wanted.filter((engine) => engine === "embedded" || (engine === "meilisearch" && meili));
if (wanted.includes("meilisearch") && !meili) log("Meilisearch SKIPPED: MEILI_URL is unset and no server binary found");

const runId = Date.now();
const baseEnv = {
  ...process.env,
  MONGO_URL: process.env.MONGO_URL ?? services.mongoUrl ?? "",
  REDIS_URL: process.env.REDIS_URL ?? services.redisUrl ?? "",
  MONGO_DB: `bench_api_${runId}`,
  LOG_LEVEL: "warn",
  // As deployed: outside production every answer is also checked against its OpenAPI schema (route.ts).
  NODE_ENV: "production",
  // One buyer and one address send every request: the limits would measure themselves.
  RATE_LIMIT_AUTH_FAILURES: "0",
  RATE_LIMIT_SEARCH: "0",
  RATE_LIMIT_WRITES: "0",
};
const current: { api?: ChildProcess; worker?: ChildProcess } = {};
let stopping = false;
const processGroups = [
  byPid("api", () => current.api?.pid),
  byPid("worker", () => current.worker?.pid),
  byCommandLine("ferretdb", `${dataDir}/ferretdb`),
  byCommandLine("postgresql", `${dataDir}/postgres`),
  byCommandLine("meilisearch", `${dataDir}/meilisearch`),
  // redis-server retitles itself "redis-server 127.0.0.1:<port>"; none with REDIS_URL set.
  byCommandLine(
    "redis",
    process.env.REDIS_URL ? "\0no such process\0" : `redis-server ${new URL(services.redisUrl ?? "redis://x").host}`,
  ),
];
const cpu = cpuMeter(processGroups);
/** CPU ms per request by process, per scenario: what a request costs, whatever else shares the machine. */
const cpuRows: string[] = [];
const memory = memorySampler([...processGroups.slice(0, 4)]);

const ceiling = await measureCeiling();
const rows: string[] = [];
const memoryRows: string[] = [];
await connectDatabase(baseEnv.MONGO_URL, baseEnv.MONGO_DB);
const buyer = await createOrganization({
  kind: "buyer",
  buyerType: "kommune",
  name: "Benchmark kommune",
  orgNumber: withCheckDigit("99887766") ?? "",
  municipality: "3207",
});
const { token } = await createApiKey(buyer.id);
await disconnectDatabase();

for (const size of SIZES) {
  await connectDatabase(baseEnv.MONGO_URL, baseEnv.MONGO_DB);
  log(`loading needs, supplier profiles and API keys up to ${size.toLocaleString("en")} each`);
  await generate({ suppliers: size, needs: size, progress: true });
  const sample = await Need.find({ status: "published" }, { _id: 1, buyerId: 1 }).limit(5000).lean();
  const openIds = sample.map((n) => n._id.toString());
  const buyerIds = [...new Set(sample.map((n) => n.buyerId.toString()))];
  const supplierIds = (await SupplierProfile.find({}, { orgId: 1 }).limit(5000).lean()).map((p) => p.orgId.toString());
  const keys = await benchKeys(size, supplierIds);
  await disconnectDatabase();

  for (const engine of engines) {
    const env = {
      ...baseEnv,
      QUEUE_PREFIX: `bench${runId}${size}${engine.slice(0, 4)}`,
      ...(engine === "meilisearch" && meili
        ? { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.key, MEILI_INDEX_PREFIX: `bench${runId}_${size}_` }
        : { MEILI_URL: "" }),
    };
    if (engine === "meilisearch") await indexIntoMeilisearch(env);
    const base = await startApi(env, engine === "meilisearch");
    memory.reset();
    const label = `${engine} | ${size.toLocaleString("en")}`;
    const scenario = async (name: string, run: () => Promise<Result>) => {
      if (!SCENARIOS.test(name)) return;
      const before = cpu.start();
      const result = await run();
      rows.push(row(`${label} | ${name}`, result));
      const used = await cpu.stop(before);
      const per = (group: string) => (result.requests.total ? used[group]! / result.requests.total : 0);
      const cells = processGroups.map((g) => per(g.name).toFixed(2));
      const sum = processGroups.reduce((s, g) => s + per(g.name), 0);
      cpuRows.push(
        `| ${label} | ${name} | ${cells.join(" | ")} | ${sum.toFixed(2)} | ${((cpus().length * 1000) / sum).toFixed(0)} |`,
      );
    };
    await scenario("GET /needs (page 1, 20 items)", () => load({ url: `${base}/api/v1/needs` }));
    await scenario("GET /needs?cpv=45000000&county=32", () =>
      load({ url: `${base}/api/v1/needs?cpv=45000000&county=32` }),
    );
    await scenario("GET /needs/{id}", () => load({ url: base, paths: openIds.map(needPath) }));
    const ownLists = buyerIds.map((id) => `/api/v1/needs?buyer=${id}`);
    await scenario("GET /needs?buyer={id} (a buyer's needs)", () => load({ url: base, paths: ownLists }));
    const profiles = supplierIds.map((id) => `/api/v1/suppliers/${id}`);
    await scenario("GET /suppliers/{id} (a profile)", () => load({ url: base, paths: profiles }));
    await scenario("GET /me (a new key each request)", () => load({ url: `${base}/api/v1/me`, keys }));
    const created: string[] = [];
    await scenario("POST /needs (publish)", () => load({ url: `${base}/api/v1/needs`, post: created }));
    // PATCH changes the needs POST made (the bench buyer's own): it runs only after POST.
    if (created.length) await scenario("PATCH /needs/{id}", () => load({ url: base, patch: created.map(needPath) }));
    const peaks = memory.peaks();
    const mib = (name: string) => (peaks[name] === undefined ? "—" : `${peaks[name]!.toFixed(0)}`);
    memoryRows.push(`| ${label} | ${mib("api")} | ${mib("worker")} | ${mib("ferretdb")} | ${mib("postgresql")} |`);
    await stopApi();
  }
}
memory.stop();
await services.stop();

console.log(
  `\nAPI benchmark: ${CONNECTIONS} connections, ${SECONDS} s per scenario; machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; database: ${process.env.MONGO_URL ? "MONGO_URL" : "FerretDB 1.24 on PostgreSQL"}\n`,
);
console.log("| engine | needs | scenario | requests/s | p50 ms | p99 ms | requests | errors/non-2xx |");
console.log("|---|---:|---|---:|---:|---:|---:|---:|");
console.log(row(`— | — | ceiling: express route answering a constant`, ceiling));
for (const line of rows) console.log(line);
console.log("\nPeak memory during the scenarios (MiB; PostgreSQL summed over its processes by PSS):\n");
console.log("| engine | needs | API | worker | FerretDB | PostgreSQL |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const line of memoryRows) console.log(line);
console.log(
  "\nCPU per request (ms, user + system, by process, including the work a scenario leaves queued; bound: the requests/s all cores could serve at that cost):\n",
);
console.log(
  "| engine | needs | scenario | API | worker | FerretDB | PostgreSQL | Meilisearch | Redis | total | bound req/s |",
);
console.log("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const line of cpuRows) console.log(line);
process.exit(0);

function needPath(id: string) {
  return `/api/v1/needs/${id}`;
}

type Result = autocannon.Result;

function row(name: string, r: Result): string {
  const bad = r.non2xx + r.errors + r.timeouts;
  return `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.requests.total} | ${bad} |`;
}

function needBody(n: number) {
  return JSON.stringify({
    title: `Benchmark ${n}: drift av kommunale bygg`,
    challenge: "Vi trenger lavere energibruk i 40 kommunale bygg.",
    description: "Måling av belastning.",
    cpv: ["50700000", "71314000-2"],
    estimatedValueNok: { min: 10_000_000, max: 20_000_000 },
    municipalities: ["3207"],
    procedure: "open",
    status: "published",
  });
}

/** Runs one scenario: a fixed URL, a round robin over paths (GET or PATCH), or POSTs collecting the ids. */
async function load(s: {
  url: string;
  paths?: string[];
  patch?: string[];
  post?: string[];
  keys?: string[];
}): Promise<Result> {
  const targets = s.paths ?? s.patch;
  if (targets && targets.length === 0) throw new Error("no records to request");
  let next = 0;
  log(`${s.url}${targets ? ` (${targets.length} paths)` : ""}: ${SECONDS}s with ${CONNECTIONS} connections`);
  return autocannon({
    url: s.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          const n = next++;
          if (s.keys) return { ...request, headers: { authorization: `Bearer ${s.keys[n % s.keys.length]}` } };
          if (s.post) return { ...request, method: "POST", body: needBody(n) };
          if (!targets) return { ...request, method: "GET" };
          const path = targets[n % targets.length]!;
          if (s.patch) return { ...request, method: "PATCH", path, body: JSON.stringify({ title: `Endret ${n}` }) };
          return { ...request, method: "GET", path };
        },
        onResponse: (status, body) => {
          if (s.post && status === 201) s.post.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
}

/**
 * `count` API keys for the generated suppliers, stored as the service stores them (SHA-256 of the token
 * as the id), so GET /me with a different key each time looks a key up on every request (the API caches
 * a key for 30 s once seen; no key repeats within a scenario while the keys outnumber its requests).
 */
async function benchKeys(count: number, orgIds: string[]): Promise<string[]> {
  const tokens = Array.from({ length: count }, (_, i) => `md_benchmark_key_${String(i).padStart(8, "0")}`);
  const stored = await ApiKey.countDocuments({ label: "benchmark" });
  for (let from = stored; from < count; from += 1000) {
    const batch = tokens.slice(from, from + 1000).map((token, i) => ({
      _id: createHash("sha256").update(token).digest("hex"),
      orgId: orgIds[(from + i) % orgIds.length],
      prefix: token.slice(0, 8),
      label: "benchmark",
    }));
    await ApiKey.insertMany(batch);
  }
  return tokens;
}

async function measureCeiling(): Promise<Result> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bench/ceiling.ts"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor(`http://127.0.0.1:${port}/constant`, child);
  log("ceiling: an express route answering a constant");
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/constant`,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  child.kill("SIGTERM");
  return result;
}

/** Meilisearch is filled by the worker from the events of writes; data loaded straight into the database is indexed here. */
async function indexIntoMeilisearch(env: Record<string, string | undefined>) {
  await connectDatabase(baseEnv.MONGO_URL, baseEnv.MONGO_DB);
  const search = searchEngineFromConfig(loadConfig(env));
  await search.applySettings();
  const started = Date.now();
  let logged = 0;
  const result = await reindex(search, "needs", (done, total) => {
    if (done === total || Date.now() - logged > 2000) {
      logged = Date.now();
      log(`Meilisearch: indexing needs ${done}/${total}`);
    }
  });
  log(`Meilisearch: ${result.indexed} needs indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await search.close();
  await disconnectDatabase();
}

async function startApi(env: Record<string, string | undefined>, withWorker: boolean): Promise<string> {
  const port = await freePort();
  const spawnService = (entry: string, extra: Record<string, string> = {}) => {
    const profile = args.profile ? ["--cpu-prof", `--cpu-prof-dir=${args.profile}`] : [];
    const flags = args["node-flags"].split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...profile, ...SERVICE_NODE_FLAGS, ...flags, "--import", "tsx", entry], {
      env: { ...env, ...extra },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", (code, signal) => {
      if (!stopping && (code !== 0 || signal)) {
        log(`${entry} exited (code ${code}, signal ${signal}) during the benchmark`);
        process.exit(1);
      }
    });
    return child;
  };
  stopping = false;
  current.api = spawnService("services/api/src/main.ts", { PORT: String(port) });
  if (withWorker) current.worker = spawnService("services/worker/src/main.ts");
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/readyz`, current.api);
  // Ready is not settled: the workers' start-up (reminders and digests scheduled for every need, the
  // outbox swept) still runs. The scenarios measure the service after it, as it runs for the day.
  const started = Date.now();
  await cpu.stop(cpu.start(), 600_000);
  log(`the API's start-up work settled after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return base;
}

async function stopApi() {
  stopping = true;
  const children = [current.api, current.worker].filter((c): c is ChildProcess => c !== undefined);
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(undefined);
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
  current.api = current.worker = undefined;
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (i > 2400) throw new Error(`${url} did not become ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
