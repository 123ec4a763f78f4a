/**
 * The search engine on Meilisearch (official client). Writes wait for their task, so a caller that got
 * control back knows the change is searchable; failures surface as AppError "unavailable" with the cause.
 */
import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Hit, type SearchParams } from "meilisearch";
import { meiliSettings, searchSettings } from "@markedsdialog/search-config";
import { AppError } from "../../errors";
import { distanceKm } from "../../reference/places";
import { meiliFilter, meiliGeoRadius } from "./filter";
import { checkQuery, escapeHtml, highlightFields, HIGHLIGHT_JOIN, type CheckedQuery } from "../query";
import type { DocOf, IndexName, SearchEngine, SearchHit, SearchQuery, SearchResult } from "../types";

const TASK_TIMEOUT_MS = 120_000;
const VERSIONS_PAGE = 1000;
// Control characters as highlight tags: they cannot occur in escaped text, so <mark> is added after escaping.
const PRE = "\u0002";
const POST = "\u0003";

export interface MeiliOptions {
  url: string;
  apiKey?: string;
  indexPrefix?: string;
}

type AnyDoc = DocOf[IndexName];

const unavailable = (message: string, cause: unknown): AppError =>
  new AppError("unavailable", `${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });

export class MeiliSearchEngine implements SearchEngine {
  readonly kind = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly prefix: string;

  constructor(options: MeiliOptions) {
    this.client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: 30_000 });
    this.prefix = options.indexPrefix ?? "";
  }

  uid(index: IndexName): string {
    return `${this.prefix}${index}`;
  }

  /** Runs a client call; any error becomes "unavailable" (keeping the client's error as cause). */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw error instanceof AppError ? error : unavailable(`Meilisearch ${what} failed`, error);
    }
  }

  /** Waits for the task; a failed or cancelled task throws with Meilisearch's error. */
  private async settle(what: string, enqueued: EnqueuedTaskPromise, tolerate?: string): Promise<void> {
    const task = await this.call(what, () => enqueued.waitTask({ timeout: TASK_TIMEOUT_MS }));
    if (task.status === "succeeded" || (tolerate && task.error?.code === tolerate)) return;
    const reason = task.error ? `${task.error.code}: ${task.error.message}` : task.status;
    throw new AppError("unavailable", `Meilisearch ${what} (task ${task.uid}) ${task.status}: ${reason}`, {
      cause: task.error ?? task,
    });
  }

  async applySettings(): Promise<void> {
    for (const index of ["suppliers", "needs"] as const) {
      const settings = searchSettings[index];
      const uid = this.uid(index);
      await this.settle(
        `create ${uid}`,
        this.client.createIndex(uid, { primaryKey: settings.primaryKey }),
        "index_already_exists",
      );
      await this.settle(`settings of ${uid}`, this.client.index(uid).updateSettings(meiliSettings(settings)));
    }
  }

  async upsert<I extends IndexName>(index: I, docs: DocOf[I][]): Promise<void> {
    if (docs.length === 0) return;
    const uid = this.uid(index);
    await this.settle(`upsert into ${uid}`, this.client.index(uid).addDocuments(docs, { primaryKey: "id" }));
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const uid = this.uid(index);
    await this.settle(`remove from ${uid}`, this.client.index(uid).deleteDocuments(ids));
  }

  async get<I extends IndexName>(index: I, id: string): Promise<DocOf[I] | undefined> {
    try {
      return (await this.client.index(this.uid(index)).getDocument(id)) as DocOf[I];
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === "document_not_found") return undefined;
      throw unavailable(`Meilisearch get from ${this.uid(index)} failed`, error);
    }
  }

  async versions(index: IndexName): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const idx = this.client.index<{ id: string; version: number }>(this.uid(index));
    for (let offset = 0; ; offset += VERSIONS_PAGE) {
      const page = await this.call("versions", () =>
        idx.getDocuments({ fields: ["id", "version"], offset, limit: VERSIONS_PAGE }),
      );
      for (const doc of page.results) out.set(String(doc.id), doc.version);
      if (page.results.length < VERSIONS_PAGE) return out;
    }
  }

  async clear(index: IndexName): Promise<void> {
    await this.settle(`clear ${this.uid(index)}`, this.client.index(this.uid(index)).deleteAllDocuments());
  }

  async ping(): Promise<boolean> {
    return this.client.isHealthy();
  }

  async close(): Promise<void> {}

  private params(index: IndexName, checked: CheckedQuery): SearchParams {
    const settings = searchSettings[index];
    const conditions = [meiliFilter(checked.filters, settings)].filter((c) => c !== "");
    const near = checked.near;
    if (near?.radiusKm !== undefined) conditions.push(meiliGeoRadius(near.lat, near.lon, near.radiusKm * 1000));
    const geoPoint = near && `_geoPoint(${near.lat.toFixed(6)}, ${near.lon.toFixed(6)}):asc`;
    const blank = checked.q.trim() === "";
    let sort: string[] | undefined;
    if (checked.sort.kind === "distance" && geoPoint) sort = [geoPoint];
    else if (checked.sort.kind === "field") sort = [`${checked.sort.field}:${checked.sort.direction}`];
    // Relevance near a point: with no words every hit ties, so distance decides; with words the page is
    // re-ordered by distance among equal ranking scores (see rerankTies).
    else if (geoPoint && blank) sort = [geoPoint];
    return {
      ...(conditions.length > 0 && { filter: conditions.join(" AND ") }),
      ...(checked.facets.length > 0 && { facets: checked.facets }),
      ...(sort && { sort }),
      page: checked.page,
      hitsPerPage: checked.limit,
      matchingStrategy: "last", // the first word is required; fuller matches rank first
      attributesToHighlight: highlightFields(settings),
      highlightPreTag: PRE,
      highlightPostTag: POST,
      showRankingScore: true,
    };
  }

  async search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocOf[I]>> {
    const settings = searchSettings[index];
    const checked = checkQuery(settings, query);
    const params = this.params(index, checked);
    const res = await this.call(`search in ${this.uid(index)}`, () =>
      this.client.index<AnyDoc>(this.uid(index)).search(checked.q, params),
    );
    const hits = res.hits.map((hit) => this.toHit(index, hit as Hit<AnyDoc> & { _geoDistance?: number }, checked));
    const rank = res.hits.map((h) => h._rankingScore ?? 0);
    const ordered =
      checked.sort.kind === "relevance" && checked.near && checked.q.trim() !== "" ? rerankTies(hits, rank) : hits;
    const facets: Record<string, Record<string, number>> = {};
    for (const facet of checked.facets) facets[facet] = res.facetDistribution?.[facet] ?? {};
    return {
      hits: ordered as SearchHit<DocOf[I]>[],
      facets,
      total: (res as { totalHits?: number }).totalHits ?? hits.length,
      page: checked.page,
      limit: checked.limit,
      tookMs: res.processingTimeMs,
    };
  }

  private toHit(
    index: IndexName,
    hit: Hit<AnyDoc> & { _geoDistance?: number },
    checked: CheckedQuery,
  ): SearchHit<AnyDoc> {
    const { _formatted, _geoDistance, _rankingScore, _matchesPosition, _rankingScoreDetails, ...doc } = hit;
    void [_rankingScore, _matchesPosition, _rankingScoreDetails];
    const highlights: Record<string, string> = {};
    const formatted = (_formatted ?? {}) as Record<string, unknown>;
    for (const field of highlightFields(searchSettings[index])) {
      const marked = toHighlight(formatted[field]);
      if (marked !== undefined) highlights[field] = marked;
    }
    const near = checked.near;
    let distance: number | undefined;
    if (typeof _geoDistance === "number") distance = _geoDistance / 1000;
    else if (near && doc._geo)
      distance = distanceKm({ lat: near.lat, lon: near.lon }, { lat: doc._geo.lat, lon: doc._geo.lng });
    return {
      document: doc as AnyDoc,
      highlights,
      ...(distance !== undefined && { distanceKm: Math.round(distance * 1000) / 1000 }),
    };
  }
}

/** Meilisearch's highlighted value (string or array) as safe HTML with <mark>; undefined when nothing matched. */
function toHighlight(value: unknown): string | undefined {
  const one = (text: string): string | undefined =>
    text.includes(PRE) ? escapeHtml(text).replaceAll(PRE, "<mark>").replaceAll(POST, "</mark>") : undefined;
  if (typeof value === "string") return one(value);
  if (Array.isArray(value)) {
    const marked = value.flatMap((v) => (typeof v === "string" ? (one(v) ?? []) : []));
    return marked.length > 0 ? marked.join(HIGHLIGHT_JOIN) : undefined;
  }
  return undefined;
}

/** Within the page, hits with the same ranking score are ordered nearest first. */
function rerankTies<T extends { distanceKm?: number }>(hits: T[], scores: number[]): T[] {
  return hits
    .map((hit, i) => ({ hit, score: Math.round((scores[i] ?? 0) * 1e6), i }))
    .sort((a, b) => b.score - a.score || (a.hit.distanceKm ?? Infinity) - (b.hit.distanceKm ?? Infinity) || a.i - b.i)
    .map((x) => x.hit);
}
