/**
 * API benchmark: GET /needs and POST /needs over loopback with 10,000 needs loaded (override with
 * --needs N, --seconds S, --connections C). Starts its own FerretDB and Redis in a temporary folder unless
 * MONGO_URL/REDIS_URL are set, runs the API as a child process and drives it with autocannon.
 * Prints a Markdown table: requests/s, p50 and p99 latency, errors, and the API's peak memory.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import {
  connectDatabase,
  createApiKey,
  createOrganization,
  disconnectDatabase,
  withCheckDigit,
} from "@markedsdialog/core";
import { generate } from "@markedsdialog/seed";
import { startLocalServices } from "../scripts/local-services";

const { values: args } = parseArgs({
  options: {
    needs: { type: "string", default: "10000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
  },
});
const NEEDS = Number(args.needs);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const log = (msg: string) => process.stderr.write(`[bench:api] ${msg}\n`);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-api-"));
const services = await startLocalServices({
  dataDir,
  mongo: !process.env.MONGO_URL,
  redis: !process.env.REDIS_URL,
  log,
});
const env = {
  ...process.env,
  MONGO_URL: process.env.MONGO_URL ?? services.mongoUrl,
  REDIS_URL: process.env.REDIS_URL ?? services.redisUrl,
  MONGO_DB: `bench_api_${Date.now()}`,
  QUEUE_PREFIX: `bench${Date.now()}`,
  PORT: "0",
  LOG_LEVEL: "warn",
};

log(`loading ${NEEDS} needs`);
await connectDatabase(env.MONGO_URL ?? "", env.MONGO_DB);
await generate({ suppliers: 0, needs: NEEDS, progress: true });
const buyer = await createOrganization({
  kind: "buyer",
  buyerType: "kommune",
  name: "Benchmark kommune",
  orgNumber: withCheckDigit("99887766") ?? "",
  municipality: "3207",
});
const { token } = await createApiKey(buyer.id);
await disconnectDatabase();

log("starting the API");
const child = spawn(process.execPath, ["--import", "tsx", "services/api/src/main.ts"], {
  env: { ...env, PORT: "3917" },
  stdio: ["ignore", "inherit", "inherit"],
});
const base = "http://127.0.0.1:3917";
child.once("exit", (code) => {
  if (code !== null && code !== 0) {
    log(`the API exited with code ${code}`);
    process.exit(1);
  }
});
for (let i = 0; ; i++) {
  const ok = await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 600) throw new Error("API did not become ready");
  await new Promise((r) => setTimeout(r, 250));
}
const peakRss = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
const rssAfterStart = peakRss();

const need = JSON.stringify({
  title: "Benchmark: drift av kommunale bygg",
  challenge: "Vi trenger lavere energibruk i 40 kommunale bygg.",
  description: "Måling av belastning.",
  cpv: ["50700000", "71314000-2"],
  estimatedValueNok: { min: 10_000_000, max: 20_000_000 },
  municipalities: ["3207"],
  procedure: "open",
  status: "published",
});
const scenarios = [
  { name: "GET /needs (page 1, 20 items)", path: "/api/v1/needs", method: "GET" as const },
  { name: "GET /needs?cpv=45000000&county=32", path: "/api/v1/needs?cpv=45000000&county=32", method: "GET" as const },
  { name: "GET /needs?page=100", path: "/api/v1/needs?page=100", method: "GET" as const },
  { name: "POST /needs (publish)", path: "/api/v1/needs", method: "POST" as const, body: need },
];

const rows: string[] = [];
for (const s of scenarios) {
  log(`${s.name}: ${SECONDS}s with ${CONNECTIONS} connections`);
  const result = await autocannon({
    url: base + s.path,
    method: s.method,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(s.body && { body: s.body }),
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  rows.push(
    `| ${s.name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.requests.total} | ${bad} |`,
  );
}
const peak = peakRss();
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
await services.stop();

console.log(
  `\nAPI benchmark: ${NEEDS.toLocaleString("en")} needs loaded, ${CONNECTIONS} connections, ${SECONDS} s per scenario`,
);
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, database FerretDB 1.24 (SQLite) unless MONGO_URL\n`,
);
console.log("| scenario | requests/s | p50 ms | p99 ms | requests | errors/non-2xx |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
console.log(
  `\nAPI process peak RSS: ${peak.toFixed(0)} MiB (after start-up and index rebuild: ${rssAfterStart.toFixed(0)} MiB)`,
);
process.exit(0);
