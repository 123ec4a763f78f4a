/**
 * Relevance benchmark: `npm run bench:relevance [-- --all]`.
 * Starts its own FerretDB and Redis in a temporary folder unless MONGO_URL/REDIS_URL are set, and its own
 * Meilisearch unless MEILI_URL is set (when the server binary is there), seeds the demo once into a fresh
 * database and, for each engine, builds the indexes from it in id order and runs the relevance set of
 * tests/relevance-queries.ts through the HTTP API. Prints one table with both engines (recall@5 and MRR for
 * suppliers, needs and all), the queries where the engines differ, and each engine's misses; `--all` adds
 * one row per query and engine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import mongoose from "mongoose";
import { reindex } from "@markedsdialog/core/search/sync";
import { seedDemo } from "@markedsdialog/seed";
import { startLocalServices } from "../scripts/local-services";
import type { EngineName } from "../tests/helpers/engines";
import { ADMIN_TOKEN, startHarness } from "../tests/helpers/harness";
import {
  missList,
  queryTable,
  resolveQueries,
  runQueries,
  totals,
  type Outcome,
  type ResolvedQuery,
} from "../tests/relevance-queries";

const { values: args } = parseArgs({ options: { all: { type: "boolean", default: false } } });
const log = (msg: string): void => void process.stderr.write(`[bench:relevance] ${msg}\n`);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-relevance-"));
const services = await startLocalServices({
  dataDir,
  mongo: !process.env.MONGO_URL,
  redis: !process.env.REDIS_URL,
  meili: !process.env.MEILI_URL,
  log,
});
// The harness picks Meilisearch from TEST_MEILI_URL (or MEILI_URL): point it at the server started here.
if (!process.env.MEILI_URL && services.meiliUrl) {
  process.env.TEST_MEILI_URL = services.meiliUrl;
  process.env.TEST_MEILI_MASTER_KEY = services.meiliKey ?? "";
}
const hasMeili = Boolean(process.env.MEILI_URL || services.meiliUrl);
const engines: EngineName[] = hasMeili ? ["embedded", "meilisearch"] : ["embedded"];
const shared = {
  MONGO_URL: process.env.MONGO_URL ?? services.mongoUrl ?? "",
  REDIS_URL: process.env.REDIS_URL ?? services.redisUrl ?? "",
  // One database for every engine: seeded once, indexed by each.
  MONGO_DB: `bench_relevance_${Date.now()}`,
};
const queries = resolveQueries();

const results = new Map<EngineName, Outcome[]>();
for (const [i, engine] of engines.entries()) {
  // No workers: the indexes are built by reindex alone, in id order, the same for both engines.
  const h = await startHarness(`benchrel_${engine}`, shared, { engine });
  try {
    if (i === 0) {
      log(`seeding the demo into ${shared.MONGO_DB}`);
      const summary = await seedDemo();
      log(`seeded ${summary.suppliers} suppliers and ${summary.needs} needs`);
    }
    for (const index of ["suppliers", "needs"] as const) {
      const result = await reindex(h.search, index);
      log(`${engine}: indexed ${result.indexed} ${index}`);
    }
    results.set(engine, await runQueries(h.http, ADMIN_TOKEN, queries));
  } finally {
    if (i === engines.length - 1) await mongoose.connection.dropDatabase();
    await h.close();
  }
}
await services.stop();
rmSync(dataDir, { recursive: true, force: true });

const f2 = (n: number): string => n.toFixed(2);
const f3 = (n: number): string => n.toFixed(3);
const suppliers = queries.filter((q) => q.index === "suppliers").length;
console.log(`# Search relevance on the demo data\n`);
console.log(`${queries.length} queries (${suppliers} supplier, ${queries.length - suppliers} need); top 10 per query.`);
console.log(
  `recall@5: relevant hits in the top 5 / min(5, relevant); MRR: 1/rank of the first relevant hit, 0 past 10.`,
);
if (!hasMeili) console.log(`\nMeilisearch: SKIPPED (MEILI_URL is unset and no server binary was found).`);

console.log(`\n${engineTable(queries, results)}`);
console.log(`\n## Queries where the engines differ\n\n${differences(results)}`);
for (const [engine, outcomes] of results) {
  console.log(`\n## ${engine}: misses (recall@5 below 1 or first relevant hit below rank 1)\n\n${missList(outcomes)}`);
  if (args.all) console.log(`\n### ${engine}: every query\n\n${queryTable(outcomes)}`);
}
process.exit(0);

/** One row per index and overall, two columns per engine. */
function engineTable(all: ResolvedQuery[], byEngine: Map<EngineName, Outcome[]>): string {
  const names = [...byEngine.keys()];
  const head = `| index | queries | ${names.map((n) => `${n} recall@5 | ${n} MRR`).join(" | ")} |`;
  const rule = `|---|---:|${names.map(() => "---:|---:").join("|")}|`;
  const rows = (["suppliers", "needs", "all"] as const).map((index) => {
    const pick = (outcomes: Outcome[]) => outcomes.filter((o) => index === "all" || o.query.index === index);
    const count = all.filter((q) => index === "all" || q.index === index).length;
    const cells = [...byEngine.values()].map((outcomes) => {
      const t = totals(pick(outcomes));
      return `${f3(t.recall)} | ${f3(t.mrr)}`;
    });
    return `| ${index} | ${count} | ${cells.join(" | ")} |`;
  });
  return [head, rule, ...rows].join("\n");
}

/** The queries whose recall@5 or reciprocal rank is not the same on every engine. */
function differences(byEngine: Map<EngineName, Outcome[]>): string {
  const names = [...byEngine.keys()];
  const lists = [...byEngine.values()];
  if (lists.length < 2) return "Only one engine ran.";
  const first = lists[0] ?? [];
  const rows = first.flatMap((outcome, i) => {
    const same = lists.every((l) => l[i]?.recall === outcome.recall && l[i]?.rr === outcome.rr);
    if (same) return [];
    const q = outcome.query;
    const cells = lists.map((l) => `${f2(l[i]?.recall ?? NaN)} / ${f2(l[i]?.rr ?? NaN)}`);
    return [`| ${q.index} | ${q.category} | ${q.label} | ${cells.join(" | ")} |`];
  });
  if (rows.length === 0) return "None: both engines score every query the same.";
  const head = `| index | category | query | ${names.map((n) => `${n} recall@5 / RR`).join(" | ")} |`;
  return [head, `|---|---|---|${names.map(() => "---:").join("|")}|`, ...rows].join("\n");
}
