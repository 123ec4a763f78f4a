import { z } from "zod";
import { searchSettings, type SearchIndexName } from "@markedsdialog/search-config";
import { highlightFields } from "./query";

// Answers

/** A document's place as search hits carry it (Meilisearch's `_geo`, hence `lng`). */
export const geoPointAnswer = z
  .strictObject({ lat: z.number(), lng: z.number() })
  .meta({ id: "GeoPoint", description: "Latitude and longitude in decimal degrees" });

const optionalAll = (names: readonly string[], schema: z.ZodType) =>
  z.strictObject(Object.fromEntries(names.map((name) => [name, schema.optional()])));

/**
 * What a search answers (search/answer.ts): the index's displayed fields of each hit, its highlights and
 * distance, the facets asked for, the total and the page.
 */
export function searchAnswerSchema(index: SearchIndexName, name: string, hitFields: z.ZodRawShape) {
  const settings = searchSettings[index];
  const hit = z
    .strictObject({
      ...hitFields,
      _highlights: optionalAll(highlightFields(settings), z.string()).meta({
        description: "Fields whose text matched, with the matched words in <mark>…</mark> (HTML-escaped)",
      }),
      _distanceKm: z.number().min(0).optional().meta({ description: "From the point searched around" }),
    })
    .meta({ id: `${name}Hit` });
  return z
    .strictObject({
      hits: z.array(hit),
      facets: optionalAll(settings.facets, z.record(z.string(), z.int().min(0))).meta({
        description: "For each facet asked for: value → number of matching documents",
      }),
      total: z.int().min(0),
      page: z.int().min(1),
      limit: z.int().min(1),
      tookMs: z.number().min(0),
    })
    .meta({ id: `${name}Result` });
}

const indexName = z.enum(Object.keys(searchSettings) as [SearchIndexName, ...SearchIndexName[]]);

export const driftReportAnswer = z
  .strictObject({
    index: indexName,
    expected: z.int().min(0),
    indexed: z.int().min(0),
    missing: z.array(z.string()),
    stale: z.array(z.strictObject({ id: z.string(), indexed: z.int(), database: z.int() })),
    orphaned: z.array(z.string()),
    inSync: z.boolean(),
  })
  .meta({ id: "DriftReport" });

export const searchDriftAnswer = z
  .strictObject({ suppliers: driftReportAnswer, needs: driftReportAnswer })
  .meta({ id: "SearchDrift" });

const reindexReport = z
  .strictObject({ index: indexName, records: z.int().min(0), indexed: z.int().min(0), removed: z.int().min(0) })
  .meta({ id: "ReindexReport" });

export const searchReindexAnswer = z
  .strictObject({ suppliers: reindexReport, needs: reindexReport })
  .meta({ id: "SearchReindex" });
