/**
 * Fan-out benchmark: one published need that matches N suppliers (default 10,000), each with an instant
 * subscription by e-mail, and a share of them (default half) also by webhook to a local receiver. Runs
 * FerretDB on PostgreSQL, Redis and Meilisearch in a temporary folder (unless MONGO_URL / REDIS_URL /
 * MEILI_URL are set), a real SMTP server and a keep-alive HTTP receiver in this process, and the API and
 * the worker as child processes as deployed (NODE_ENV=production); publishes through POST /api/v1/needs and
 * records when each mail and each webhook arrives.
 *
 *   npm run bench:fanout [-- --suppliers 10000 --webhook-share 0.5 --concurrency 8 --catcher fast|parse]
 *     [--profile DIR] [--node-flags=FLAGS]
 *
 * `--catcher fast` (the default) is an SMTP server that reads each message's Message-ID and nothing more;
 * `parse` is scripts/mail-catcher.ts, which parses every message with mailparser as the tests do. Both are
 * first measured alone (nodemailer's pool straight to them), so a ceiling of the sink shows as such.
 * Prints progress on stderr and Markdown tables on stdout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Types } from "mongoose";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import {
  connectDatabase,
  createApiKey,
  createOrganization,
  DeliveryEntry,
  disconnectDatabase,
  Organization,
  Subscription,
  withCheckDigit,
  type DeliveryRecord,
} from "@markedsdialog/core";
import { startMailCatcher } from "../scripts/mail-catcher";
import { freePort, startLocalServices } from "../scripts/local-services";
import { SERVICE_NODE_FLAGS } from "../scripts/supervise";
import { byCommandLine, byPid, cpuMs, memorySampler, type ProcessGroup } from "./proc-memory";

const { values: args } = parseArgs({
  options: {
    suppliers: { type: "string", default: "10000" },
    "webhook-share": { type: "string", default: "0.5" },
    concurrency: { type: "string", default: "8" },
    catcher: { type: "string", default: "fast" },
    "timeout-s": { type: "string", default: "600" },
    /** Write a CPU profile of the worker (and the API) into this folder. */
    profile: { type: "string" },
    /** Node or V8 flags for the API and worker processes, after the deployed ones (SERVICE_NODE_FLAGS). */
    "node-flags": { type: "string", default: "" },
  },
});
const SUPPLIERS = Number(args.suppliers);
const WEBHOOK_SHARE = Number(args["webhook-share"]);
const CONCURRENCY = Number(args.concurrency);
const CATCHER = args.catcher;
const TIMEOUT_MS = Number(args["timeout-s"]) * 1000;
if (
  !(SUPPLIERS >= 1) ||
  !(WEBHOOK_SHARE >= 0 && WEBHOOK_SHARE <= 1) ||
  !(CONCURRENCY >= 1) ||
  !["fast", "parse"].includes(CATCHER)
)
  throw new Error("--suppliers ≥ 1, --webhook-share 0–1, --concurrency ≥ 1, --catcher fast|parse");
const WEBHOOKS = Math.round(SUPPLIERS * WEBHOOK_SHARE);
const EXPECTED = SUPPLIERS + WEBHOOKS;
const CPV = "90620000";

const log = (msg: string) => process.stderr.write(`[bench:fanout] ${msg}\n`);
const n = (x: number) => Math.round(x).toLocaleString("en");
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

// ---- the sinks: an SMTP server and a webhook receiver, recording arrival times ----

/** Arrival time (performance.now()) of each message, by Message-ID or delivery id; duplicates counted. */
class Arrivals {
  readonly at = new Map<string, number>();
  duplicates = 0;
  add(id: string) {
    if (this.at.has(id)) this.duplicates++;
    else this.at.set(id, performance.now());
  }
}

/** Real SMTP (smtp-server), reading only up to the Message-ID header of each message. */
async function startFastSmtp(onMessage: (messageId: string) => void) {
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      let id: string | undefined;
      stream.on("data", (chunk: Buffer) => {
        if (id !== undefined || head.length > 16_384) return;
        head += chunk.toString("latin1");
        const match = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head);
        if (match) id = match[1]!;
      });
      stream.on("error", callback);
      stream.on("end", () => {
        onMessage(id ?? `<no-id-${performance.now()}>`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

async function startSmtpSink(mode: string, onMessage: (messageId: string) => void) {
  if (mode === "fast") return startFastSmtp(onMessage);
  const catcher = await startMailCatcher();
  const seen = new Set<object>();
  // The catcher keeps every message; poll its list and report the new ones.
  const timer = setInterval(() => {
    for (const mail of catcher.messages()) {
      if (seen.has(mail)) continue;
      seen.add(mail);
      onMessage(mail.headers["message-id"] ?? "");
    }
  }, 20);
  return {
    url: catcher.url,
    stop: async () => {
      clearInterval(timer);
      await catcher.stop();
    },
  };
}

async function startReceiver(onDelivery: (id: string) => void) {
  const server = createServer({ keepAlive: true }, (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      onDelivery(String(req.headers["x-markedsdialog-delivery"] ?? ""));
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The SMTP sink alone: `count` mails of the notification's size through nodemailer's pool. */
async function sinkAlone(mode: string, count: number): Promise<number> {
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const sink = await startSmtpSink(mode, () => ++received === count && done());
  const transport = nodemailer.createTransport(`${sink.url}?pool=true`);
  const text = "Hei Leverandør AS,\n\n" + "Oppdragsgiver har publisert et behov som passer for dere.\n".repeat(20);
  const started = performance.now();
  for (let i = 0; i < count; i += 200)
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, (_, j) =>
        transport.sendMail({
          from: "noreply@markedsdialog.local",
          to: `alone${i + j}@example.no`,
          subject: "Ny markedsdialog: måling",
          text,
          html: `<p>${text}</p>`,
          messageId: `<alone-${i + j}@markedsdialog.no>`,
        }),
      ),
    );
  await all;
  const rate = count / ((performance.now() - started) / 1000);
  transport.close();
  await sink.stop();
  return rate;
}

/**
 * The operations one delivery costs, alone: insertMany of records (batches of 500), `_id` reads and
 * updates of one record each with `CONCURRENCY` in flight. (Updates sent many to a command are no way
 * out on FerretDB 1.24: a bulkWrite of 10 updates takes ~160 ms, of 50 more than 15 s.)
 */
async function ferretdbRates(sample: DeliveryRecord[], count: number): Promise<[string, number][]> {
  const collection = DeliveryEntry.db.collection<{ _id: string }>(`ops_${Date.now()}`);
  const template = sample[0] ?? { needId: "x", needVersion: 1, supplierId: "y", channel: "email", contentHash: "z" };
  const docs = Array.from({ length: count }, (_, i) => ({
    ...template,
    _id: `${template.needId}-v2-${String(i).padStart(24, "0")}-email`,
    state: "pending",
    sentAt: undefined,
  }));
  const ids = docs.map((d) => d._id);
  const rate = async (work: (i: number) => Promise<unknown>, perCall: number, inFlight: number, total: number) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < total; i = next++) await work(i);
      }),
    );
    return (total * perCall) / ((performance.now() - started) / 1000);
  };
  const out: [string, number][] = [];
  out.push([
    `insertMany, batches of 500 (records/s)`,
    await rate((i) => collection.insertMany(docs.slice(i * 500, i * 500 + 500)), 500, 1, Math.ceil(count / 500)),
  ]);
  out.push([
    `findOne({_id}), ${CONCURRENCY} in flight`,
    await rate((i) => collection.findOne({ _id: ids[i % count]! }), 1, CONCURRENCY, 3000),
  ]);
  const sent = { $set: { state: "sent", sentAt: new Date() } };
  out.push([
    `updateOne({_id}), ${CONCURRENCY} in flight`,
    await rate((i) => collection.updateOne({ _id: ids[i % count]! }, sent), 1, CONCURRENCY, 3000),
  ]);
  // The alternatives to one mark per delivery: a batch's records by an indexed job id at once, or an
  // append-only outcome document per delivery inserted in bulk (what batching the mark would cost).
  const batched = DeliveryEntry.db.collection<{ _id: string; job?: string }>(`${collection.collectionName}_jobs`);
  await batched.createIndex({ job: 1 });
  await batched.insertMany(docs.map((d, i) => ({ ...d, job: `job-${Math.floor(i / 50)}` })));
  out.push([
    `updateMany({job}) of 50 records (records/s), ${CONCURRENCY} in flight`,
    await rate((i) => batched.updateMany({ job: `job-${i}` }, sent), 50, CONCURRENCY, Math.min(60, count / 50)),
  ]);
  const outcomes = DeliveryEntry.db.collection<{ _id: string }>(`${collection.collectionName}_outcomes`);
  out.push([
    `insertMany of 50 outcome documents (records/s), ${CONCURRENCY} in flight`,
    await rate(
      (i) => outcomes.insertMany(ids.slice(i * 50, i * 50 + 50).map((_id) => ({ _id, sentAt: new Date() }))),
      50,
      CONCURRENCY,
      Math.min(60, count / 50),
    ),
  ]);
  await Promise.all([collection.drop(), batched.drop(), outcomes.drop()]);
  return out;
}

// ---- services and data ----

log(`SMTP sink alone (${CATCHER}, and parse for comparison): 2,000 mails through a nodemailer pool of 5`);
const sinkRates = { fast: await sinkAlone("fast", 2000), parse: await sinkAlone("parse", 2000) };
log(`SMTP sink alone: fast ${n(sinkRates.fast)} mails/s, parse ${n(sinkRates.parse)} mails/s`);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-fanout-"));
const services = await startLocalServices({
  dataDir,
  mongo: !process.env.MONGO_URL,
  redis: !process.env.REDIS_URL,
  meili: !process.env.MEILI_URL,
  log,
});
const mongoUrl = process.env.MONGO_URL ?? services.mongoUrl ?? "";
const redisUrl = process.env.REDIS_URL ?? services.redisUrl ?? "";
const meiliUrl = process.env.MEILI_URL ?? services.meiliUrl;
const meiliKey = process.env.MEILI_URL ? (process.env.MEILI_MASTER_KEY ?? "") : (services.meiliKey ?? "");
if (!meiliUrl)
  throw new Error("no Meilisearch (MEILI_URL unset, no binary): the worker runs as its own process only with it");

const mails = new Arrivals();
const hooks = new Arrivals();
const smtp = await startSmtpSink(CATCHER, (id) => mails.add(id));
const receiver = await startReceiver((id) => hooks.add(id));

const runId = Date.now();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  LOG_LEVEL: "info",
  MONGO_URL: mongoUrl,
  MONGO_DB: `bench_fanout_${runId}`,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `fanout${runId}`,
  MEILI_URL: meiliUrl,
  MEILI_MASTER_KEY: meiliKey,
  MEILI_INDEX_PREFIX: `fanout${runId}_`,
  SMTP_URL: smtp.url,
  WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8",
  WORKER_CONCURRENCY: String(CONCURRENCY),
  NOTIFY_RATE_EMAIL_PER_S: "0",
  NOTIFY_RATE_WEBHOOK_PER_S: "0",
  RATE_LIMIT_WRITES: "0",
  RATE_LIMIT_AUTH_FAILURES: "0",
  RATE_LIMIT_SEARCH: "0",
};

await connectDatabase(mongoUrl, env.MONGO_DB!);
const buyer = await createOrganization({
  kind: "buyer",
  buyerType: "kommune",
  name: "Nordre Follo kommune (måling)",
  orgNumber: withCheckDigit("98765432") ?? "",
  municipality: "3207",
});
const { token } = await createApiKey(buyer.id);
log(`storing ${n(SUPPLIERS)} suppliers and their subscriptions (${n(WEBHOOKS)} with a webhook)`);
let loadStarted = performance.now();
const created = new Date();
const orgNumbers: string[] = [];
for (let first8 = 90_000_000; orgNumbers.length < SUPPLIERS; first8++) {
  const number = withCheckDigit(String(first8));
  if (number) orgNumbers.push(number);
}
for (let i = 0; i < SUPPLIERS; i += 1000) {
  const ids = Array.from({ length: Math.min(1000, SUPPLIERS - i) }, () => new Types.ObjectId());
  await Organization.insertMany(
    ids.map((_id, j) => ({
      _id,
      kind: "supplier",
      name: `Leverandør ${i + j} AS`,
      orgNumber: orgNumbers[i + j]!,
      municipality: "3207",
      county: "32",
      email: `post${i + j}@leverandor.example.no`,
    })),
  );
  await Subscription.insertMany(
    ids.map((orgId, j) => {
      const k = i + j;
      // Spread evenly over the suppliers (so over the fan-out's batches), WEBHOOKS in all.
      const webhook = Math.floor((k + 1) * WEBHOOK_SHARE) > Math.floor(k * WEBHOOK_SHARE);
      return {
        orgId,
        channels: webhook ? ["email", "webhook"] : ["email"],
        frequency: "instant",
        cpv: [CPV],
        email: `varsel${k}@leverandor.example.no`,
        ...(webhook && { webhookUrl: `http://127.0.0.1:${receiver.port}/hooks/${k}` }),
        version: 1,
        createdAt: created,
        updatedAt: created,
      };
    }),
  );
}
log(`stored in ${s(performance.now() - loadStarted)}`);
await disconnectDatabase();

// ---- API and worker as deployed ----

const children: { api?: ChildProcess; worker?: ChildProcess } = {};
let stopping = false;
interface MatchResult {
  deliveries?: number;
  recipients?: number;
  ms?: Record<string, number>;
}
let matchResult: MatchResult | undefined;
function spawnService(name: "api" | "worker", entry: string, extra: Record<string, string> = {}) {
  const profile = args.profile ? ["--cpu-prof", `--cpu-prof-dir=${join(args.profile, name)}`] : [];
  const flags = args["node-flags"].split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...SERVICE_NODE_FLAGS, ...flags, "--import", "tsx", entry], {
    env: { ...env, ...extra },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      onLogLine(name, line);
    }
  });
  child.once("exit", (code, signal) => {
    if (!stopping) {
      log(`${entry} exited (code ${code}, signal ${signal}) during the benchmark`);
      process.exit(1);
    }
  });
  children[name] = child;
  return child;
}
const ready = { worker: false };
function onLogLine(name: string, line: string) {
  let entry: { level?: number; msg?: string; queue?: string; result?: MatchResult };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return;
  }
  if (entry.msg === "workers started") ready.worker = true;
  if (entry.msg === "job completed" && entry.queue === "match-need") matchResult = entry.result;
  if ((entry.level ?? 0) >= 40) log(`${name}: ${line.slice(0, 400)}`);
}

/**
 * Finding a group reads every process's command line (synchronously): do it every few seconds, not on each
 * sample, so the sampler does not stall this process, which is also the SMTP server and webhook receiver.
 */
const every = (group: ProcessGroup, ms: number): ProcessGroup => {
  let at = -Infinity;
  let pids: number[] = [];
  return {
    name: group.name,
    pids: () => {
      if (performance.now() - at > ms) [pids, at] = [group.pids(), performance.now()];
      return pids;
    },
  };
};
const groups = [
  byPid("api", () => children.api?.pid),
  byPid("worker", () => children.worker?.pid),
  ...[
    byCommandLine("redis", `redis-server ${new URL(redisUrl).host}`),
    byCommandLine("ferretdb", `${dataDir}/ferretdb`),
    byCommandLine("postgresql", `${dataDir}/postgres`),
    byCommandLine("meilisearch", `${dataDir}/meilisearch`),
  ].map((group) => every(group, 5000)),
];
const memory = memorySampler(groups);
/** CPU ms of each process (group) so far, and of this process (the SMTP sink and webhook receiver). */
const cpuNow = (): Record<string, number> => ({
  ...Object.fromEntries(groups.map((g) => [g.name, cpuMs(g)])),
  sinks: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
});

const apiPort = await freePort();
loadStarted = performance.now();
spawnService("api", "services/api/src/main.ts", { PORT: String(apiPort) });
spawnService("worker", "services/worker/src/main.ts");
const base = `http://127.0.0.1:${apiPort}`;
for (let i = 0; ; i++) {
  const ok = await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok && ready.worker) break;
  if (i > 2400) throw new Error("API or worker not ready within 10 minutes");
  await new Promise((r) => setTimeout(r, 250));
}
log(`API (matching index built from the database at start) and worker ready in ${s(performance.now() - loadStarted)}`);
memory.reset();

// ---- one publish ----

const load = loadavg()[0]!;
const cpuBefore = cpuNow();
const publishedAt = performance.now();
const res = await fetch(`${base}/api/v1/needs`, {
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  body: JSON.stringify({
    title: "Vinterdrift av kommunale veier i Nordre Follo 2027–2031",
    challenge: "Vi trenger forutsigbar brøyting og strøing av 180 km kommunal vei med færre utslipp.",
    description: "Kommunen ønsker dialog med leverandører om utslippsfri vinterdrift og sensorer for føreforhold.",
    cpv: [CPV],
    estimatedValueNok: { min: 40_000_000, max: 60_000_000 },
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    status: "published",
  }),
});
const answeredAt = performance.now();
if (res.status !== 201) throw new Error(`publish answered ${res.status}: ${await res.text()}`);
const needId = ((await res.json()) as { id: string }).id;
log(
  `published ${needId} (answer after ${(answeredAt - publishedAt).toFixed(0)} ms); waiting for ${n(EXPECTED)} deliveries`,
);

const received = () => mails.at.size + hooks.at.size;
let lastCount = 0;
let lastChange = performance.now();
let lastLog = performance.now();
while (received() < EXPECTED) {
  await new Promise((r) => setTimeout(r, 100));
  const now = performance.now();
  if (received() !== lastCount) {
    lastCount = received();
    lastChange = now;
  }
  if (now - lastLog >= 2000) {
    lastLog = now;
    log(
      `${s(now - publishedAt)}: mails ${n(mails.at.size)}/${n(SUPPLIERS)}, webhooks ${n(hooks.at.size)}/${n(WEBHOOKS)}, ${n(received() / ((now - publishedAt) / 1000))}/s so far`,
    );
  }
  if ((lastCount > 0 && now - lastChange > 60_000) || now - publishedAt > TIMEOUT_MS) {
    log(`no progress for 60 s or over the time limit: stopping with ${n(received())} of ${n(EXPECTED)}`);
    break;
  }
}
const cpuAfter = cpuNow();
const loadAfter = loadavg()[0]!;
const peaks = memory.peaks();
memory.stop();

stopping = true;
await Promise.all(
  Object.values(children).map(
    (child) =>
      new Promise((resolve) => {
        if (!child || child.exitCode !== null) return resolve(undefined);
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  ),
);

// ---- the ledger, as the API would show it; then FerretDB's rates for the operations of this path ----
await connectDatabase(mongoUrl, env.MONGO_DB!);
const rows = await DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>();
const states = new Map<string, number>();
for (const r of rows) states.set(`${r.channel} ${r.state}`, (states.get(`${r.channel} ${r.state}`) ?? 0) + 1);
log("FerretDB alone: the delivery path's operations on delivery-shaped documents");
const ops = await ferretdbRates(rows, Math.min(EXPECTED, 15_000));
await disconnectDatabase();
await smtp.stop();
await receiver.stop();
await services.stop();

const times = [...mails.at.values(), ...hooks.at.values()].map((t) => t - publishedAt).sort((a, b) => a - b);
const first = times[0] ?? NaN;
const last = times[times.length - 1] ?? NaN;
const mib = (name: string) => (peaks[name] === undefined ? "—" : n(peaks[name]!));
console.log(
  `\nFan-out benchmark: ${n(SUPPLIERS)} suppliers, ${n(WEBHOOKS)} with a webhook; worker concurrency ${CONCURRENCY}; SMTP sink ${CATCHER}; machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load.toFixed(1)} at the publish\n`,
);
console.log("| measure | value |\n|---|---:|");
const table: [string, string][] = [
  ["recipients (fan-out)", matchResult?.recipients === undefined ? "—" : n(matchResult.recipients)],
  ["deliveries expected / received", `${n(EXPECTED)} / ${n(received())}`],
  ["duplicates received (mail, webhook)", `${mails.duplicates}, ${hooks.duplicates}`],
  ["publish → last delivery", s(last)],
  ["deliveries/s (received ÷ publish → last)", n(received() / (last / 1000))],
  ["p50 publish → delivery", s(quantile(times, 0.5))],
  ["p99 publish → delivery", s(quantile(times, 0.99))],
  ["first delivery after publish", s(first)],
  ["spread first → last", s(last - first)],
  ["POST /needs answered after", `${(answeredAt - publishedAt).toFixed(0)} ms`],
  [
    "ledger",
    [...states]
      .sort()
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(", "),
  ],
  [
    "match-need steps (ms)",
    matchResult?.ms
      ? Object.entries(matchResult.ms)
          .map(([k, v]) => `${k} ${n(v)}`)
          .join(", ")
      : "—",
  ],
  ["SMTP sink alone, mails/s (fast, parse)", `${n(sinkRates.fast)}, ${n(sinkRates.parse)}`],
];
for (const [k, v] of table) console.log(`| ${k} | ${v} |`);
console.log("\nFerretDB alone, delivery-shaped documents in a fresh collection, right after the run (operations/s):\n");
console.log("| operation | per second |\n|---|---:|");
for (const [k, v] of ops) console.log(`| ${k} | ${n(v)} |`);
console.log("\nPeak memory during the fan-out (MiB; RSS, groups by PSS):\n");
console.log("| API | worker | Redis | FerretDB | PostgreSQL | Meilisearch |\n|---:|---:|---:|---:|---:|---:|");
console.log(`| ${["api", "worker", "redis", "ferretdb", "postgresql", "meilisearch"].map(mib).join(" | ")} |`);
// CPU from the publish to the last delivery: what each process spent, in all and per delivery received.
const cpuNames = ["api", "worker", "redis", "ferretdb", "postgresql", "meilisearch", "sinks"];
const cpuOf = (name: string) => (cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0);
const cpuTotal = cpuNames.reduce((sum, name) => sum + cpuOf(name), 0);
console.log(
  `\nCPU from the publish to the last delivery (ms; sinks: the SMTP server and webhook receiver in the bench process; load average ${load.toFixed(1)} at the publish, ${loadAfter.toFixed(1)} at the end):\n`,
);
console.log(`| | ${cpuNames.join(" | ")} | all |\n|---|${"---:|".repeat(cpuNames.length + 1)}`);
console.log(`| CPU ms | ${cpuNames.map((k) => n(cpuOf(k))).join(" | ")} | ${n(cpuTotal)} |`);
const per = (ms: number) => (received() ? (ms / received()).toFixed(2) : "—");
console.log(`| per delivery | ${cpuNames.map((k) => per(cpuOf(k))).join(" | ")} | ${per(cpuTotal)} |`);
process.exit(received() === EXPECTED ? 0 : 1);
