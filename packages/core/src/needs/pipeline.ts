import type { QueryFilter } from "mongoose";
import { Need, type NeedRecord } from "./need.model";
import { PIPELINE_STATUSES } from "./lifecycle";
import type { PipelineQuery } from "./needs.schemas";
import { Organization } from "../organizations/organization.model";
import { BuyerGroup } from "../buyer-groups/buyer-group.model";
import { county } from "../reference/index";
import { cpvEntry } from "../reference/index";

interface Totals {
  count: number;
  valueMinNok: number;
  valueMaxNok: number;
  withoutValue: number;
}

/**
 * Sums one expression per database key. FerretDB 1.24 computes only the first accumulator of a $group
 * (the others come back as 0) and its $unwind drops every other field, so each metric is its own
 * one-accumulator $group and multi-valued keys (counties) are grouped by their whole array.
 */
async function sumBy(match: QueryFilter<NeedRecord>, key: string, expression: unknown): Promise<Map<string, number>> {
  const rows = await Need.aggregate<{ _id: unknown; v: number }>([
    { $match: match },
    { $group: { _id: `$${key}`, v: { $sum: expression } } },
  ]);
  return new Map(rows.map((row) => [JSON.stringify(row._id ?? null), row.v]));
}

async function totalsBy(match: QueryFilter<NeedRecord>, key: string): Promise<Map<string, Totals>> {
  const [count, min, max, withValue] = await Promise.all([
    sumBy(match, key, 1),
    sumBy(match, key, "$valueMin"),
    sumBy(match, key, "$valueMax"),
    sumBy({ ...match, valueMax: { $exists: true, $ne: null } }, key, 1),
  ]);
  const totals = new Map<string, Totals>();
  for (const [k, n] of count) {
    totals.set(k, { count: n, valueMinNok: min.get(k) ?? 0, valueMaxNok: max.get(k) ?? 0, withoutValue: n - (withValue.get(k) ?? 0) });
  }
  return totals;
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

/** Rolls database keys up into the buckets they belong to (a key may count in several buckets). */
function rollUp(byKey: Map<string, Totals>, bucketsOf: (key: unknown) => string[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const [raw, totals] of byKey) for (const bucket of bucketsOf(JSON.parse(raw))) add(out, bucket, totals);
  return out;
}

async function labels(groupBy: PipelineQuery["groupBy"], keys: string[]): Promise<Map<string, string>> {
  if (groupBy === "buyer") {
    const orgs = await Organization.find({ _id: { $in: keys.filter((k) => /^[0-9a-f]{24}$/.test(k)) } }, { name: 1 }).lean();
    return new Map(orgs.map((o) => [o._id.toString(), o.name]));
  }
  if (groupBy === "group") {
    const groups = await BuyerGroup.find({ _id: { $in: keys.filter((k) => /^[0-9a-f]{24}$/.test(k)) } }, { name: 1 }).lean();
    return new Map(groups.map((g) => [g._id.toString(), g.name]));
  }
  if (groupBy === "county") return new Map(keys.map((k) => [k, k === "national" ? "Nasjonalt" : (county(k)?.name ?? k)]));
  if (groupBy === "cpvDivision") return new Map(keys.map((k) => [k, cpvEntry(`${k}000000`)?.labelNb ?? k]));
  return new Map(keys.map((k) => [k, k]));
}

export async function computePipeline(query: PipelineQuery) {
  const match: QueryFilter<NeedRecord> = { status: { $in: query.status ?? PIPELINE_STATUSES } };
  if (query.county) match.counties = { $in: query.county };
  if (query.year) match.pipelineYear = query.year;

  let buckets: Map<string, Totals>;
  if (query.groupBy === "buyer" || query.groupBy === "group") {
    const byBuyer = rollUp(await totalsBy(match, "buyerId"), (id) => [String(id)]);
    if (query.groupBy === "buyer") buckets = byBuyer;
    else {
      const groups = await BuyerGroup.find({}, { members: 1 }).lean();
      buckets = new Map();
      for (const group of groups) {
        for (const member of group.members) {
          const t = byBuyer.get(member.toString());
          if (t) add(buckets, group._id.toString(), t);
        }
      }
    }
  } else if (query.groupBy === "county") {
    buckets = rollUp(await totalsBy(match, "counties"), (list) => (Array.isArray(list) && list.length ? list.map(String) : ["national"]));
  } else {
    const key = query.groupBy === "cpvDivision" ? "cpvDivision" : "pipelineYear";
    buckets = rollUp(await totalsBy(match, key), (k) => [k === null ? "unknown" : String(k)]);
  }

  const names = await labels(query.groupBy, [...buckets.keys()]);
  const items = [...buckets.entries()]
    .map(([key, t]) => ({ key, label: names.get(key) ?? key, ...t }))
    .sort((a, b) => b.valueMaxNok - a.valueMaxNok || b.count - a.count || a.key.localeCompare(b.key));
  const overall = rollUp(await totalsBy(match, "status"), () => ["all"]).get("all") ?? { count: 0, valueMinNok: 0, valueMaxNok: 0, withoutValue: 0 };
  return {
    groupBy: query.groupBy,
    currency: "NOK",
    statuses: query.status ?? PIPELINE_STATUSES,
    items,
    total: overall,
    note:
      query.groupBy === "county" || query.groupBy === "group"
        ? "A need that concerns several counties, or a buyer in several groups, counts in each: the rows may add up to more than the total."
        : undefined,
  };
}
