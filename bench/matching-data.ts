/**
 * Deterministic data for the matching benchmark: supplier profiles (bench/search-data.ts, with ObjectIds),
 * buyer groups of neighbouring municipalities (the seed's generated buyers), saved subscriptions drawn from
 * the suppliers' own codes, places and words in proportions a supplier directory might show, and open needs
 * from the seed's need generator.
 */
import { Types } from "mongoose";
import { cpvEntry, cpvLineage, municipality } from "@markedsdialog/core/reference/index";
import { toNeedDoc } from "@markedsdialog/core/search/documents";
import type { NeedRecord } from "@markedsdialog/core/needs/need.model";
import type { NeedSearchDoc, SupplierSearchDoc } from "@markedsdialog/core/search/types";
import { generatedBuyers, needDocument, type GeneratedBuyer } from "../seed/src/generate-records";
import { generateSuppliers, prng } from "./search-data";

export const objectId = (kind: number, index: number): Types.ObjectId =>
  new Types.ObjectId(`6a000000${kind.toString(16).padStart(4, "0")}${index.toString(16).padStart(12, "0")}`);

/** Supplier profiles with ObjectIds for ids; the first `optedIn` opted in to profile matching. */
export function benchSuppliers(count: number, optedIn: number): SupplierSearchDoc[] {
  return generateSuppliers(count, 42).map((doc, i) => ({
    ...doc,
    id: objectId(1, i).toString(),
    matchOnProfile: i < optedIn,
  }));
}

export interface BenchGroup {
  _id: Types.ObjectId;
  name: string;
  slug: string;
  kind: "procurement_collaboration";
  members: Types.ObjectId[];
  followers: Types.ObjectId[];
}

/** Each county's municipalities in groups of six, as regional procurement collaborations. */
export function benchGroups(buyers: GeneratedBuyer[]): BenchGroup[] {
  const byCounty = new Map<string, GeneratedBuyer[]>();
  for (const b of buyers.filter((b) => b.buyerType === "kommune")) {
    const county = municipality(b.municipality)?.countyNumber ?? "";
    byCounty.set(county, [...(byCounty.get(county) ?? []), b]);
  }
  const groups: BenchGroup[] = [];
  for (const [county, members] of [...byCounty].sort()) {
    for (let i = 0; i < members.length; i += 6) {
      const n = groups.length;
      groups.push({
        _id: objectId(2, n),
        name: `Innkjøpssamarbeid ${county}-${i / 6 + 1}`,
        slug: `samarbeid-${county}-${i / 6 + 1}`,
        kind: "procurement_collaboration",
        members: members.slice(i, i + 6).map((b) => b._id),
        followers: [],
      });
    }
  }
  return groups;
}

const PROCEDURE_SETS = [
  ["open"],
  ["competitive_negotiation", "open"],
  ["innovation_partnership", "competitive_dialogue"],
];

/** `count` subscriptions of the suppliers, round robin; each a pure function of its index. */
export function benchSubscriptions(
  count: number,
  suppliers: SupplierSearchDoc[],
  buyers: GeneratedBuyer[],
  groups: BenchGroup[],
) {
  const buyersByCounty = new Map<string, GeneratedBuyer[]>();
  for (const b of buyers) {
    const county = municipality(b.municipality)?.countyNumber ?? "";
    buyersByCounty.set(county, [...(buyersByCounty.get(county) ?? []), b]);
  }
  const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m.toString(), g._id] as const)));
  const created = new Date(Date.UTC(2026, 0, 1));
  return Array.from({ length: count }, (_, k) => {
    const r = prng(1000 + k);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
    const s = suppliers[k % suppliers.length]!;
    const sub: Record<string, unknown> = {};
    if (r() < 0.75) {
      const codes = [...new Set(Array.from({ length: r() < 0.7 ? 1 : 2 }, () => pick(s.cpv).slice(0, 8)))];
      sub.cpv = [
        ...new Set(
          codes.map((code) => {
            const lineage = cpvLineage(code);
            const x = r();
            const at = x < 0.15 ? 0 : x < 0.4 ? 1 : x < 0.7 ? Math.floor(lineage.length / 2) : lineage.length - 1;
            return cpvEntry(lineage[Math.min(at, lineage.length - 1)]!)!.code;
          }),
        ),
      ];
    }
    const place = r();
    const home = s.municipality;
    if (place < 0.35) {
      const county = (buyersByCounty.get(s.county) ?? []).map((b) => b.municipality).filter((m) => m !== home);
      sub.municipalities = [
        home,
        ...Array.from({ length: Math.floor(r() * 4) }, () => pick(county.length ? county : [home])),
      ];
      sub.municipalities = [...new Set(sub.municipalities as string[])];
    } else if (place < 0.5) sub.counties = [s.county];
    else if (place < 0.62) {
      sub.radiusKm = pick([10, 20, 30, 50, 80]);
      sub.near = { lat: s._geo.lat, lon: s._geo.lng };
      sub.nearSource = "profile";
    }
    const who = r();
    const local = buyersByCounty.get(s.county) ?? [];
    if (who < 0.06 && local.length) sub.buyers = [...new Set([pick(local), pick(local)].map((b) => b._id.toString()))];
    else if (who < 0.1 && local.length)
      sub.buyerGroups = [String(groupOf.get(pick(local)._id.toString()) ?? groups[0]!._id)];
    if (r() < 0.2) {
      const words = s.capabilities.toLowerCase().match(/[a-zæøå]{6,}/g) ?? [];
      if (words.length) sub.keywords = [...new Set([pick(words), ...(r() < 0.4 ? [pick(words)] : [])])];
    }
    // A subscription to every need in the country is rare: most without codes, places, buyers or words get codes.
    const narrowed =
      sub.cpv || sub.municipalities || sub.counties || sub.radiusKm || sub.buyers || sub.buyerGroups || sub.keywords;
    if (!narrowed && r() < 0.95) sub.cpv = [pick(s.cpv)];
    if (r() < 0.15) sub.minValue = pick([1e6, 5e6, 20e6]);
    if (r() < 0.05) sub.maxValue = pick([50e6, 200e6]);
    if (r() < 0.1) sub.procedures = pick(PROCEDURE_SETS);
    if (r() < 0.1) sub.smeOnly = true;
    return {
      _id: objectId(3, k),
      orgId: new Types.ObjectId(s.id),
      channels: r() < 0.5 ? ["inapp"] : ["inapp", "email"],
      frequency: pick(["instant", "daily", "weekly"]),
      ...sub,
      version: 1,
      createdAt: created,
      updatedAt: created,
    };
  });
}

/** `count` open needs from the seed's generator (published, in dialogue, tender announced), as indexed. */
export function benchNeeds(count: number): NeedSearchDoc[] {
  const buyers = generatedBuyers(7).map((b) => [b, b.weight] as const);
  const needs: NeedSearchDoc[] = [];
  for (let i = 0; needs.length < count; i++) {
    const need = needDocument(7, i, buyers);
    if (!["published", "in_dialogue", "tender_announced"].includes(need.status)) continue;
    const at = need.publishedAt ?? new Date(Date.UTC(2026, 0, 1));
    const record = { municipalities: [], ...need, milestones: [], createdAt: at, updatedAt: at };
    needs.push(toNeedDoc(record as unknown as NeedRecord));
  }
  return needs;
}

export const benchBuyers = (): GeneratedBuyer[] => generatedBuyers(7);
