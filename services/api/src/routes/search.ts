import { checkSearchDrift, rebuildSearchIndexes } from "@markedsdialog/core/search/maintenance";
import { searchDriftAnswer, searchReindexAnswer } from "@markedsdialog/core/search/search.schemas";
import { route, type RouteDef } from "../http/route";
import { needSearchRoutes } from "./needs";
import { supplierSearchRoutes } from "./suppliers";

const tag = "Search";

const indexRoutes = [
  route({
    method: "get",
    path: "/admin/search/drift",
    operationId: "searchDrift",
    summary: "Compare database and index: missing, stale and orphaned documents",
    tag,
    access: "admin",
    response: searchDriftAnswer,
    handle: async ({ actor, ctx }) => checkSearchDrift(actor, ctx.search),
  }),
  route({
    method: "post",
    path: "/admin/search/reindex",
    operationId: "searchReindex",
    summary: "Rebuild both indexes from the database",
    tag,
    access: "admin",
    response: searchReindexAnswer,
    handle: async ({ actor, ctx }) => rebuildSearchIndexes(actor, ctx.search),
  }),
];

/** Both searches count against the search limit (RATE_LIMIT_SEARCH), per API key or client address. */
const limited = (routes: RouteDef[]): RouteDef[] => routes.map((def) => ({ ...def, rateLimit: "search" }));

/** The routes that need a search engine; mounted before the others, so /needs/search wins over /needs/:id. */
export const searchRoutes = [...limited([...supplierSearchRoutes, ...needSearchRoutes]), ...indexRoutes];
