/**
 * Matching benchmark: `npm run bench:matching [-- --subscriptions 100000 --suppliers 40000 --opted-in 20000 --needs 300]`.
 * Stores N generated subscriptions in FerretDB (on PostgreSQL) and builds the Redis candidate index from
 * them with the repair (the path a fresh Redis takes at start-up); indexes the supplier profiles in the
 * embedded search engine, some opted in to profile matching; then matches a few hundred generated open
 * needs three ways: matchNeed (index + profiles + follows), the index alone, and, as the ceiling to beat,
 * every subscription checked in JavaScript. Checks that the index finds exactly what the full scan finds.
 * Starts FerretDB and Redis in a temporary folder unless MONGO_URL / REDIS_URL are set. Prints Markdown.
 */
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Redis } from "ioredis";
import {
  BuyerGroup,
  connectDatabase,
  disconnectDatabase,
  MatchIndex,
  matchNeedRun,
  repairMatchIndex,
  Subscription,
  type SubscriptionRecord,
} from "@markedsdialog/core";
import { checkSubscription } from "@markedsdialog/core/matching/check";
import { compileSubscription } from "@markedsdialog/core/matching/criteria";
import { groupsOfBuyer } from "@markedsdialog/core/matching/match-need";
import { needFacts } from "@markedsdialog/core/matching/need-facts";
import { subscriptionKeys } from "@markedsdialog/core/matching/postings";
import { EmbeddedSearchEngine } from "@markedsdialog/core/search/embedded/engine";
import type { NeedSearchDoc } from "@markedsdialog/core/search/types";
import { startLocalServices } from "../scripts/local-services";
import { benchBuyers, benchGroups, benchNeeds, benchSubscriptions, benchSuppliers } from "./matching-data";

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "100000" },
    suppliers: { type: "string", default: "40000" },
    "opted-in": { type: "string", default: "20000" },
    needs: { type: "string", default: "300" },
  },
});
const [SUBSCRIPTIONS, SUPPLIERS, OPTED_IN, NEEDS] = [
  args.subscriptions,
  args.suppliers,
  args["opted-in"],
  args.needs,
].map(Number) as [number, number, number, number];
const log = (msg: string) => process.stderr.write(`[bench:matching] ${msg}\n`);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString("en")} MB`;
const n = (x: number) => Math.round(x).toLocaleString("en");
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;
/** Heap in use after a full collection: what a structure really keeps. */
const heap = () => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};
const redisMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1] ?? 0);

const dataDir = mkdtempSync(join(tmpdir(), "md-bench-matching-"));
const services = await startLocalServices({
  dataDir,
  mongo: !process.env.MONGO_URL,
  redis: !process.env.REDIS_URL,
  log,
});
const mongoUrl = process.env.MONGO_URL ?? services.mongoUrl ?? "";
const redisUrl = process.env.REDIS_URL ?? services.redisUrl ?? "";
const runId = `bench_matching_${Date.now()}`;
await connectDatabase(mongoUrl, runId);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const index = new MatchIndex(redis, `{${runId}}:match`);
const build: string[][] = [];

log(`generating ${n(SUPPLIERS)} suppliers, ${n(SUBSCRIPTIONS)} subscriptions, ${n(NEEDS)} needs`);
const buyers = benchBuyers();
const groups = benchGroups(buyers);
const suppliers = benchSuppliers(SUPPLIERS, OPTED_IN);
const records = benchSubscriptions(SUBSCRIPTIONS, suppliers, buyers, groups);
const needs = benchNeeds(NEEDS);
await BuyerGroup.insertMany(groups);

let started = performance.now();
for (let i = 0; i < records.length; i += 2000) {
  await Subscription.insertMany(records.slice(i, i + 2000), { lean: true });
  if ((i / 2000) % 10 === 0) log(`stored ${n(i + 2000)} subscriptions (${seconds(started)})`);
}
build.push([
  "subscriptions stored in FerretDB (insertMany, batches of 2,000)",
  n(records.length),
  seconds(started),
  `${n(records.length / ((performance.now() - started) / 1000))}/s`,
]);

const memoryBefore = await redisMemory(redis);
started = performance.now();
const repair = await repairMatchIndex(index, (done) => done % 20_000 < 64 && log(`indexed ${n(done)}`));
const redisUsed = (await redisMemory(redis)) - memoryBefore;
build.push([
  "candidate index built from the database (repair: scan, compile, one Lua write each)",
  n(repair.records),
  seconds(started),
  `${n(repair.records / (repair.ms / 1000))}/s`,
]);
build.push(["Redis memory of the index (used_memory before and after)", "", "", mb(redisUsed)]);
const filed = new Map<string, number>();
const heapBefore = heap();
const compiled = records.map((r) => compileSubscription(r as unknown as SubscriptionRecord));
const heapOfAll = heap() - heapBefore;
for (const c of compiled) filed.set(subscriptionKeys(c).dimension, (filed.get(subscriptionKeys(c).dimension) ?? 0) + 1);
build.push([
  "filed under (most selective dimension)",
  [...filed].map(([d, count]) => `${d} ${n(count)}`).join(", "),
  "",
  "",
]);

const heapBeforeProfiles = heap();
const search = new EmbeddedSearchEngine();
started = performance.now();
await search.upsert("suppliers", suppliers);
build.push([
  `supplier profiles in the embedded engine (${n(OPTED_IN)} opted in)`,
  n(suppliers.length),
  seconds(started),
  `${mb(heap() - heapBeforeProfiles)} heap`,
]);

interface PathResult {
  times: number[];
  steps: Record<string, number[]>;
  examined: number;
  subscriptionMatches: number;
  profileCandidates: number;
  suppliers: number;
  matched: Map<string, string[]>;
}
async function run(
  name: string,
  match: (
    need: NeedSearchDoc,
  ) => Promise<{ examined: number; profiles: number; ids: string[]; suppliers: number; ms?: Record<string, number> }>,
): Promise<PathResult> {
  for (const need of needs.slice(0, 20)) await match(need); // warm-up
  const result: PathResult = {
    times: [],
    steps: {},
    examined: 0,
    subscriptionMatches: 0,
    profileCandidates: 0,
    suppliers: 0,
    matched: new Map(),
  };
  for (const need of needs) {
    const t = performance.now();
    const out = await match(need);
    result.times.push(performance.now() - t);
    for (const [key, value] of Object.entries(out.ms ?? {})) (result.steps[key] ??= []).push(value);
    result.examined += out.examined;
    result.profileCandidates += out.profiles;
    result.subscriptionMatches += out.ids.length;
    result.suppliers += out.suppliers;
    result.matched.set(need.id, out.ids.sort());
  }
  log(`${name}: done`);
  return result;
}
const subscriptionIds = (matches: Awaited<ReturnType<typeof matchNeedRun>>["matches"]) =>
  matches.flatMap((m) => m.sources.flatMap((s) => (s.type === "subscription" ? [s.subscriptionId] : [])));

const full = await run("matchNeed", async (need) => {
  const r = await matchNeedRun(need, { index, search });
  return {
    examined: r.examined.subscriptions,
    profiles: r.examined.profiles,
    ids: subscriptionIds(r.matches),
    suppliers: r.matches.length,
    ms: r.ms,
  };
});
const indexOnly = await run("index only", async (need) => {
  const r = await matchNeedRun(need, { index });
  return {
    examined: r.examined.subscriptions,
    profiles: 0,
    ids: subscriptionIds(r.matches),
    suppliers: r.matches.length,
    ms: r.ms,
  };
});
const all = compiled;
const naive = await run("naive scan", async (need) => {
  let t = performance.now();
  const facts = needFacts(need, await groupsOfBuyer(need.buyerId));
  const groupsMs = performance.now() - t;
  t = performance.now();
  const matched = all.filter((c) => checkSubscription(c, facts) !== undefined);
  return {
    ms: { groups: groupsMs, check: performance.now() - t },
    examined: all.length,
    profiles: 0,
    ids: matched.map((c) => c.id),
    suppliers: new Set(matched.map((c) => c.supplierId)).size,
  };
});
const differing = needs.filter(
  (need) => JSON.stringify(naive.matched.get(need.id)) !== JSON.stringify(indexOnly.matched.get(need.id)),
);

console.log(
  `\n### Matching (${n(SUBSCRIPTIONS)} subscriptions, ${n(SUPPLIERS)} supplier profiles of which ${n(OPTED_IN)} opted in, ${n(needs.length)} needs; ${cpus().length} cores)\n`,
);
console.log("| step | records | time | rate / size |\n|---|---:|---:|---:|");
for (const row of build) console.log(`| ${row.join(" | ")} |`);
console.log(
  `| all subscriptions' criteria held in JavaScript (the naive scan's input) | ${n(all.length)} | | ${mb(heapOfAll)} heap |`,
);
console.log(
  "\n| path | p50 ms | p99 ms | mean ms | needs/s | subscriptions examined per need | subscription matches per need | profile candidates per need | suppliers matched per need |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const [name, r] of [
  ["matchNeed: index + opted-in profiles + follows", full],
  ["index only (subscriptions and follows)", indexOnly],
  ["ceiling: every subscription checked in JavaScript", naive],
] as const) {
  const sorted = [...r.times].sort((a, b) => a - b);
  const mean = r.times.reduce((a, b) => a + b, 0) / r.times.length;
  const per = (x: number) => n(x / needs.length);
  console.log(
    `| ${name} | ${ms(quantile(sorted, 0.5))} | ${ms(quantile(sorted, 0.99))} | ${ms(mean)} | ${n(1000 / mean)} | ${per(r.examined)} | ${per(r.subscriptionMatches)} | ${per(r.profileCandidates)} | ${per(r.suppliers)} |`,
  );
}
const STEPS = ["groups", "candidates", "check", "profiles", "suppliers", "assemble"] as const;
console.log(
  "\np50 ms of each step (groups: the buyer's groups from the database; candidates: SUNION and criteria; check: every candidate on every criterion, or every subscription for the ceiling; profiles: the suppliers search and its check; suppliers: their documents for distance; assemble: merge, score, explain, sort):\n",
);
console.log(`| path | ${STEPS.join(" | ")} |\n|---|${STEPS.map(() => "---:").join("|")}|`);
for (const [name, r] of [
  ["matchNeed", full],
  ["index only", indexOnly],
  ["ceiling", naive],
] as const) {
  const cell = (key: string) => {
    const values = r.steps[key];
    return values
      ? ms(
          quantile(
            [...values].sort((a, b) => a - b),
            0.5,
          ),
        )
      : "—";
  };
  console.log(`| ${name} | ${STEPS.map(cell).join(" | ")} |`);
}
console.log(
  `\nThe index found exactly the subscriptions the full scan found for ${needs.length - differing.length} of ${needs.length} needs.`,
);

await redis.quit();
await disconnectDatabase();
await services.stop();
if (differing.length) {
  console.error(`MISMATCH for ${differing.length} needs, e.g. ${differing[0]?.id}`);
  process.exit(1);
}
