/** What both search routes answer, and the engine they need. */
import { AppError } from "../errors";
import type { SearchEngine, SearchResult } from "./types";

/** The engine, or "unavailable" when the process has none. */
export function requireSearchEngine(search: SearchEngine | undefined): SearchEngine {
  if (!search) throw new AppError("unavailable", "Search is not available");
  return search;
}

/** Hits with highlights and distance, facets, total, page, time. */
export const searchAnswer = <T extends object>(result: SearchResult<T>) => ({
  hits: result.hits.map((hit) => ({
    ...hit.document,
    _highlights: hit.highlights,
    ...(hit.distanceKm !== undefined && { _distanceKm: Math.round(hit.distanceKm * 100) / 100 }),
  })),
  facets: result.facets,
  total: result.total,
  page: result.page,
  limit: result.limit,
  tookMs: result.tookMs,
});
