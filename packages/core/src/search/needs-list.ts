import { searchSettings } from "@markedsdialog/search-config";
import type { Filter, SearchEngine } from "./types";
import { SEARCHABLE_NEED_STATUSES } from "./documents";
import { Need, type NeedRecord } from "../needs/need.model";
import type { ListNeedsQuery } from "../needs/needs.schemas";
import { presentNeed, type NeedView } from "../needs/present";
import { type Actor, actorOrgId, isAdmin } from "../auth/actor";
import type { NeedStatus } from "../needs/lifecycle";

const SORTS: Record<ListNeedsQuery["sort"], { field: string; direction: "asc" | "desc" }> = {
  "-publishedAt": { field: "publishedAt", direction: "desc" },
  publishedAt: { field: "publishedAt", direction: "asc" },
  plannedNotice: { field: "plannedNotice", direction: "asc" },
  "-plannedNotice": { field: "plannedNotice", direction: "desc" },
  "-valueMax": { field: "valueMax", direction: "desc" },
};

/**
 * Answers the public list of needs from the search index, which holds exactly the open needs
 * (published, in dialogue, tender announced) with the fields the list filters and sorts on. The page's
 * records are then read by id. Returns undefined when the query asks for what the index does not hold
 * (drafts, awarded or cancelled needs, pages past its window): the database answers those.
 *
 * Why: FerretDB 1.24's SQLite backend answers only `_id` lookups from an index, so a filtered, sorted
 * and counted list over 10,000 needs scans them all; the index answers in milliseconds. With MongoDB
 * both paths are fast and give the same result (the index follows the database through search-sync).
 */
export async function listNeedsFromIndex(search: SearchEngine, actor: Actor, query: ListNeedsQuery): Promise<{ items: NeedView[]; total: number; page: number; limit: number } | undefined> {
  const own = query.buyer !== undefined && (isAdmin(actor) || actorOrgId(actor) === query.buyer);
  const statuses = query.status ?? (own ? undefined : SEARCHABLE_NEED_STATUSES);
  if (!statuses || !statuses.every((s) => SEARCHABLE_NEED_STATUSES.includes(s))) return undefined;
  if (query.page * query.limit > searchSettings.needs.pagination.maxTotalHits) return undefined;

  const filters: Filter[] = [];
  const inList = (field: string, values: string[] | undefined) => values?.length && filters.push({ field, op: "in", values });
  if (statuses.length < SEARCHABLE_NEED_STATUSES.length) inList("status", statuses);
  if (query.buyer) filters.push({ field: "buyerId", op: "eq", value: query.buyer });
  inList("municipalities", query.municipality);
  inList("counties", query.county);
  inList("cpvCodes", query.cpv?.map((c) => c.slice(0, 8)));
  inList("procedure", query.procedure);
  if (query.from) filters.push({ field: "plannedNotice", op: "gte", value: query.from.getTime() });
  if (query.to) filters.push({ field: "plannedNotice", op: "lte", value: query.to.getTime() });

  const result = await search.search("needs", { filters, sort: SORTS[query.sort], page: query.page, limit: query.limit });
  if (result.total >= searchSettings.needs.pagination.maxTotalHits) return undefined;
  const records = await Promise.all(result.hits.map((hit) => Need.findById(hit.document.id).lean<NeedRecord>()));
  // A need cancelled a moment ago may still be in the index; never show it as open.
  const items = records.filter((r): r is NeedRecord => r !== null && statuses.includes(r.status as NeedStatus)).map(presentNeed);
  return { items, total: result.total, page: query.page, limit: query.limit };
}
