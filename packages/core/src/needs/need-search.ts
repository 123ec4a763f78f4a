/** Need search, and the list of open needs answered from the search index. */
import { searchSettings } from "@markedsdialog/search-config";
import { isOpenNeedStatus, OPEN_NEED_STATUSES } from "./lifecycle";
import type { ListNeedsQuery, NeedSearchQuery } from "./needs.schemas";
import type { NeedSummary } from "./present";
import { type Actor, actorOrgId, isAdmin } from "../auth/actor";
import { cpvDetails } from "../reference/index";
import { calendarDay } from "../shared/dates";
import { requireSearchEngine, searchAnswer } from "../search/answer";
import { cpvFilter, dateRangeFilter, inFilter } from "../search/filters";
import { placeFilter } from "../search/places";
import type { Filter, NeedSearchDoc, SearchEngine } from "../search/types";

/** Open needs matching the text and filters; places match where a need applies. */
export async function searchNeeds(search: SearchEngine | undefined, query: NeedSearchQuery) {
  const engine = requireSearchEngine(search);
  const filters: Filter[] = [
    ...cpvFilter(query.cpv),
    ...placeFilter("places", query.municipality, query.county),
    ...inFilter("buyerId", query.buyer),
    ...inFilter("procedure", query.procedure),
    ...(query.minValue !== undefined ? [{ field: "valueMax", op: "gte", value: query.minValue } as const] : []),
    ...(query.maxValue !== undefined ? [{ field: "valueMin", op: "lte", value: query.maxValue } as const] : []),
    ...dateRangeFilter("plannedNotice", query.from, query.to),
  ];
  const result = await engine.search("needs", {
    q: query.q,
    filters,
    near: query.near && { ...query.near, ...(query.radiusKm !== undefined && { radiusKm: query.radiusKm }) },
    sort: query.sort,
    facets: query.facets,
    page: query.page,
    limit: query.limit,
  });
  return searchAnswer(result);
}

const SORTS: Record<ListNeedsQuery["sort"], { field: string; direction: "asc" | "desc" }> = {
  "-publishedAt": { field: "publishedAt", direction: "desc" },
  publishedAt: { field: "publishedAt", direction: "asc" },
  plannedNotice: { field: "plannedNotice", direction: "asc" },
  "-plannedNotice": { field: "plannedNotice", direction: "desc" },
  "-valueMax": { field: "valueMax", direction: "desc" },
};

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const day = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : calendarDay(new Date(ms)));

/** The list item straight from the index document: no database read per item. */
export function summaryFromDoc(doc: NeedSearchDoc): NeedSummary {
  return {
    id: doc.id,
    buyer: { id: doc.buyerId, name: doc.buyerName, active: doc.buyerActive !== false },
    title: doc.title,
    challenge: doc.challenge,
    cpv: doc.cpv,
    cpvDetails: cpvDetails(doc.cpv),
    ...(doc.valueMax !== undefined && { estimatedValueNok: { min: doc.valueMin, max: doc.valueMax } }),
    municipalities: doc.municipalities,
    counties: doc.counties,
    national: doc.national,
    procedure: doc.procedure,
    timeline: {
      dialogueOpens: day(doc.dialogueOpens),
      plannedNotice: day(doc.plannedNotice),
      contractStart: day(doc.contractStart),
    },
    smeSuitable: doc.smeSuitable,
    innovation: doc.innovation,
    sustainability: doc.sustainability,
    status: doc.status,
    version: doc.version,
    publishedAt: iso(doc.publishedAt),
  };
}

/**
 * Answers the public list of needs from the search index, which holds exactly the open needs
 * (published, in dialogue, tender announced; all public, see isSearchableNeed) with the fields the list
 * filters, sorts and shows. Returns
 * undefined when the query asks for what the index does not hold
 * (drafts, awarded or cancelled needs, pages past its window): the database answers those.
 *
 * Why: FerretDB 1.24 pushes only equality down to PostgreSQL; it sorts, counts and applies every other
 * filter (`$in`, ranges) in its own process after reading each candidate document, so a sorted, counted
 * page of open needs reads all of them (seconds at 10,000 needs); the index answers in milliseconds. With
 * MongoDB both paths are fast and give the same result (the index follows the database through search-sync).
 */
export async function listNeedsFromIndex(
  search: SearchEngine,
  actor: Actor,
  query: ListNeedsQuery,
): Promise<{ items: NeedSummary[]; total: number; page: number; limit: number } | undefined> {
  const own = query.buyer !== undefined && (isAdmin(actor) || actorOrgId(actor) === query.buyer);
  const statuses = query.status ?? (own ? undefined : OPEN_NEED_STATUSES);
  if (!statuses || !statuses.every(isOpenNeedStatus)) return undefined;
  if (query.page * query.limit > searchSettings.needs.pagination.maxTotalHits) return undefined;

  const filters: Filter[] = [
    ...inFilter("status", statuses.length < OPEN_NEED_STATUSES.length ? statuses : undefined),
    ...inFilter("buyerId", query.buyer ? [query.buyer] : undefined),
    ...inFilter("municipalities", query.municipality),
    ...inFilter("counties", query.county),
    ...cpvFilter(query.cpv),
    ...inFilter("procedure", query.procedure),
    ...dateRangeFilter("plannedNotice", query.from, query.to),
  ];

  const result = await search.search("needs", {
    filters,
    sort: SORTS[query.sort],
    page: query.page,
    limit: query.limit,
  });
  if (result.total >= searchSettings.needs.pagination.maxTotalHits) return undefined;
  return {
    items: result.hits.map((hit) => summaryFromDoc(hit.document)),
    total: result.total,
    page: query.page,
    limit: query.limit,
  };
}
