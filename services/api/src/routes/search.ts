import { z } from "zod";
import {
  CERTIFICATIONS,
  cpvCodeSchema,
  dateSchema,
  fylkesnummerSchema,
  kommunenummerSchema,
  municipality,
  objectIdSchema,
  PROCEDURES,
  queryList,
  requireAdmin,
  requireAuthenticated,
  forbidden,
  SUPPLIER_SIZES,
  type Actor,
} from "@markedsdialog/core";
import type { Filter, SearchQuery, SearchResult } from "@markedsdialog/core/search/types";
import { tokensForCounty, tokensForMunicipality } from "@markedsdialog/core/search/places";
import { driftCheck, reindex } from "@markedsdialog/core/search/sync";
import { cpvFilter, dateRangeFilter, inFilter } from "@markedsdialog/core/search/filters";
import { AppError } from "@markedsdialog/core";
import { route } from "../http/route";
import type { AppContext } from "../context";

const near = z
  .string()
  .regex(/^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, "must be lat,lon in decimal degrees, e.g. 59.72,10.83")
  .transform((value) => value.split(",").map(Number) as [number, number])
  .refine(([lat, lon]) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180, "is outside the globe")
  .meta({ description: "Point to search around: lat,lon" });

const common = {
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "Free text; typos, prefixes, inflections and synonyms are understood" }),
  cpv: queryList(cpvCodeSchema).meta({ description: "CPV codes at any level; 45000000 matches 45233140" }),
  municipality: queryList(kommunenummerSchema),
  county: queryList(fylkesnummerSchema),
  facets: queryList(z.string().max(50)),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

const supplierQuery = z
  .strictObject({
    ...common,
    certification: queryList(z.enum(CERTIFICATIONS)),
    size: queryList(z.enum(SUPPLIER_SIZES)),
    near: near.optional(),
    radiusKm: z.coerce.number().min(0.1).max(2500).optional(),
    sort: z.enum(["relevance", "distance"]).default("relevance"),
  })
  .refine((q) => q.radiusKm === undefined || q.near !== undefined, {
    path: ["radiusKm"],
    message: "needs near=lat,lon",
  })
  .refine((q) => q.sort !== "distance" || q.near !== undefined || q.municipality?.length === 1, {
    path: ["sort"],
    message: "sorting by distance needs near=lat,lon or one municipality",
  });

const needQuery = z
  .strictObject({
    ...common,
    buyer: queryList(objectIdSchema),
    procedure: queryList(z.enum(PROCEDURES)),
    minValue: z.coerce
      .number()
      .min(0)
      .optional()
      .meta({ description: "Needs whose estimated value reaches at least this (NOK)" }),
    maxValue: z.coerce
      .number()
      .min(0)
      .optional()
      .meta({ description: "Needs whose estimated value starts at most at this (NOK)" }),
    from: dateSchema.optional().meta({ description: "Planned notice on or after" }),
    to: dateSchema.optional().meta({ description: "Planned notice on or before" }),
  })
  .refine((q) => q.minValue === undefined || q.maxValue === undefined || q.minValue <= q.maxValue, {
    path: ["maxValue"],
    message: "must not be below minValue",
  });

const placeFilter = (field: string, municipalities?: string[], counties?: string[]): Filter[] => [
  ...inFilter(field, municipalities && [...new Set(municipalities.flatMap(tokensForMunicipality))]),
  ...inFilter(field, counties && [...new Set(counties.flatMap(tokensForCounty))]),
];

function engine(ctx: AppContext) {
  if (!ctx.search) throw new AppError("unavailable", "Search is not available");
  return ctx.search;
}

/** Suppliers are searched by buyers, organisers and the admin; not by competing suppliers. */
function requireSupplierSearcher(actor: Actor) {
  requireAuthenticated(actor);
  if (actor.type === "organization" && actor.kind === "supplier")
    throw forbidden("Suppliers cannot search other suppliers");
}

/** The answer of both search routes: hits with highlights and distance, facets, total, page, time. */
const answer = <T extends object>(result: SearchResult<T>) => ({
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

const tag = "Search";

export const searchRoutes = [
  route({
    method: "get",
    path: "/suppliers/search",
    operationId: "searchSuppliers",
    summary: "Find suppliers who can solve a need (buyers, organisers, admin)",
    description:
      "`municipality`/`county` match suppliers who deliver there: their home, service area, or nationwide. With a place and relevance sort, local suppliers rank first.",
    tag,
    access: "authenticated",
    query: supplierQuery,
    errors: [403, 503],
    handle: async ({ actor, query, ctx }) => {
      requireSupplierSearcher(actor);
      const home = query.municipality?.length === 1 ? municipality(query.municipality[0] ?? "") : undefined;
      const point = query.near
        ? { lat: query.near[0], lon: query.near[1] }
        : home
          ? { lat: home.lat, lon: home.lon }
          : undefined;
      const search: SearchQuery = {
        q: query.q,
        filters: [
          ...cpvFilter(query.cpv),
          ...placeFilter("serves", query.municipality, query.county),
          ...inFilter("certifications", query.certification),
          ...inFilter("size", query.size),
        ],
        near: point && { ...point, ...(query.radiusKm !== undefined && { radiusKm: query.radiusKm }) },
        sort: query.sort,
        facets: query.facets,
        page: query.page,
        limit: query.limit,
      };
      return answer(await engine(ctx).search("suppliers", search));
    },
  }),
  route({
    method: "get",
    path: "/needs/search",
    operationId: "searchNeeds",
    summary: "Find published needs to answer",
    tag,
    access: "public",
    query: needQuery,
    errors: [503],
    handle: async ({ query, ctx }) => {
      const filters: Filter[] = [
        ...cpvFilter(query.cpv),
        ...placeFilter("places", query.municipality, query.county),
        ...inFilter("buyerId", query.buyer),
        ...inFilter("procedure", query.procedure),
        ...(query.minValue !== undefined ? [{ field: "valueMax", op: "gte", value: query.minValue } as const] : []),
        ...(query.maxValue !== undefined ? [{ field: "valueMin", op: "lte", value: query.maxValue } as const] : []),
        ...dateRangeFilter("plannedNotice", query.from, query.to),
      ];
      return answer(
        await engine(ctx).search("needs", {
          q: query.q,
          filters,
          facets: query.facets,
          page: query.page,
          limit: query.limit,
        }),
      );
    },
  }),
  route({
    method: "get",
    path: "/admin/search/drift",
    operationId: "searchDrift",
    summary: "Compare database and index: missing, stale and orphaned documents",
    tag,
    access: "admin",
    handle: async ({ actor, ctx }) => {
      requireAdmin(actor);
      const search = engine(ctx);
      return { suppliers: await driftCheck(search, "suppliers"), needs: await driftCheck(search, "needs") };
    },
  }),
  route({
    method: "post",
    path: "/admin/search/reindex",
    operationId: "searchReindex",
    summary: "Rebuild both indexes from the database",
    tag,
    access: "admin",
    handle: async ({ actor, ctx }) => {
      requireAdmin(actor);
      const search = engine(ctx);
      return { suppliers: await reindex(search, "suppliers"), needs: await reindex(search, "needs") };
    },
  }),
];
