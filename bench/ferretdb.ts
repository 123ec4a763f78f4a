/**
 * Storage benchmark: FerretDB on its PostgreSQL cluster (or MONGO_URL) with need-shaped documents of about
 * 1 KB (the seed's generator, the Need model's indexes), loaded to each of --sizes (10,000 then 100,000),
 * measuring after each: findOne({_id}), find({buyerId}).limit(20), find().sort({publishedAt: -1}).limit(20),
 * countDocuments({status}), updateOne({_id}) with 10 concurrent writers, and insertMany while loading.
 *
 *   npm run bench:ferretdb [-- --sizes 10000,100000 --lookups 300 --seconds 10]
 *   npm run bench:ferretdb -- --ferretdb .tools/bin/ferretdb --ferretdb .tools/bin/ferretdb-unpatched
 *
 * Each --ferretdb binary gets its own services in a temporary folder (PostgreSQL durable, as for npm start);
 * build the unpatched one with `bash scripts/build-ferretdb.sh --unpatched`. --seconds bounds each
 * measurement (it stops early, with at least 3 samples). Prints one Markdown table.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import mongoose from "mongoose";
import { Need } from "@markedsdialog/core/needs/need.model";
import { generatedBuyers, needDocument } from "@markedsdialog/seed/generate-records";
import { startLocalServices } from "../scripts/local-services";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    lookups: { type: "string", default: "300" },
    seconds: { type: "string", default: "10" },
    ferretdb: { type: "string", multiple: true },
  },
});
const SIZES = args.sizes.split(",").map(Number);
const LOOKUPS = Number(args.lookups);
const BUDGET_MS = Number(args.seconds) * 1000;
const WRITERS = 10;
const SEED = 1;
const log = (msg: string) => process.stderr.write(`[bench:ferretdb] ${msg}\n`);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000) || !(LOOKUPS > 0) || !(BUDGET_MS > 0)) {
  throw new Error("--sizes takes sizes from 1 to 100000, --lookups and --seconds positive numbers");
}

type Collection = mongoose.mongo.Collection;
const buyers = generatedBuyers(SEED).map((buyer) => [buyer, buyer.weight] as const);
const rows = new Map<string, string[]>();
const columns: string[] = [];

const targets = process.env["MONGO_URL"]
  ? [{ label: "MONGO_URL", binary: undefined }]
  : (args.ferretdb ?? [undefined]).map((path) => ({
      label: !path || resolve(path) === resolve(".tools/bin/ferretdb") ? "ferretdb (patched)" : basename(path),
      binary: path ? resolve(path) : undefined,
    }));
for (const target of targets) await benchTarget(target.label, target.binary);

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node ${process.version}; ${process.env["MONGO_URL"] ? "MONGO_URL" : "FerretDB 1.24.2 on PostgreSQL (durable)"}; ` +
    `p50 / p99 in ms (samples)\n`,
);
console.log(`| operation | ${columns.join(" | ")} |`);
console.log(`| --- | ${columns.map(() => "---:").join(" | ")} |`);
for (const [operation, cells] of rows) console.log(`| ${operation} | ${cells.join(" | ")} |`);

async function benchTarget(label: string, binary: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), "md-bench-ferretdb-"));
  const services = process.env["MONGO_URL"]
    ? undefined
    : await startLocalServices({ dataDir, mongo: true, redis: false, persist: true, ferretdbBinary: binary, log });
  const client = await new mongoose.mongo.MongoClient(process.env["MONGO_URL"] ?? services?.mongoUrl ?? "").connect();
  const db = client.db(`bench_ferretdb_${Date.now()}`);
  try {
    const needs = db.collection("needs");
    // The Need model's indexes (plain ascending/descending keys without options).
    for (const [keys] of Need.schema.indexes()) await needs.createIndex(keys as Record<string, 1 | -1>);
    const ids: mongoose.Types.ObjectId[] = [];
    for (const size of SIZES) {
      const inserted = await load(label, needs, ids, size);
      columns.push(`${label}, ${size.toLocaleString("en")}`);
      await measure(needs, ids, inserted);
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await services?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Loads needs up to `size` in batches of 1,000 and returns the insert rate of this stage. */
async function load(label: string, needs: Collection, ids: mongoose.Types.ObjectId[], size: number) {
  let ms = 0;
  const from = ids.length;
  while (ids.length < size) {
    const batch = Array.from({ length: Math.min(1000, size - ids.length) }, (_, i) => {
      const need = new Need({ ...needDocument(SEED, ids.length + i, buyers), createdAt: new Date() }).toObject();
      return { ...need, updatedAt: need.createdAt };
    });
    const begun = performance.now();
    await needs.insertMany(batch);
    ms += performance.now() - begun;
    ids.push(...batch.map((doc) => doc._id));
    if (ids.length % 10_000 === 0 || ids.length === size) {
      log(`${label}: ${ids.length.toLocaleString("en")} needs loaded (${rate(ids.length - from, ms)} docs/s)`);
    }
  }
  return { count: ids.length - from, ms };
}

async function measure(needs: Collection, ids: mongoose.Types.ObjectId[], inserted: { count: number; ms: number }) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  let found = 0;
  const byId = await timed(LOOKUPS, async () => {
    const id = pick(ids);
    const doc = await needs.findOne({ _id: id });
    if (doc?._id.equals(id)) found++;
  });
  const missing = await needs.findOne({ _id: new mongoose.Types.ObjectId() });
  cell("findOne({_id})", summary(byId));
  cell("findOne({_id}) right document", `${found} of ${byId.length}${missing === null ? ", missing id null" : ""}`);
  const byBuyer = await timed(LOOKUPS, () =>
    needs
      .find({ buyerId: pick(buyers)[0]._id })
      .limit(20)
      .toArray(),
  );
  cell("find({buyerId}).limit(20)", summary(byBuyer));
  const newest = await timed(50, () => needs.find({}).sort({ publishedAt: -1 }).limit(20).toArray());
  cell("find({}).sort({publishedAt: -1}).limit(20)", summary(newest));
  const counted = await timed(50, () => needs.countDocuments({ status: "published" }));
  cell("countDocuments({status})", summary(counted));

  const updates: number[] = [];
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (updates.length < LOOKUPS * 3 && (performance.now() - begun < BUDGET_MS || updates.length < WRITERS)) {
        const start = performance.now();
        await needs.updateOne({ _id: pick(ids) }, { $set: { updatedAt: new Date() }, $inc: { version: 1 } });
        updates.push(performance.now() - start);
      }
    }),
  );
  cell(`updateOne({_id}), ${WRITERS} writers`, summary(updates));
  cell(`updateOne({_id}) ops/s, ${WRITERS} writers`, rate(updates.length, performance.now() - begun));
  cell("insertMany docs/s (batches of 1,000)", rate(inserted.count, inserted.ms));
}

/** Runs `op` one after another, `count` times or until the time budget is spent (at least 3 times). */
async function timed(count: number, op: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const begun = performance.now();
  while (latencies.length < count && (latencies.length < 3 || performance.now() - begun < BUDGET_MS)) {
    const start = performance.now();
    await op();
    latencies.push(performance.now() - start);
  }
  return latencies;
}

function cell(operation: string, value: string) {
  const cells = rows.get(operation) ?? [];
  cells[columns.length - 1] = value;
  rows.set(operation, cells);
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
  return `${ms(at(0.5))} / ${ms(at(0.99))} (${sorted.length})`;
}

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString("en");
}
