/**
 * Search benchmark: `npm run bench:search [-- --size N]` (default 100,000 suppliers).
 * Generates deterministic supplier documents, indexes them (embedded engine, or Meilisearch when MEILI_URL is
 * set, in throw-away indexes), then measures latency and throughput for three query kinds at 1, 10 and 50
 * concurrent clients, each bounded in count and time. Prints a Markdown table with indexing speed and peak RSS.
 */
import { parseArgs } from "node:util";
import { cpus, totalmem } from "node:os";
import { Meilisearch } from "meilisearch";
import { createSearchEngine } from "@markedsdialog/core/search/index";
import { generateSuppliers, queryStream, type QueryKind } from "./search-data";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "100000" },
    queries: { type: "string", default: "2000" },
    seconds: { type: "string", default: "10" },
  },
});
const SIZE = Number(args.size);
const MAX_QUERIES = Number(args.queries);
const MAX_MS = Number(args.seconds) * 1000;
if (!Number.isInteger(SIZE) || SIZE < 1) throw new Error("--size must be a positive whole number");

const log = (msg: string): void => void process.stderr.write(`[bench:search] ${msg}\n`);
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sampleRss, 50);
const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

const prefix = `bench_${Date.now()}_`;
const engine = createSearchEngine({
  meiliUrl: process.env.MEILI_URL,
  meiliKey: process.env.MEILI_MASTER_KEY,
  indexPrefix: prefix,
});
log(`engine: ${engine.kind}; ${SIZE} suppliers; ${cpus().length} CPUs, ${mb(totalmem())} RAM`);

let started = performance.now();
const docs = generateSuppliers(SIZE, 42, (done) => log(`generated ${done}/${SIZE}`));
log(
  `generated ${SIZE} documents in ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${mb(process.memoryUsage().rss)}`,
);

await engine.applySettings();
const batch = engine.kind === "embedded" ? 5000 : 10_000;
started = performance.now();
for (let i = 0; i < docs.length; i += batch) {
  await engine.upsert("suppliers", docs.slice(i, i + batch));
  sampleRss();
  const done = Math.min(i + batch, docs.length);
  if (done % 20_000 === 0 || done === docs.length) {
    log(
      `indexed ${done}/${SIZE} (${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${mb(process.memoryUsage().rss)})`,
    );
  }
}
const indexSeconds = (performance.now() - started) / 1000;

const percentile = (sortedMs: number[], p: number): number =>
  sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))] ?? NaN;

interface Row {
  kind: QueryKind;
  clients: number;
  queries: number;
  qps: number;
  p50: number;
  p95: number;
  p99: number;
  avgHits: number;
}

async function measure(kind: QueryKind, clients: number): Promise<Row> {
  const next = queryStream(kind, 7 + clients);
  const latencies: number[] = [];
  let hits = 0;
  const begin = performance.now();
  const client = async (): Promise<void> => {
    while (latencies.length < MAX_QUERIES && performance.now() - begin < MAX_MS) {
      const query = next();
      const t = performance.now();
      const result = await engine.search("suppliers", query);
      latencies.push(performance.now() - t);
      hits += result.total;
      if (latencies.length % 200 === 0) sampleRss();
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    kind,
    clients,
    queries: latencies.length,
    qps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    avgHits: hits / latencies.length,
  };
}

// Warm up caches (tokenizer, JIT) before measuring.
for (const kind of ["text", "text+filters", "geo radius"] as const) {
  const next = queryStream(kind, 1);
  for (let i = 0; i < 50; i++) await engine.search("suppliers", next());
}

const rows: Row[] = [];
for (const kind of ["text", "text+filters", "geo radius"] as const) {
  for (const clients of [1, 10, 50]) {
    const row = await measure(kind, clients);
    rows.push(row);
    log(`${kind} × ${clients}: ${row.queries} queries, p95 ${row.p95.toFixed(2)} ms, ${row.qps.toFixed(0)} q/s`);
  }
}
sampleRss();
clearInterval(sampler);

const f = (n: number): string => n.toFixed(2);
console.log(`\n## Search benchmark (${engine.kind}, ${SIZE.toLocaleString("en")} suppliers, ${cpus().length} CPUs)\n`);
console.log(`| indexing | documents/s | peak RSS |`);
console.log(`| --- | --- | --- |`);
console.log(
  `| ${indexSeconds.toFixed(1)} s | ${Math.round(SIZE / indexSeconds).toLocaleString("en")} | ${mb(peakRss)} |\n`,
);
console.log(`| query kind | clients | queries | queries/s | p50 ms | p95 ms | p99 ms | avg total hits |`);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
for (const r of rows) {
  console.log(
    `| ${r.kind} | ${r.clients} | ${r.queries} | ${r.qps.toFixed(0)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${Math.round(r.avgHits)} |`,
  );
}
console.log(
  `\nEach cell: at most ${MAX_QUERIES} queries or ${MAX_MS / 1000} s. text+filters asks for facets size and certifications.`,
);

if (engine.kind === "meilisearch" && process.env.MEILI_URL) {
  const client = new Meilisearch({ host: process.env.MEILI_URL, apiKey: process.env.MEILI_MASTER_KEY });
  for (const index of ["suppliers", "needs"]) await client.deleteIndex(`${prefix}${index}`).waitTask();
}
await engine.close();
