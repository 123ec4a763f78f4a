/**
 * The search engine on Meilisearch (official client). Writes wait for their task, so a caller that got
 * control back knows the change is searchable. Failures surface as AppError with the client's error or the
 * failed task as cause: "invalid" for a request Meilisearch refuses on its content, "unavailable" otherwise.
 */
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  type EnqueuedTaskPromise,
  type Hit,
  type SearchParams,
  type SearchResponse,
} from "meilisearch";
import { hitAttributes, meiliSettings, searchSettings } from "@markedsdialog/search-config";
import { AppError } from "../../errors";
import { distanceKm } from "../../reference/places";
import { meiliFilter, meiliGeoRadius } from "./filter";
import { documentReader, type DocumentReader } from "./document-reader";
import { checkQuery, escapeHtml, highlightFields, HIGHLIGHT_JOIN, type CheckedQuery } from "../query";
import type { DocOf, IndexName, SearchEngine, SearchHit, SearchQuery, SearchResult } from "../types";

const TASK_TIMEOUT_MS = 120_000;
/** A settings change re-indexes every document: minutes on a large index. */
const SETTINGS_TIMEOUT_MS = 15 * 60_000;
/** Documents per page when listing every id and version (drift, reindex). */
const VERSIONS_PAGE = 10_000;
const GET_MANY_PAGE = 1000;
// Control characters as highlight tags: they cannot occur in escaped text, so <mark> is added after escaping.
const PRE = "\u0002";
const POST = "\u0003";
/** Words as the embedded engine reads them (letters and digits); everything else separates them. */
const WORD = /[\p{L}\p{N}]+/gu;

export interface MeiliOptions {
  url: string;
  apiKey?: string;
  indexPrefix?: string;
}

type AnyDoc = DocOf[IndexName];
type MeiliHit = Hit<AnyDoc> & { _geoDistance?: number };

/** Meilisearch refuses these because of what was sent (a document or a search), not because it is down. */
const isContentError = (code: string | undefined): boolean =>
  code !== undefined && (/^invalid_(search|document)_/.test(code) || code === "missing_document_id");

function hintFor(code: string | undefined): string {
  if (code === "index_not_found") return " (the index is missing: apply the search settings first)";
  if (code === "invalid_api_key" || code === "missing_authorization_header") return " (check MEILI_MASTER_KEY)";
  return "";
}

/** A client error as AppError, keeping it as cause. */
function meiliError(what: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = error instanceof MeilisearchApiError ? error.cause?.code : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError(
    isContentError(code) ? "invalid" : "unavailable",
    `Meilisearch ${what} failed${hintFor(code)}: ${detail}`,
    { cause: error },
  );
}

/**
 * The query as plain words: Meilisearch reads `"…"` as a phrase and `-word` as a negation, the embedded
 * engine reads neither, and user input is only text. A query of stop words alone asks for everything, as
 * there. Whether the last word is still being typed (a prefix) is kept: no space after it.
 */
export function meiliQueryText(q: string, stopWords: ReadonlySet<string>): string {
  const text = q.normalize("NFC");
  const words = [...text.matchAll(WORD)];
  const last = words.at(-1);
  if (!last || words.every((w) => stopWords.has(w[0].toLowerCase()))) return "";
  const typing = (last.index ?? 0) + last[0].length === text.length;
  return words.map((w) => w[0]).join(" ") + (typing ? "" : " ");
}

export class MeiliSearchEngine implements SearchEngine {
  readonly kind = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly reader: DocumentReader;
  private readonly prefix: string;
  private readonly stopWords = {
    suppliers: new Set(searchSettings.suppliers.stopWords.map((w) => w.toLowerCase())),
    needs: new Set(searchSettings.needs.stopWords.map((w) => w.toLowerCase())),
  };

  constructor(options: MeiliOptions) {
    this.client = new Meilisearch({
      host: options.url,
      apiKey: options.apiKey,
      timeout: 30_000,
      // Asked for gzip (fetch's default), Meilisearch streams the compressed answer in small pieces, and on a
      // kept-alive connection Nagle's algorithm and delayed ACKs hold the rest back: every search took
      // ~45 ms instead of ~4 ms (measured on loopback). Uncompressed answers go out in one piece.
      requestInit: { headers: { "Accept-Encoding": "identity" } },
    });
    this.reader = documentReader(options.url, options.apiKey, 30_000);
    this.prefix = options.indexPrefix ?? "";
  }

  uid(index: IndexName): string {
    return `${this.prefix}${index}`;
  }

  /** Runs a client call; errors become AppError (see meiliError). */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw meiliError(what, error);
    }
  }

  /** Waits for the task; a failed or cancelled task throws with the task (and Meilisearch's error) as cause. */
  private async settle(
    what: string,
    enqueue: () => EnqueuedTaskPromise,
    options: { tolerate?: string; timeout?: number } = {},
  ): Promise<void> {
    const timeout = options.timeout ?? TASK_TIMEOUT_MS;
    const task = await this.call(what, () => enqueue().waitTask({ timeout }));
    if (task.status === "succeeded" || (options.tolerate && task.error?.code === options.tolerate)) return;
    const reason = task.error ? `${task.error.code}: ${task.error.message}` : task.status;
    const code = isContentError(task.error?.code) ? "invalid" : "unavailable";
    throw new AppError(code, `Meilisearch ${what} (task ${task.uid}) ${task.status}: ${reason}`, { cause: task });
  }

  /** Creates each index (or checks the primary key of the one there), applies its settings and waits for them. */
  async applySettings(): Promise<void> {
    for (const index of ["suppliers", "needs"] as const) {
      const settings = searchSettings[index];
      const uid = this.uid(index);
      const create = () => this.client.createIndex(uid, { primaryKey: settings.primaryKey });
      await this.settle(`create ${uid}`, create, { tolerate: "index_already_exists" });
      const { primaryKey } = await this.call(`read ${uid}`, () => this.client.getIndex(uid));
      if (primaryKey !== settings.primaryKey) {
        throw new AppError(
          "unavailable",
          `Meilisearch index ${uid} has primary key ${primaryKey}, not ${settings.primaryKey}`,
        );
      }
      const update = () => this.client.index(uid).updateSettings(meiliSettings(settings));
      await this.settle(`settings of ${uid}`, update, { timeout: SETTINGS_TIMEOUT_MS });
    }
  }

  async upsert<I extends IndexName>(index: I, docs: DocOf[I][]): Promise<void> {
    if (docs.length === 0) return;
    const uid = this.uid(index);
    await this.settle(`upsert into ${uid}`, () => this.client.index(uid).addDocuments(docs, { primaryKey: "id" }));
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const uid = this.uid(index);
    await this.settle(`remove from ${uid}`, () => this.client.index(uid).deleteDocuments(ids));
  }

  /** `GET /indexes/{uid}/documents/{id}`, through the document reader (document-reader.ts). */
  async get<I extends IndexName>(index: I, id: string): Promise<DocOf[I] | undefined> {
    const uid = this.uid(index);
    const answer = await this.reader.get(uid, id).catch((error: unknown) => {
      // A request that got no answer, as the client reports one.
      throw meiliError(`get from ${uid}`, new MeilisearchRequestError(`${uid}/documents/${id}`, error));
    });
    if (answer.status === 200) return answer.body as DocOf[I];
    const error = (answer.body ?? {}) as { code?: string; message?: string };
    if (answer.status === 404 && error.code === "document_not_found") return undefined;
    throw new AppError(
      isContentError(error.code) ? "invalid" : "unavailable",
      `Meilisearch get from ${uid} failed${hintFor(error.code)}: ${answer.status} ${error.message ?? ""}`.trim(),
    );
  }

  /** `POST /indexes/{uid}/documents/fetch` with the ids, a page of them per request. */
  async getMany<I extends IndexName>(index: I, ids: string[]): Promise<DocOf[I][]> {
    const idx = this.client.index<DocOf[I]>(this.uid(index));
    const found: DocOf[I][] = [];
    for (let i = 0; i < ids.length; i += GET_MANY_PAGE) {
      const page = ids.slice(i, i + GET_MANY_PAGE);
      const answer = await this.call(`get from ${this.uid(index)}`, () =>
        idx.getDocuments({ ids: page, limit: page.length }),
      );
      found.push(...answer.results);
    }
    return found;
  }

  /**
   * Every document's id and version, in pages. Documents deleted while paging can make a later page start
   * past a document not yet read; the drift check reports such a one as missing until it is run again.
   */
  async versions(index: IndexName): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const idx = this.client.index<{ id: string; version: number }>(this.uid(index));
    for (let offset = 0; ; offset += VERSIONS_PAGE) {
      const page = await this.call(`versions of ${this.uid(index)}`, () =>
        idx.getDocuments({ fields: ["id", "version"], offset, limit: VERSIONS_PAGE }),
      );
      for (const doc of page.results) out.set(String(doc.id), doc.version);
      if (page.results.length < VERSIONS_PAGE || offset + VERSIONS_PAGE >= page.total) return out;
    }
  }

  async clear(index: IndexName): Promise<void> {
    const uid = this.uid(index);
    await this.settle(`clear ${uid}`, () => this.client.index(uid).deleteAllDocuments());
  }

  async ping(): Promise<boolean> {
    return this.client.isHealthy();
  }

  async close(): Promise<void> {
    this.reader.close();
  }

  private params(index: IndexName, checked: CheckedQuery, text: string): SearchParams {
    const settings = searchSettings[index];
    const conditions = [meiliFilter(checked.filters, settings)].filter((c) => c !== "");
    const near = checked.near;
    if (near?.radiusKm !== undefined) conditions.push(meiliGeoRadius(near.lat, near.lon, near.radiusKm * 1000));
    const geoPoint = near && `_geoPoint(${near.lat.toFixed(6)}, ${near.lon.toFixed(6)}):asc`;
    let sort: string[] | undefined;
    if (checked.sort.kind === "distance" && geoPoint) sort = [geoPoint];
    else if (checked.sort.kind === "field") sort = [`${checked.sort.field}:${checked.sort.direction}`];
    // Relevance near a point: with no words every hit ties, so distance decides; with words, hits with
    // equal ranking scores are ordered by distance (see nearestAmongTies).
    else if (geoPoint && text === "") sort = [geoPoint];
    return {
      ...(conditions.length > 0 && { filter: conditions.join(" AND ") }),
      ...(checked.facets.length > 0 && { facets: checked.facets }),
      ...(sort && { sort }),
      page: checked.page,
      hitsPerPage: checked.limit,
      matchingStrategy: "last", // the first word is required; fuller matches rank first
      attributesToRetrieve: hitAttributes(settings),
      attributesToHighlight: highlightFields(settings),
      highlightPreTag: PRE,
      highlightPostTag: POST,
      showRankingScore: true,
    };
  }

  async search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocOf[I]>> {
    const settings = searchSettings[index];
    const checked = checkQuery(settings, query);
    const text = meiliQueryText(checked.q, this.stopWords[index]);
    const params = this.params(index, checked, text);
    const uid = this.uid(index);
    const res = await this.call(`search in ${uid}`, () => this.client.index<AnyDoc>(uid).search(text, params));
    const tieBreak = checked.sort.kind === "relevance" && checked.near !== undefined && text !== "";
    const page = tieBreak ? await this.nearestAmongTies(index, text, params, checked, res.hits) : res.hits;
    const facets: Record<string, Record<string, number>> = {};
    for (const facet of checked.facets) facets[facet] = res.facetDistribution?.[facet] ?? {};
    return {
      hits: page.map((hit) => this.toHit(index, hit, checked)) as SearchHit<DocOf[I]>[],
      facets,
      // Meilisearch counts every match; both engines report at most the window that can be paged through.
      total: Math.min((res as { totalHits?: number }).totalHits ?? res.hits.length, settings.pagination.maxTotalHits),
      page: checked.page,
      limit: checked.limit,
      tookMs: res.processingTimeMs,
    };
  }

  /**
   * Relevance near a point, as in the embedded engine: among hits with the same ranking score the nearer
   * comes first, across pages too. A tie can begin before the page and end after it, so every hit down to
   * the page's lowest score is read (rankingScoreThreshold), ordered, and the page cut from that.
   */
  private async nearestAmongTies(
    index: IndexName,
    text: string,
    params: SearchParams,
    checked: CheckedQuery,
    page: MeiliHit[],
  ): Promise<MeiliHit[]> {
    const lowest = page.at(-1)?._rankingScore;
    if (lowest === undefined) return page;
    const { page: _page, hitsPerPage: _hits, facets: _facets, ...rest } = params;
    void [_page, _hits, _facets];
    const uid = this.uid(index);
    const window: SearchResponse<AnyDoc> = await this.call(`search in ${uid}`, () =>
      this.client.index<AnyDoc>(uid).search(text, {
        ...rest,
        offset: 0,
        limit: searchSettings[index].pagination.maxTotalHits,
        rankingScoreThreshold: Math.max(0, lowest - 1e-6),
      }),
    );
    const near = checked.near;
    const key = (hit: MeiliHit) => Math.round((hit._rankingScore ?? 0) * 1e6);
    const distance = (hit: MeiliHit) =>
      near && hit._geo ? distanceKm(near, { lat: hit._geo.lat, lon: hit._geo.lng }) : Infinity;
    return window.hits
      .map((hit, i) => ({ hit, score: key(hit), km: distance(hit), i }))
      .sort((a, b) => b.score - a.score || a.km - b.km || a.i - b.i)
      .slice(checked.offset, checked.offset + checked.limit)
      .map((x) => x.hit);
  }

  private toHit(index: IndexName, hit: MeiliHit, checked: CheckedQuery): SearchHit<AnyDoc> {
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
