/** Supplier search: who may search, and what a search asks the index for. */
import type { SupplierSearchQuery } from "./suppliers.schemas";
import { type Actor, requireAuthenticated } from "../auth/actor";
import { forbidden } from "../errors";
import { certificationDetails, municipality } from "../reference/index";
import { requireSearchEngine, searchAnswer } from "../search/answer";
import { cpvFilter, inFilter } from "../search/filters";
import { placeFilter } from "../search/places";
import type { SearchEngine, SearchQuery, SupplierSearchDoc } from "../search/types";

/** Suppliers are searched by buyers, organisers and the admin; not by competing suppliers. */
function requireSupplierSearcher(actor: Actor): void {
  requireAuthenticated(actor);
  if (actor.type === "organization" && actor.kind === "supplier")
    throw forbidden("Suppliers cannot search other suppliers");
}

/**
 * The index query for a supplier search. Places match where a supplier delivers (home, service area or
 * nationwide); one municipality without `near` is also the point that nearer suppliers rank from.
 */
export function supplierSearchQuery(query: SupplierSearchQuery): SearchQuery {
  const home = query.municipality?.length === 1 ? municipality(query.municipality[0] ?? "") : undefined;
  const point = query.near ?? (home ? { lat: home.lat, lon: home.lon } : undefined);
  return {
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
}

/** A hit names the registered organisation behind the profile, as GET /suppliers/{orgId} does. */
function withOrganization({ organizationName, ...doc }: SupplierSearchDoc) {
  return { ...doc, organization: { id: doc.id, name: organizationName, orgNumber: doc.orgNumber } };
}

export async function searchSuppliers(search: SearchEngine | undefined, actor: Actor, query: SupplierSearchQuery) {
  requireSupplierSearcher(actor);
  const engine = requireSearchEngine(search);
  const result = await engine.search("suppliers", supplierSearchQuery(query));
  const answer = searchAnswer({
    ...result,
    hits: result.hits.map((hit) => ({ ...hit, document: withOrganization(hit.document) })),
  });
  // The index keeps codes (filtered and counted on); hits show them with labels, as profiles do.
  return {
    ...answer,
    hits: answer.hits.map((hit) => ({ ...hit, certifications: certificationDetails(hit.certifications) })),
  };
}
