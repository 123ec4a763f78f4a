/**
 * What both engines check and decide the same way before they search: limits, facets, filters, sort and
 * geo input; which fields are highlighted; how highlighted text is made safe to put in a page.
 */
import { hitAttributes, type IndexSettings } from "@markedsdialog/search-config";
import { AppError, invalid, type FieldIssue } from "../errors";
import { checkFilters, type CheckedFilter } from "./filters";
import { searchForm } from "../shared/text";
import type { SearchQuery } from "./types";

export const DEFAULT_LIMIT = 20;
export const MAX_QUERY_LENGTH = 512;
export const MAX_RADIUS_KM = 2500;
/** Meilisearch ignores query words past the tenth; the embedded engine does the same. */
export const MAX_QUERY_WORDS = 10;

export type CheckedSort =
  { kind: "relevance" } | { kind: "distance" } | { kind: "field"; field: string; direction: "asc" | "desc" };

export interface CheckedQuery {
  q: string;
  filters: CheckedFilter[];
  near?: { lat: number; lon: number; radiusKm?: number };
  sort: CheckedSort;
  facets: string[];
  page: number;
  limit: number;
  offset: number;
}

const isInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

function checkNear(near: SearchQuery["near"], issues: FieldIssue[]): CheckedQuery["near"] {
  if (near === undefined) return undefined;
  const { lat, lon, radiusKm } = near;
  if (typeof lat !== "number" || !Number.isFinite(lat) || Math.abs(lat) > 90) {
    issues.push({ path: "near.lat", message: "must be a latitude between -90 and 90" });
  }
  if (typeof lon !== "number" || !Number.isFinite(lon) || Math.abs(lon) > 180) {
    issues.push({ path: "near.lon", message: "must be a longitude between -180 and 180" });
  }
  if (radiusKm !== undefined && (typeof radiusKm !== "number" || !(radiusKm >= 0.1 && radiusKm <= MAX_RADIUS_KM))) {
    issues.push({ path: "near.radiusKm", message: `must be between 0.1 and ${MAX_RADIUS_KM} km` });
  }
  return radiusKm === undefined ? { lat, lon } : { lat, lon, radiusKm };
}

function checkSort(settings: IndexSettings, query: SearchQuery, issues: FieldIssue[]): CheckedSort {
  const sort = query.sort ?? "relevance";
  if (sort === "relevance") return { kind: "relevance" };
  if (sort === "distance") {
    if (!query.near) issues.push({ path: "sort", message: "sorting by distance needs `near`" });
    return { kind: "distance" };
  }
  if (typeof sort !== "object" || sort === null) {
    issues.push({ path: "sort", message: "must be relevance, distance or a field and direction" });
    return { kind: "relevance" };
  }
  if (!settings.sortableAttributes.includes(sort.field) || sort.field === "_geo") {
    issues.push({ path: "sort.field", message: `${String(sort.field)} is not a sortable field` });
  }
  if (sort.direction !== "asc" && sort.direction !== "desc") {
    issues.push({ path: "sort.direction", message: "must be asc or desc" });
  }
  return { kind: "field", field: sort.field, direction: sort.direction };
}

/** Validates a query against an index's settings; throws `invalid` listing every problem. */
export function checkQuery(settings: IndexSettings, query: SearchQuery): CheckedQuery {
  const issues: FieldIssue[] = [];
  // One form for both engines: an NFD "Ås" is "Ås", full-width letters are plain ones (the embedded analyzer
  // reads documents the same way).
  const q = typeof query.q === "string" ? searchForm(query.q) : (query.q ?? "");
  if (typeof q !== "string" || q.length > MAX_QUERY_LENGTH) {
    issues.push({ path: "q", message: `must be text of at most ${MAX_QUERY_LENGTH} characters` });
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!isInt(limit) || limit < 1 || limit > settings.maxLimit) {
    issues.push({ path: "limit", message: `must be a whole number from 1 to ${settings.maxLimit}` });
  }
  const page = query.page ?? 1;
  if (!isInt(page) || page < 1 || page > 1_000_000)
    issues.push({ path: "page", message: "must be a whole number from 1" });
  const facets = query.facets ?? [];
  facets.forEach((facet, i) => {
    if (!settings.facets.includes(facet))
      issues.push({ path: `facets.${i}`, message: `${String(facet)} is not a facet` });
  });
  const near = checkNear(query.near, issues);
  const sort = checkSort(settings, query, issues);
  let filters: CheckedFilter[] = [];
  try {
    filters = checkFilters(query.filters ?? [], settings);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0) throw invalid("Invalid search query", issues);
  return { q, filters, near, sort, facets: [...new Set(facets)], page, limit, offset: (page - 1) * limit };
}

/** Searchable text fields, highlighted in hits. */
export const highlightFields = (settings: IndexSettings): string[] =>
  settings.searchableAttributes.filter((f) => settings.fields[f] === "string" || settings.fields[f] === "string[]");

/** Only the displayed attributes, in the same shape for both engines; search hits leave the stored records out. */
export function displayed<T extends object>(settings: IndexSettings, doc: T, as: "hit" | "document" = "hit"): T {
  const out: Record<string, unknown> = {};
  const source = doc as Record<string, unknown>;
  const fields = as === "hit" ? hitAttributes(settings) : settings.displayedAttributes;
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out as T;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Separator between the highlighted elements of an array field. */
export const HIGHLIGHT_JOIN = " · ";
