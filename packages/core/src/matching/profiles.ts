/**
 * Profile-based matching: suppliers who opted in (`matchOnProfile`) are found through the suppliers search
 * index, which already holds every live profile and follows the database through search-sync. Two filtered
 * searches per need, one for each direction of the CPV tree (the supplier's code at or under the need's, or
 * above it), both limited to suppliers who deliver where the need applies, nearest first; check.ts then
 * checks each hit exactly and finds the words its texts share with the need.
 */
import { searchSettings } from "@markedsdialog/search-config";
import { cpvEntry } from "../reference/index";
import { tokensForCounty, tokensForMunicipality } from "../search/places";
import { MAX_IN_VALUES } from "../search/filters";
import type { DocOf, Filter, SearchEngine, SearchQuery, SupplierSearchDoc } from "../search/types";
import type { NeedFacts } from "./need-facts";

const PAGE = 100;

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Codes as the documents store them (with check digit), from 8-digit codes. */
export const withCheckDigits = (codes: Iterable<string>): string[] =>
  [...codes].flatMap((code) => {
    const entry = cpvEntry(code);
    return entry ? [entry.code] : [];
  });

/**
 * Every hit of a filtered search, page by page, up to the index's window; `truncated` when there were more.
 * Pure paging over the engine: used for suppliers here and for needs in supplier-matches.ts.
 */
export async function collectHits<I extends "suppliers" | "needs">(
  search: SearchEngine,
  index: I,
  query: Omit<SearchQuery, "page" | "limit">,
  cap: number = searchSettings[index].pagination.maxTotalHits,
) {
  const docs: DocOf[I][] = [];
  const limit = Math.min(PAGE, cap);
  for (let page = 1; (page - 1) * limit < cap; page++) {
    const result = await search.search(index, { ...query, page, limit });
    docs.push(...result.hits.map((hit) => hit.document));
    if (result.hits.length < limit || page * limit >= result.total) return { docs, truncated: false };
  }
  return { docs, truncated: true };
}

/** The suppliers who deliver where the need applies: home, service area or nationwide. No filter for a national need. */
export function coverageFilter(facts: NeedFacts): Filter[] {
  if (facts.national) return [];
  const tokens = [
    ...new Set([
      ...facts.municipalities.flatMap(tokensForMunicipality),
      ...facts.wholeCounties.flatMap(tokensForCounty),
    ]),
  ];
  return tokens.length > 0 && tokens.length <= MAX_IN_VALUES ? [{ field: "serves", op: "in", values: tokens }] : [];
}

/** Opted-in suppliers that may match the need on their profile, each once (the exact check is check.ts's). */
export async function profileCandidates(
  search: SearchEngine,
  facts: NeedFacts,
): Promise<{ docs: SupplierSearchDoc[]; truncated: boolean }> {
  const base: Filter[] = [{ field: "matchOnProfile", op: "eq", value: true }, ...coverageFilter(facts)];
  const point = facts.points[0];
  const queries: Filter[][] = [
    // The supplier's code at or under one of the need's: its lineage holds the need's code.
    ...chunks(facts.cpv, MAX_IN_VALUES).map((codes): Filter[] => [
      ...base,
      { field: "cpvCodes", op: "in", values: codes },
    ]),
    // The supplier's own code at or above one of the need's: one of the need's codes or their ancestors.
    ...chunks(withCheckDigits(facts.cpvCodes), MAX_IN_VALUES).map((codes): Filter[] => [
      ...base,
      { field: "cpv", op: "in", values: codes },
    ]),
  ];
  const found = new Map<string, SupplierSearchDoc>();
  let truncated = false;
  for (const filters of queries) {
    const result = await collectHits(search, "suppliers", {
      filters,
      ...(point && { near: { lat: point.lat, lon: point.lon }, sort: "distance" as const }),
    });
    truncated ||= result.truncated;
    for (const doc of result.docs) if (!found.has(doc.id)) found.set(doc.id, doc);
  }
  return { docs: [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), truncated };
}
