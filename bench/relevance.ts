/**
 * Relevance benchmark: `node --import tsx bench/relevance.ts [-- --all]`.
 * Starts its own FerretDB and Redis in a temporary folder unless MONGO_URL/REDIS_URL are set, seeds the demo
 * into a fresh database, and for each engine (embedded always, Meilisearch when MEILI_URL is set) rebuilds
 * the indexes and runs the relevance set of tests/relevance-queries.ts through the HTTP API. Prints recall@5
 * and MRR per index × category and in total, and the queries that missed; `--all` adds one row per query.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Meilisearch } from "meilisearch";
import mongoose from "mongoose";
import { reindex } from "@markedsdialog/core/search/sync";
import { seedDemo } from "@markedsdialog/seed";
import { startLocalServices } from "../scripts/local-services";
import { ADMIN_TOKEN, startHarness } from "../tests/helpers/harness";
import { groupTable, missList, queryTable, resolveQueries, runQueries, totals } from "../tests/relevance-queries";

const { values: args } = parseArgs({ options: { all: { type: "boolean", default: false } } });
const log = (msg: string): void => void process.stderr.write(`[bench:relevance] ${msg}\n`);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-relevance-"));
const services = await startLocalServices({
  dataDir,
  mongo: !process.env.MONGO_URL,
  redis: !process.env.REDIS_URL,
  log,
});
const meiliUrl = process.env.MEILI_URL?.trim() || undefined;
const shared = {
  MONGO_URL: process.env.MONGO_URL ?? services.mongoUrl ?? "",
  REDIS_URL: process.env.REDIS_URL ?? services.redisUrl ?? "",
  // One database for every engine: seeded once, indexed by each.
  MONGO_DB: `bench_relevance_${Date.now()}`,
};
const engines = [
  { kind: "embedded", env: { MEILI_URL: "" } },
  ...(meiliUrl ? [{ kind: "meilisearch", env: { MEILI_URL: meiliUrl } }] : []),
];
const queries = resolveQueries();
const suppliers = queries.filter((q) => q.index === "suppliers").length;
console.log(`# Search relevance on the demo data\n`);
console.log(`${queries.length} queries (${suppliers} supplier, ${queries.length - suppliers} need); top 10 per query.`);
console.log(
  `recall@5: relevant hits in the top 5 / min(5, relevant); MRR: 1/rank of the first relevant hit, 0 past 10.`,
);
if (!meiliUrl) console.log(`\nMeilisearch: skipped (MEILI_URL is not set); embedded engine only.`);

for (const [i, engine] of engines.entries()) {
  const h = await startHarness(`bench_relevance_${engine.kind}`, { ...shared, ...engine.env });
  try {
    if (i === 0) {
      log(`seeding the demo into ${shared.MONGO_DB}`);
      const summary = await seedDemo();
      log(`seeded ${summary.suppliers} suppliers and ${summary.needs} needs`);
    }
    for (const index of ["suppliers", "needs"] as const) {
      const result = await reindex(h.search, index);
      log(`${h.search.kind}: indexed ${result.indexed} ${index}`);
    }
    const outcomes = await runQueries(h.http, ADMIN_TOKEN, queries);
    const t = totals(outcomes);
    console.log(`\n## ${h.search.kind}: recall@5 ${t.recall.toFixed(3)}, MRR ${t.mrr.toFixed(3)}\n`);
    console.log(groupTable(outcomes));
    console.log(`\n### Misses (recall@5 below 1 or first relevant hit below rank 1)\n\n${missList(outcomes)}`);
    if (args.all) console.log(`\n### Every query\n\n${queryTable(outcomes)}`);
  } finally {
    if (h.search.kind === "meilisearch" && meiliUrl) {
      const client = new Meilisearch({ host: meiliUrl, apiKey: process.env.MEILI_MASTER_KEY });
      for (const index of ["suppliers", "needs"]) {
        await client.deleteIndex(`${h.config.MEILI_INDEX_PREFIX}${index}`).waitTask();
      }
    }
    if (i === engines.length - 1) await mongoose.connection.dropDatabase();
    await h.close();
  }
}
await services.stop();
process.exit(0);
