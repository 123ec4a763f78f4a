/**
 * The full check of one candidate against one need: every criterion the subscription (or profile) has must
 * hold, any value within a criterion will do. Returns the reasons it holds, or undefined. Pure.
 */
import { allMunicipalities, cpvLineage, distanceKm, municipality } from "../reference/index";
import { NATIONAL } from "../search/places";
import type { SupplierSearchDoc } from "../search/types";
import { cpvDepth, type SubscriptionCriteria } from "./criteria";
import { countyName, municipalityName, type NeedFacts } from "./need-facts";
import type { MatchReason } from "./reasons";
import { keywordMatches, sharedWords, textTerms } from "./text";

type CpvReason = Extract<MatchReason, { kind: "cpv" }>;
type PlaceReason = Extract<MatchReason, { kind: "place" }>;
type DistanceReason = Extract<MatchReason, { kind: "distance" }>;

const better = (a: CpvReason | undefined, b: CpvReason): CpvReason =>
  !a || b.levels < a.levels || (b.levels === a.levels && b.relation === "same") ? b : a;

const lineages = new Map<string, string[]>();
/** cpvLineage, kept: a candidate check asks for the same few codes thousands of times. */
function lineageOf(code: string): string[] {
  let lineage = lineages.get(code);
  if (!lineage) lineages.set(code, (lineage = cpvLineage(code)));
  return lineage;
}

/** The closest pair of codes where the need's lies at or under theirs (and, with `both`, theirs under the need's). */
export function cpvReason(
  needCodes: readonly string[],
  theirs: readonly string[],
  both = false,
): CpvReason | undefined {
  let best: CpvReason | undefined;
  for (const needCode of needCodes) {
    const lineage = lineageOf(needCode);
    for (const theirCode of theirs) {
      if (lineage.includes(theirCode)) {
        const levels = cpvDepth(needCode) - cpvDepth(theirCode);
        const relation = theirCode === needCode ? "same" : "under";
        best = better(best, { kind: "cpv", needCode, theirCode, relation, levels });
      } else if (both && lineageOf(theirCode).includes(needCode)) {
        const levels = cpvDepth(theirCode) - cpvDepth(needCode);
        best = better(best, { kind: "cpv", needCode, theirCode, relation: "over", levels });
      }
    }
  }
  return best;
}

let countyPoints: Map<string, { lat: number; lon: number }[]> | undefined;
function pointsInCounty(number: string): { lat: number; lon: number }[] {
  if (!countyPoints) {
    countyPoints = new Map();
    for (const m of allMunicipalities()) {
      const list = countyPoints.get(m.countyNumber) ?? [];
      list.push({ lat: m.lat, lon: m.lon });
      countyPoints.set(m.countyNumber, list);
    }
  }
  return countyPoints.get(number) ?? [];
}

/** The nearest of the need's places to a point, with its distance (unrounded: a radius compares it as is). */
export function nearestPlace(
  facts: NeedFacts,
  from: { lat: number; lon: number },
): Extract<MatchReason, { kind: "distance" }> | undefined {
  let best: Extract<MatchReason, { kind: "distance" }> | undefined;
  for (const point of facts.points) {
    const km = distanceKm(from, point);
    if (!best || km < best.km) best = { kind: "distance", km, from: point.name };
  }
  return best;
}

/** A distance as told: to a tenth of a kilometre. */
export const tenths = (reason: DistanceReason): DistanceReason => ({ ...reason, km: Math.round(reason.km * 10) / 10 });

/** Named municipalities and counties: the need lies in one, applies to a whole county holding one, or nationwide. */
function placeReason(c: SubscriptionCriteria, facts: NeedFacts): PlaceReason | undefined {
  if (!c.places || !c.places.some((token) => facts.places.has(token))) return undefined;
  for (const number of facts.municipalities) {
    if (c.municipalities?.includes(number))
      return { kind: "place", scope: "municipality", code: number, name: municipalityName(number) };
    const county = municipality(number)?.countyNumber ?? "";
    if (c.counties?.includes(county)) return { kind: "place", scope: "county", code: county, name: countyName(county) };
  }
  const whole = facts.wholeCounties.find((county) => c.places?.includes(`c:${county}`));
  if (whole) return { kind: "place", scope: "wholeCounty", code: whole, name: countyName(whole) };
  return { kind: "place", scope: "national", code: NATIONAL, name: "hele landet" };
}

/** A radius: a municipality of the need within it, a whole county reaching into it, or nationwide. */
function radiusReason(c: SubscriptionCriteria, facts: NeedFacts): MatchReason | undefined {
  const radius = c.radius;
  if (!radius) return undefined;
  const nearest = nearestPlace(facts, radius);
  if (nearest && nearest.km <= radius.km) return tenths(nearest);
  const whole = facts.wholeCounties.find((county) =>
    pointsInCounty(county).some((p) => distanceKm(radius, p) <= radius.km),
  );
  if (whole) return { kind: "place", scope: "wholeCounty", code: whole, name: countyName(whole) };
  if (facts.national) return { kind: "place", scope: "national", code: NATIONAL, name: "hele landet" };
  return undefined;
}

export function checkSubscription(c: SubscriptionCriteria, facts: NeedFacts): MatchReason[] | undefined {
  const reasons: MatchReason[] = [];
  if (c.cpv) {
    const cpv = cpvReason(facts.cpv, c.cpv);
    if (!cpv) return undefined;
    reasons.push(cpv);
  }
  if (c.places || c.radius) {
    const found = [placeReason(c, facts), radiusReason(c, facts)].filter((r) => r !== undefined);
    if (found.length === 0) return undefined;
    reasons.push(...found);
  }
  if (c.buyers || c.groups) {
    const buyer = c.buyers?.includes(facts.buyerId);
    const groups = facts.groups.filter((g) => c.groups?.includes(g.id));
    if (!buyer && groups.length === 0) return undefined;
    if (buyer) reasons.push({ kind: "buyer", buyerId: facts.buyerId, name: facts.buyerName });
    for (const g of groups) reasons.push({ kind: "group", groupId: g.id, name: g.name, via: "subscription" });
  }
  if (c.minValue !== undefined || c.maxValue !== undefined) {
    const { valueMin, valueMax } = facts;
    if (valueMin === undefined || valueMax === undefined) return undefined;
    if (c.minValue !== undefined && valueMax < c.minValue) return undefined;
    if (c.maxValue !== undefined && valueMin > c.maxValue) return undefined;
    reasons.push({ kind: "value", min: valueMin, max: valueMax });
  }
  if (c.procedures) {
    if (!c.procedures.includes(facts.procedure)) return undefined;
    reasons.push({ kind: "procedure", procedure: facts.procedure });
  }
  if (c.smeOnly) {
    if (!facts.smeSuitable) return undefined;
    reasons.push({ kind: "sme" });
  }
  if (c.keywords) {
    const found = c.keywords.filter((keyword) => keywordMatches(keyword, facts.words));
    if (found.length === 0) return undefined;
    reasons.push({ kind: "words", words: found.map((k) => k.text), of: c.keywords.length });
  }
  return reasons;
}

/** The need lies where the supplier delivers: home, service area or nationwide (a national need: anywhere). */
export function servesReason(serves: ReadonlySet<string>, facts: NeedFacts): PlaceReason | undefined {
  if (facts.national) return { kind: "place", scope: "national", code: NATIONAL, name: "hele landet" };
  for (const number of facts.municipalities) {
    const county = municipality(number)?.countyNumber ?? "";
    if (serves.has(`m:${number}`) || serves.has(`c:${county}`))
      return { kind: "place", scope: "serves", code: number, name: municipalityName(number) };
  }
  for (const county of facts.wholeCounties) {
    if (serves.has(`in:${county}`) || serves.has(`c:${county}`))
      return { kind: "place", scope: "serves", code: county, name: countyName(county) };
  }
  if (serves.has(NATIONAL)) return { kind: "place", scope: "serves", code: NATIONAL, name: "hele landet" };
  return undefined;
}

/**
 * A supplier that opted in, matched on its profile: CPV overlap through the hierarchy (either code under the
 * other) and the need where it delivers are required; the words its texts share with the need's are a reason.
 */
export function checkProfile(profile: SupplierSearchDoc, facts: NeedFacts): MatchReason[] | undefined {
  const cpv = cpvReason(facts.cpv, [...new Set(profile.cpv.map((code) => code.slice(0, 8)))], true);
  if (!cpv) return undefined;
  const place = servesReason(new Set(profile.serves), facts);
  if (!place) return undefined;
  const reasons: MatchReason[] = [cpv, place];
  const theirs = new Set(textTerms(profile.name, profile.capabilities, profile.description).keys());
  const words = sharedWords(facts.words, theirs);
  if (words.length > 0) reasons.push({ kind: "words", words: words.slice(0, 8) });
  return reasons;
}
