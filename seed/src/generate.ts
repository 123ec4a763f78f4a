import cliProgress from "cli-progress";
import type { Types } from "mongoose";
import { Need, Organization, SupplierProfile } from "@markedsdialog/core";
import { generatedOrgNumbers } from "./org-numbers";
import {
  buyerDocument,
  generatedBuyers,
  generatedId,
  generatedIdRange,
  needDocument,
  supplierDocuments,
} from "./generate-records";
import type { SeedLog } from "./demo";

export interface GenerateOptions {
  suppliers: number;
  needs: number;
  /** Same seed, same records (default 1). */
  seed?: number;
  /** Show progress bars on stderr. */
  progress?: boolean;
  log?: SeedLog;
}

interface Count {
  /** Records of this seed in the database after the run (more than asked for when an earlier run made more). */
  total: number;
  created: number;
}

export interface GenerateSummary {
  seed: number;
  buyers: Count;
  suppliers: Count;
  needs: Count;
  ms: number;
}

export const GENERATE_LIMIT = 100_000;
/** Seeds are written into the ids (two bytes). */
export const MAX_SEED = 65_535;
const BATCH = 1000;
/** Buyers take the first organisation numbers of a seed's block, suppliers start after them. */
const SUPPLIER_NUMBER_OFFSET = 1000;

const idSet = <K extends string>(rows: Record<K, Types.ObjectId>[], key: K) =>
  new Set(rows.map((row) => row[key].toString()));

function progressBar(enabled: boolean, label: string, total: number) {
  if (!enabled) return { increment: (_n: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(9)} {bar} {value}/{total} | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: (n: number) => bar.increment(n), stop: () => bar.stop() };
}

/**
 * Generates benchmark data straight into the collections (insertMany in batches of 1000, no services and no
 * domain events): one buyer per municipality and county municipality, `suppliers` supplier organisations
 * with profiles and `needs` needs. Each record is a pure function of the seed and its index, validated by the
 * API's zod schemas and completed with the services' derive functions.
 *
 * Re-running tops up: records of the seed that are stored already (same deterministic id) are skipped, so
 * `--suppliers 2000` after `--suppliers 1000` adds 1000, and repeating a run adds nothing. Nothing is ever
 * deleted. Seeds equal modulo 80 share organisation numbers; use one of them per database.
 */
export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  for (const [name, value] of [
    ["suppliers", options.suppliers],
    ["needs", options.needs],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > GENERATE_LIMIT) {
      throw new RangeError(`${name} must be an integer from 0 to ${GENERATE_LIMIT}, got ${value}`);
    }
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}`);
  const begun = Date.now();
  const progress = options.progress ?? false;

  // What the seed has stored already: one range query per kind (the ids of a seed and kind are contiguous).
  const [buyersStored, orgsStored, profilesStored, needsStored] = await Promise.all([
    Organization.find({ _id: generatedIdRange(seed, "buyer") }, { _id: 1 })
      .lean()
      .then((rows) => idSet(rows, "_id")),
    Organization.find({ _id: generatedIdRange(seed, "supplier") }, { _id: 1 })
      .lean()
      .then((rows) => idSet(rows, "_id")),
    SupplierProfile.find({ orgId: generatedIdRange(seed, "supplier") }, { orgId: 1 })
      .lean()
      .then((rows) => idSet(rows, "orgId")),
    Need.find({ _id: generatedIdRange(seed, "need") }, { _id: 1 })
      .lean()
      .then((rows) => idSet(rows, "_id")),
  ]);

  const buyers = generatedBuyers(seed);
  const numbers = generatedOrgNumbers(seed, 0);
  const buyerDocs = buyers.map((buyer) => buyerDocument(buyer, numbers.next().value as string));
  const newBuyers = buyerDocs.filter((doc) => !buyersStored.has(doc._id.toString()));
  if (newBuyers.length) await Organization.insertMany(newBuyers);
  log("generated buyers", { seed, created: newBuyers.length });

  const supplierNumbers = generatedOrgNumbers(seed, SUPPLIER_NUMBER_OFFSET);
  const suppliers = await inBatches(options.suppliers, progress, "suppliers", async (from, to) => {
    // Every index takes its number, stored or not, so record i always gets the same one.
    const docs = range(from, to).map((i) => ({ i, orgNumber: supplierNumbers.next().value as string }));
    const missing = docs.filter(({ i }) => !profilesStored.has(generatedId(seed, "supplier", i).toString()));
    const built = missing.map(({ i, orgNumber }) => supplierDocuments(seed, i, orgNumber));
    const orgs = built.map((d) => d.organization).filter((o) => !orgsStored.has(o._id.toString()));
    if (orgs.length) await Organization.insertMany(orgs);
    if (built.length) await SupplierProfile.insertMany(built.map((d) => d.profile));
    return built.length;
  });
  log("generated suppliers", { seed, created: suppliers });

  const weightedBuyers = buyers.map((b) => [b, b.weight] as const);
  const needs = await inBatches(options.needs, progress, "needs", async (from, to) => {
    const docs = range(from, to)
      .filter((i) => !needsStored.has(generatedId(seed, "need", i).toString()))
      .map((i) => needDocument(seed, i, weightedBuyers));
    if (docs.length) await Need.insertMany(docs);
    return docs.length;
  });
  log("generated needs", { seed, created: needs });

  return {
    seed,
    buyers: { total: buyersStored.size + newBuyers.length, created: newBuyers.length },
    suppliers: { total: profilesStored.size + suppliers, created: suppliers },
    needs: { total: needsStored.size + needs, created: needs },
    ms: Date.now() - begun,
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

async function inBatches(
  total: number,
  progress: boolean,
  label: string,
  batch: (from: number, to: number) => Promise<number>,
) {
  const bar = progressBar(progress && total > 0, label, total);
  let created = 0;
  try {
    for (let from = 0; from < total; from += BATCH) {
      const to = Math.min(total, from + BATCH);
      created += await batch(from, to);
      bar.increment(to - from);
    }
  } finally {
    bar.stop();
  }
  return created;
}
