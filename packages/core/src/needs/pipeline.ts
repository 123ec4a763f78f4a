import type { QueryFilter } from "mongoose";
import { Need, type NeedRecord } from "./need.model";
import { OPEN_NEED_STATUSES } from "./lifecycle";
import { PUBLISHED_NEEDS } from "./visibility";
import type { PipelineQuery } from "./needs.schemas";
import { Organization } from "../organizations/organization.model";
import { BuyerGroup } from "../buyer-groups/buyer-group.model";
import { county } from "../reference/index";
import { cpvEntry } from "../reference/index";
import { onDomainEvent } from "../events";
import { isObjectId } from "../platform/ids";

interface Totals {
  count: number;
  valueMinNok: number;
  valueMaxNok: number;
  withoutValue: number;
}

interface Combination {
  buyerId: string;
  cpvDivision: string | null;
  year: number | null;
  counties: string[];
  totals: Totals;
}

/**
 * One pass over the matching needs, grouped in the database by every dimension the pipeline offers plus
 * the value fields, counting each combination; sums are count × value, exact. FerretDB 1.24 computes only
 * the first accumulator of a $group (the rest come back 0) and its $unwind drops other fields, so neither
 * several accumulators nor unwinding counties would be correct there; this is, on both databases.
 */
async function combinations(match: QueryFilter<NeedRecord>): Promise<Combination[]> {
  const rows = await Need.aggregate<{
    _id: { b: unknown; d?: string; y?: number; c?: string[]; min?: number; max?: number };
    n: number;
  }>([
    { $match: match },
    {
      $group: {
        _id: {
          b: "$buyerId",
          d: "$cpvDivision",
          y: "$pipelineYear",
          c: "$counties",
          min: "$valueMin",
          max: "$valueMax",
        },
        n: { $sum: 1 },
      },
    },
  ]);
  return rows.map(({ _id: key, n }) => ({
    buyerId: String(key.b),
    cpvDivision: key.d ?? null,
    year: key.y ?? null,
    counties: key.c ?? [],
    totals: {
      count: n,
      valueMinNok: n * (key.min ?? 0),
      valueMaxNok: n * (key.max ?? 0),
      withoutValue: key.max == null ? n : 0,
    },
  }));
}

/** The scan is the expensive part on FerretDB (no index use): keep it for a short while, drop it on writes. */
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; rows: Promise<Combination[]> }>();
let listening = false;

async function cachedCombinations(match: QueryFilter<NeedRecord>): Promise<Combination[]> {
  if (!listening) {
    onDomainEvent((event) => {
      if (event.type === "need.changed") cache.clear();
    });
    listening = true;
  }
  const key = JSON.stringify(match);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.rows;
  const rows = combinations(match);
  cache.set(key, { at: Date.now(), rows });
  rows.catch(() => cache.delete(key));
  return rows;
}

function add(into: Map<string, Totals>, bucket: string, t: Totals) {
  const current = into.get(bucket) ?? { count: 0, valueMinNok: 0, valueMaxNok: 0, withoutValue: 0 };
  into.set(bucket, {
    count: current.count + t.count,
    valueMinNok: current.valueMinNok + t.valueMinNok,
    valueMaxNok: current.valueMaxNok + t.valueMaxNok,
    withoutValue: current.withoutValue + t.withoutValue,
  });
}

/** Rolls the combinations up into the buckets they belong to (one may count in several buckets). */
function rollUp(rows: Combination[], bucketsOf: (row: Combination) => string[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const row of rows) for (const bucket of bucketsOf(row)) add(out, bucket, row.totals);
  return out;
}

async function labels(groupBy: PipelineQuery["groupBy"], keys: string[]): Promise<Map<string, string>> {
  if (groupBy === "buyer") {
    const orgs = await Organization.find({ _id: { $in: keys.filter(isObjectId) } }, { name: 1 }).lean();
    return new Map(orgs.map((o) => [o._id.toString(), o.name]));
  }
  if (groupBy === "group") {
    const groups = await BuyerGroup.find({ _id: { $in: keys.filter(isObjectId) } }, { name: 1 }).lean();
    return new Map(groups.map((g) => [g._id.toString(), g.name]));
  }
  if (groupBy === "county")
    return new Map(keys.map((k) => [k, k === "national" ? "Nasjonalt" : (county(k)?.name ?? k)]));
  if (groupBy === "cpvDivision") return new Map(keys.map((k) => [k, cpvEntry(`${k}000000`)?.labelNb ?? k]));
  return new Map(keys.map((k) => [k, k]));
}

export async function computePipeline(query: PipelineQuery) {
  const match: QueryFilter<NeedRecord> = {
    ...PUBLISHED_NEEDS,
    status: { $in: query.status ?? [...OPEN_NEED_STATUSES] },
  };
  if (query.county) match.counties = { $in: query.county };
  if (query.year) match.pipelineYear = query.year;

  const rows = await cachedCombinations(match);
  let buckets: Map<string, Totals>;
  if (query.groupBy === "group") {
    const groups = await BuyerGroup.find({}, { members: 1 }).lean();
    const groupsOf = new Map<string, string[]>();
    for (const group of groups)
      for (const member of group.members)
        groupsOf.set(member.toString(), [...(groupsOf.get(member.toString()) ?? []), group._id.toString()]);
    buckets = rollUp(rows, (row) => groupsOf.get(row.buyerId) ?? []);
  } else {
    const bucketOf: Record<Exclude<PipelineQuery["groupBy"], "group">, (row: Combination) => string[]> = {
      buyer: (row) => [row.buyerId],
      county: (row) => (row.counties.length ? row.counties : ["national"]),
      cpvDivision: (row) => [row.cpvDivision ?? "unknown"],
      year: (row) => [row.year === null ? "unknown" : String(row.year)],
    };
    buckets = rollUp(rows, bucketOf[query.groupBy]);
  }

  const names = await labels(query.groupBy, [...buckets.keys()]);
  const items = [...buckets.entries()]
    .map(([key, t]) => ({ key, label: names.get(key) ?? key, ...t }))
    .sort((a, b) => b.valueMaxNok - a.valueMaxNok || b.count - a.count || a.key.localeCompare(b.key));
  const overall = rollUp(rows, () => ["all"]).get("all") ?? {
    count: 0,
    valueMinNok: 0,
    valueMaxNok: 0,
    withoutValue: 0,
  };
  return {
    groupBy: query.groupBy,
    currency: "NOK",
    statuses: query.status ?? OPEN_NEED_STATUSES,
    items,
    total: overall,
    note:
      query.groupBy === "county" || query.groupBy === "group"
        ? "A need that concerns several counties, or a buyer in several groups, counts in each: the rows may add up to more than the total."
        : undefined,
  };
}
