/**
 * Search benchmark: `npm run bench:search [-- --size N --queries N --seconds N --engines embedded,meilisearch]`.
 * Generates N deterministic supplier documents (default 100,000) and, for each engine in turn on the same
 * documents and the same query streams, indexes them (throw-away indexes), times listing every version
 * (what the drift check reads), then measures latency and throughput for three query kinds at 1, 10 and 50
 * concurrent clients, each cell bounded in count and time. Meilisearch is the server at MEILI_URL, or one
 * started here (scripts/local-services.ts) when its binary is there. Memory: this process's RSS for the
 * embedded engine (it lives in the API process; the generated documents are counted too, see the baseline),
 * the Meilisearch process's RSS read from /proc. Prints Markdown tables with an engine column.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EmbeddedSearchEngine } from "@markedsdialog/core/search/embedded/engine";
import { MeiliSearchEngine } from "@markedsdialog/core/search/meilisearch/engine";
import type { SearchEngine, SupplierSearchDoc } from "@markedsdialog/core/search/types";
import { startLocalServices, type LocalServices } from "../scripts/local-services";
import { dropMeiliIndexes } from "../tests/helpers/engines";
import { generateSuppliers, queryStream, type QueryKind } from "./search-data";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "100000" },
    queries: { type: "string", default: "2000" },
    seconds: { type: "string", default: "10" },
    engines: { type: "string", default: "embedded,meilisearch" },
  },
});
const SIZE = Number(args.size);
const MAX_QUERIES = Number(args.queries);
const MAX_MS = Number(args.seconds) * 1000;
const ENGINES = args.engines.split(",").map((e) => e.trim());
if (!Number.isInteger(SIZE) || SIZE < 1) throw new Error("--size must be a positive whole number");
if (ENGINES.some((e) => e !== "embedded" && e !== "meilisearch")) throw new Error("--engines: embedded,meilisearch");
const KINDS: QueryKind[] = ["text", "text+filters", "geo radius"];
const CLIENTS = [1, 10, 50];

const log = (msg: string): void => void process.stderr.write(`[bench:search] ${msg}\n`);
const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024).toLocaleString("en")} MB`;
const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The resident memory of the process the engine runs in, and its peak while sampled. */
interface Memory {
  what: string;
  now(): number | undefined;
  peak: number;
}
function memoryOf(what: string, read: () => number | undefined): Memory & { sample(): void } {
  const m = {
    what,
    now: read,
    peak: 0,
    sample: () => void (m.peak = Math.max(m.peak, read() ?? 0)),
  };
  return m;
}

/** The pid of the Meilisearch process listening on the URL's port, found by its command line in /proc. */
function meiliPid(url: string): number | undefined {
  const port = new URL(url).port;
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv[0]?.endsWith("meilisearch") && argv.some((a) => a.endsWith(`:${port}`))) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}
const procRss = (pid: number): number | undefined => {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : undefined;
};

interface Row {
  engine: string;
  kind: QueryKind;
  clients: number;
  queries: number;
  qps: number;
  p50: number;
  p95: number;
  p99: number;
  avgHits: number;
}
interface IndexRow {
  engine: string;
  seconds: number;
  versionsSeconds: number;
  memory: string;
}

const percentile = (sortedMs: number[], p: number): number =>
  sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? NaN;

async function measure(engine: SearchEngine, kind: QueryKind, clients: number, memory: Memory & { sample(): void }) {
  const next = queryStream(kind, 7 + clients);
  const latencies: number[] = [];
  let hits = 0;
  const begin = performance.now();
  const client = async (): Promise<void> => {
    while (latencies.length < MAX_QUERIES && performance.now() - begin < MAX_MS) {
      const t = performance.now();
      const result = await engine.search("suppliers", next());
      latencies.push(performance.now() - t);
      hits += result.total;
      if (latencies.length % 100 === 0) memory.sample();
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const row = {
    engine: engine.kind,
    kind,
    clients,
    queries: latencies.length,
    qps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    avgHits: hits / latencies.length,
  };
  log(
    `${engine.kind} ${kind} × ${clients}: ${row.queries} queries, p95 ${row.p95.toFixed(2)} ms, ${row.qps.toFixed(0)} q/s`,
  );
  return row;
}

async function run(engine: SearchEngine, docs: SupplierSearchDoc[], memory: Memory & { sample(): void }) {
  const sampler = setInterval(memory.sample, 100);
  try {
    await engine.applySettings();
    const batch = engine.kind === "embedded" ? 5000 : 10_000;
    const started = performance.now();
    for (let i = 0; i < docs.length; i += batch) {
      await engine.upsert("suppliers", docs.slice(i, i + batch));
      memory.sample();
      const done = Math.min(i + batch, docs.length);
      if (done % 20_000 === 0 || done === docs.length) {
        log(
          `${engine.kind}: indexed ${done}/${docs.length} (${seconds(started)}, ${memory.what} ${mb(memory.now() ?? 0)})`,
        );
      }
    }
    const indexSeconds = (performance.now() - started) / 1000;
    const listed = performance.now();
    const versions = await engine.versions("suppliers");
    const versionsSeconds = (performance.now() - listed) / 1000;
    if (versions.size !== docs.length) throw new Error(`versions() listed ${versions.size} of ${docs.length}`);
    log(`${engine.kind}: versions() listed ${versions.size} in ${versionsSeconds.toFixed(2)} s`);
    for (const kind of KINDS) {
      const next = queryStream(kind, 1); // warm-up: caches, JIT, connections
      for (let i = 0; i < 50; i++) await engine.search("suppliers", next());
    }
    const rows: Row[] = [];
    for (const kind of KINDS) for (const clients of CLIENTS) rows.push(await measure(engine, kind, clients, memory));
    memory.sample();
    const index: IndexRow = { engine: engine.kind, seconds: indexSeconds, versionsSeconds, memory: "" };
    return { index, rows };
  } finally {
    clearInterval(sampler);
  }
}

log(`${SIZE} suppliers; engines ${ENGINES.join(", ")}; ${cpus().length} CPUs, ${mb(totalmem())} RAM`);
const started = performance.now();
const docs = generateSuppliers(SIZE, 42, (done) => log(`generated ${done}/${SIZE}`));
const baseline = process.memoryUsage().rss;
log(`generated ${SIZE} documents in ${seconds(started)}; RSS ${mb(baseline)}`);

const indexRows: IndexRow[] = [];
const rows: Row[] = [];
const notes: string[] = [];
if (ENGINES.includes("embedded")) {
  const engine = new EmbeddedSearchEngine();
  const memory = memoryOf("bench process RSS", () => process.memoryUsage().rss);
  const result = await run(engine, docs, memory);
  indexRows.push({
    ...result.index,
    memory: `${mb(memory.peak)} peak (bench process, ${mb(baseline)} before indexing)`,
  });
  rows.push(...result.rows);
  await engine.clear("suppliers");
  await engine.close();
}

if (ENGINES.includes("meilisearch")) {
  let services: LocalServices | undefined;
  let dataDir: string | undefined;
  let url = process.env.MEILI_URL;
  let key = process.env.MEILI_MASTER_KEY;
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), "md-bench-search-"));
    services = await startLocalServices({ dataDir, mongo: false, redis: false, meili: true, log });
    ({ meiliUrl: url, meiliKey: key } = services);
  }
  if (!url) {
    notes.push("Meilisearch: SKIPPED (MEILI_URL is unset and no server binary was found).");
  } else {
    const prefix = `bench_${Date.now()}_`;
    const engine = new MeiliSearchEngine({ url, apiKey: key, indexPrefix: prefix });
    const pid = meiliPid(url);
    const memory = memoryOf("Meilisearch RSS", () => (pid ? procRss(pid) : undefined));
    if (!pid) notes.push(`Meilisearch memory: not measured (no local process found listening on ${url}).`);
    try {
      const result = await run(engine, docs, memory);
      const where = pid ? `${mb(memory.peak)} peak (Meilisearch process ${pid}, sampled every 100 ms)` : "n/a";
      indexRows.push({ ...result.index, memory: where });
      rows.push(...result.rows);
    } finally {
      await dropMeiliIndexes({ url, key }, prefix);
      await engine.close();
      await services?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const f = (n: number): string => n.toFixed(2);
const n0 = (n: number): string => Math.round(n).toLocaleString("en");
console.log(`\n## Search benchmark (${SIZE.toLocaleString("en")} suppliers, ${cpus().length} CPUs)\n`);
console.log(`| engine | indexing | documents/s | versions() of all | memory |`);
console.log(`| --- | ---: | ---: | ---: | --- |`);
for (const r of indexRows) {
  console.log(
    `| ${r.engine} | ${r.seconds.toFixed(1)} s | ${n0(SIZE / r.seconds)} | ${r.versionsSeconds.toFixed(2)} s | ${r.memory} |`,
  );
}
console.log(`\n| engine | query kind | clients | queries | queries/s | p50 ms | p95 ms | p99 ms | avg total hits |`);
console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const r of rows) {
  console.log(
    `| ${r.engine} | ${r.kind} | ${r.clients} | ${r.queries} | ${n0(r.qps)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${n0(r.avgHits)} |`,
  );
}
console.log(
  `\nEach cell: at most ${MAX_QUERIES} queries or ${MAX_MS / 1000} s. text+filters asks for facets size and certifications.`,
);
for (const note of notes) console.log(`\n${note}`);
process.exit(0);
