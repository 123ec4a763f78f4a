/**
 * The candidate index's keys. Each subscription is filed under one dimension, its most selective: its CPV
 * codes, its places, its buyers and groups, or its keywords' words; with none of these (only value,
 * procedure or SME criteria) under `all`. A need looks up its own keys in every dimension (its codes with
 * all their ancestors, its place tokens, its buyer and the buyer's groups, its words) plus `all`: the
 * union holds every subscription that can match it, and the full check (check.ts) decides.
 * Why this is enough: a subscription matches only if each of its criteria holds, so the one it is filed
 * under holds, and that criterion holding means the need has one of its keys. Pure.
 */
import { allMunicipalities, distanceKm } from "../reference/index";
import { tokensForMunicipality } from "../search/places";
import { cpvDepth, type SubscriptionCriteria } from "./criteria";
import type { NeedFacts } from "./need-facts";

/**
 * Estimated share of needs that hit each kind of key, from the shape of Norwegian procurement (about 400
 * buyers, 45 CPV divisions of very different sizes, most needs in one municipality, some county-wide or
 * national). Only the order they give matters: a subscription is filed where it will be a candidate least
 * often. bench/matching.ts reports candidates examined against matches.
 */
const CPV_SHARE_BY_DEPTH: Record<number, number> = { 2: 0.08, 3: 0.03, 4: 0.012, 5: 0.006 };
const SHARE = {
  buyer: 0.003,
  group: 0.03,
  /** Every place key is hit by national and county-wide needs besides its own. */
  placeBase: 0.06,
  municipality: 0.004,
  county: 0.03,
  keywordWord: 0.02,
} as const;

export type Dimension = "cpv" | "buyer" | "place" | "keyword" | "all";

/** The municipalities whose point lies within the radius: a radius is filed as their place tokens. */
export function municipalitiesWithin(radius: { lat: number; lon: number; km: number }): string[] {
  return allMunicipalities()
    .filter((m) => distanceKm(radius, m) <= radius.km)
    .map((m) => m.number)
    .sort();
}

/** The place tokens a need must have one of for the place criterion (named places or radius) to hold. */
export function placeCriterionKeys(c: SubscriptionCriteria): string[] {
  const tokens = new Set(c.places ?? []);
  if (c.radius) {
    for (const number of municipalitiesWithin(c.radius)) for (const t of tokensForMunicipality(number)) tokens.add(t);
    tokens.add("NO"); // a national need matches every radius (check.ts)
  }
  return [...tokens].sort();
}

const placeKeys = (c: SubscriptionCriteria): string[] => placeCriterionKeys(c).map((t) => `pl:${t}`);

function choices(c: SubscriptionCriteria): { dimension: Dimension; keys: string[]; cost: number }[] {
  const out: { dimension: Dimension; keys: string[]; cost: number }[] = [];
  if (c.cpv) {
    const cost = c.cpv.reduce((sum, code) => sum + (CPV_SHARE_BY_DEPTH[cpvDepth(code)] ?? 0.003), 0);
    out.push({ dimension: "cpv", keys: c.cpv.map((code) => `cpv:${code}`).sort(), cost });
  }
  if (c.buyers || c.groups) {
    const keys = [...(c.buyers ?? []).map((id) => `by:${id}`), ...(c.groups ?? []).map((id) => `gr:${id}`)];
    const cost = (c.buyers?.length ?? 0) * SHARE.buyer + (c.groups?.length ?? 0) * SHARE.group;
    out.push({ dimension: "buyer", keys: keys.sort(), cost });
  }
  if (c.places || c.radius) {
    const keys = placeKeys(c);
    const municipalities = keys.filter((k) => k.startsWith("pl:m:")).length;
    const counties = keys.filter((k) => k.startsWith("pl:in:")).length;
    out.push({
      dimension: "place",
      keys,
      cost: SHARE.placeBase + municipalities * SHARE.municipality + counties * SHARE.county,
    });
  }
  if (c.keywords) {
    // A keyword needs all its clauses: filing it under one clause's alternatives (their first words) is
    // enough. Take the clause with the fewest alternatives, then the longest first word (likely rarer).
    const keys = new Set<string>();
    for (const keyword of c.keywords) {
      const clause = [...keyword.clauses].sort(
        (a, b) => a.length - b.length || (b[0]?.[0]?.length ?? 0) - (a[0]?.[0]?.length ?? 0),
      )[0];
      for (const alternative of clause ?? []) if (alternative[0]) keys.add(`kw:${alternative[0]}`);
    }
    if (keys.size > 0) out.push({ dimension: "keyword", keys: [...keys].sort(), cost: keys.size * SHARE.keywordWord });
  }
  return out;
}

/** The dimension a subscription is filed under and its keys there (without the index's prefix). */
export function subscriptionKeys(c: SubscriptionCriteria): { dimension: Dimension; keys: string[] } {
  const best = choices(c).sort((a, b) => a.cost - b.cost)[0];
  return best ? { dimension: best.dimension, keys: best.keys } : { dimension: "all", keys: ["all"] };
}

/** Every key a need looks up (without the index's prefix). */
export function needKeys(facts: NeedFacts): string[] {
  return [
    ...[...facts.cpvCodes].map((code) => `cpv:${code}`),
    ...[...facts.places].map((token) => `pl:${token}`),
    `by:${facts.buyerId}`,
    ...facts.groups.map((g) => `gr:${g.id}`),
    ...[...facts.words.keys()].map((term) => `kw:${term}`),
    "all",
  ];
}
