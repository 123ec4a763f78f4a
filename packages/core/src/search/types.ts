/**
 * The search interface both engines implement (Meilisearch when MEILI_URL is set, an embedded engine
 * otherwise). Documents are flat, denormalised views of suppliers and needs built from the database.
 */
import type { NeedView } from "../needs/present";

export type IndexName = "suppliers" | "needs";

/**
 * A document's place as Meilisearch's reserved `_geo` attribute spells it (`lng`; shown as is in search
 * hits). Everywhere else a point is `{ lat, lon }`; geo-point.ts converts.
 */
export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface SupplierSearchDoc {
  id: string; // organisation id
  version: number;
  orgNumber: string; // the registered organisation's number
  name: string; // the profile's display name, chosen by the supplier
  /** The registered organisation's name (absent only in documents indexed before it was added: reindex). */
  organizationName?: string;
  description: string;
  capabilities: string;
  cpv: string[]; // stored codes with check digit, e.g. 45233140-2
  cpvCodes: string[]; // the codes and all their CPV ancestors as 8-digit codes (filter at any level)
  cpvLabels: string[]; // Norwegian and English labels of the codes (searchable)
  nace: string[];
  municipality: string; // home kommunenummer
  municipalityName: string;
  county: string; // home fylkesnummer
  countyName: string;
  serviceMunicipalities: string[];
  serviceCounties: string[];
  national: boolean;
  /** Where the supplier delivers, as tokens (see places.ts): `m:3207`, `c:32`, `in:32`, `NO`. */
  serves: string[];
  /** Searchable place names: home and service-area municipalities with their administrative centres, service counties, "hele landet". */
  placeNames: string[];
  certifications: string[];
  size: string; // micro | small | medium | large
  /** Opted in to be matched to needs on its profile (matching/profiles.ts). */
  matchOnProfile: boolean;
  _geo: GeoPoint;
  updatedAt: number; // epoch ms
}

export interface NeedSearchDoc {
  id: string;
  version: number;
  buyerId: string;
  buyerName: string;
  /** False while the buyer's organisation is deactivated; absent in documents indexed before it existed. */
  buyerActive?: boolean;
  title: string;
  challenge: string;
  description: string;
  cpv: string[];
  cpvCodes: string[];
  cpvLabels: string[];
  municipalities: string[];
  municipalityNames: string[];
  counties: string[];
  countyNames: string[];
  national: boolean;
  /** Where the need applies, as tokens (see places.ts): `m:3207`, `c:39`, `in:32`, `NO`. */
  places: string[];
  /** Searchable place names: the municipalities with their administrative centres and the counties. */
  placeNames: string[];
  procedure: string;
  status: string;
  valueMin?: number;
  valueMax?: number;
  dialogueOpens?: number; // epoch ms
  plannedNotice?: number; // epoch ms
  contractStart?: number; // epoch ms
  publishedAt: number; // epoch ms
  smeSuitable: boolean;
  innovation: boolean;
  sustainability: boolean;
  _geo?: GeoPoint; // a point for the buyer's place
  /** The need as GET /needs/{id} shows it (the read model); not in search hits. */
  view?: NeedView;
}

export interface DocOf {
  suppliers: SupplierSearchDoc;
  needs: NeedSearchDoc;
}

/** A structured filter; engines compile it, user input is never spliced into a filter string. */
export type Filter =
  | { field: string; op: "eq"; value: string | number | boolean }
  | { field: string; op: "in"; values: (string | number)[] }
  | { field: string; op: "gte" | "lte"; value: number };

export interface SearchQuery {
  q?: string;
  /** All filters must hold (AND); `in` is an OR within one field. */
  filters?: Filter[];
  /** With radiusKm: only documents within it. Always: hits carry distanceKm. */
  near?: { lat: number; lon: number; radiusKm?: number };
  /** Sort by distance from `near` instead of relevance. */
  sort?: "relevance" | "distance" | { field: string; direction: "asc" | "desc" };
  facets?: string[];
  page?: number; // 1-based
  limit?: number;
}

export interface SearchHit<T> {
  document: T;
  /** Field name to text with matched words wrapped in <mark>…</mark>. */
  highlights: Record<string, string>;
  distanceKm?: number;
}

export interface SearchResult<T> {
  hits: SearchHit<T>[];
  facets: Record<string, Record<string, number>>;
  total: number;
  page: number;
  limit: number;
  tookMs: number;
}

export interface SearchEngine {
  readonly kind: "meilisearch" | "embedded";
  /** Creates the indexes and applies the settings from search-config, waiting until they are in force. */
  applySettings(): Promise<void>;
  upsert<I extends IndexName>(index: I, docs: DocOf[I][]): Promise<void>;
  remove(index: IndexName, ids: string[]): Promise<void>;
  get<I extends IndexName>(index: I, id: string): Promise<DocOf[I] | undefined>;
  /** The documents of those ids that exist, in no particular order (a few requests, not one per id). */
  getMany<I extends IndexName>(index: I, ids: string[]): Promise<DocOf[I][]>;
  search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocOf[I]>>;
  /** Every document's id and version, for the drift check. */
  versions(index: IndexName): Promise<Map<string, number>>;
  clear(index: IndexName): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
