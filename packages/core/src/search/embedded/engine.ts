/**
 * The search engine without Meilisearch: Orama 3 in the API process, configured from the same settings
 * files (search-config). Used in development, tests and small deployments; 100,000 suppliers fit.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { searchSettings, type IndexSettings } from "@markedsdialog/search-config";
import { Analyzer } from "./analysis";
import { EmbeddedIndex } from "./index-store";
import { checkQuery, displayed, highlightFields, HIGHLIGHT_JOIN, type CheckedQuery } from "../query";
import type { Restriction } from "./filter";
import type { Scores } from "./match";
import { comparator, countFacets, topK, type Candidates } from "./rank";
import { sortValue } from "./sorted-field";
import type { DocOf, IndexName, SearchEngine, SearchHit, SearchQuery, SearchResult } from "../types";

/** Documents indexed per synchronous step; searches run between steps. */
const BATCH = 1000;
/** Up to this many candidates, ranking them all is as cheap as walking a kept order. */
const RANK_ALL = 2000;

type AnyDoc = DocOf[IndexName];

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = "embedded" as const;
  private readonly analyzers: Record<IndexName, Analyzer>;
  private readonly indexes: Record<IndexName, EmbeddedIndex>;
  private distances = new Float64Array(1024);

  constructor() {
    const analyzer = (s: IndexSettings): Analyzer => new Analyzer(s);
    this.analyzers = { suppliers: analyzer(searchSettings.suppliers), needs: analyzer(searchSettings.needs) };
    this.indexes = {
      suppliers: new EmbeddedIndex(searchSettings.suppliers, this.analyzers.suppliers),
      needs: new EmbeddedIndex(searchSettings.needs, this.analyzers.needs),
    };
  }

  /** The indexes are built from the settings when the engine is created; nothing to wait for. */
  async applySettings(): Promise<void> {}

  async upsert<I extends IndexName>(index: I, docs: DocOf[I][]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      this.indexes[index].upsertBatch(docs.slice(i, i + BATCH) as never[]);
      if (i + BATCH < docs.length) await yieldToEventLoop();
    }
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      this.indexes[index].removeBatch(ids.slice(i, i + BATCH));
      if (i + BATCH < ids.length) await yieldToEventLoop();
    }
  }

  async get<I extends IndexName>(index: I, id: string): Promise<DocOf[I] | undefined> {
    const doc = this.indexes[index].get(id);
    return doc && (displayed(this.indexes[index].settings, doc, "document") as unknown as DocOf[I]);
  }

  async getMany<I extends IndexName>(index: I, ids: string[]): Promise<DocOf[I][]> {
    const docs: DocOf[I][] = [];
    for (const id of ids) {
      const doc = await this.get(index, id);
      if (doc) docs.push(doc);
    }
    return docs;
  }

  async versions(index: IndexName): Promise<Map<string, number>> {
    return new Map([...this.indexes[index].all()].map((doc) => [doc.id, doc.version]));
  }

  async clear(index: IndexName): Promise<void> {
    this.indexes[index].clear();
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}

  async search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocOf[I]>> {
    const started = performance.now();
    const idx = this.indexes[index];
    const settings = idx.settings;
    const checked = checkQuery(settings, query);
    const clauses = this.analyzers[index].parse(checked.q);
    const restriction = idx.filter(checked.filters, checked.near);
    const matched = new Set<string>();
    const scores = clauses.length > 0 ? idx.match(clauses, restriction?.test, matched) : undefined;
    const ids = scores ? scores.ids : idx.browse(restriction);

    const near = checked.near;
    const total = Math.min(ids.length, settings.pagination.maxTotalHits);
    const end = Math.min(checked.offset + checked.limit, total);
    const page = this.order(idx, checked, ids, scores, restriction, end).slice(checked.offset);
    const fields = highlightFields(settings);
    const hits = page.map((id): SearchHit<AnyDoc> => {
      const doc = idx.doc(id) as unknown as AnyDoc;
      const distance = near && doc._geo ? idx.distance(id, near) : undefined;
      return {
        document: displayed(settings, doc),
        highlights: clauses.length > 0 ? this.highlights(index, doc, fields, matched) : {},
        ...(distance !== undefined && { distanceKm: Math.round(distance * 1000) / 1000 }),
      };
    });
    const facets = this.facets(idx, ids, checked);
    if (scores) idx.release(scores);
    return {
      hits: hits as SearchHit<DocOf[I]>[],
      facets,
      total,
      page: checked.page,
      limit: checked.limit,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /** Internal ids of the first `end` results in the query's order. */
  private order(
    idx: EmbeddedIndex,
    checked: CheckedQuery,
    ids: number[],
    scores: Scores | undefined,
    restriction: Restriction | undefined,
    end: number,
  ): number[] {
    const { sort, near } = checked;
    const sortField = sort.kind === "field" ? sort.field : undefined;
    // Without text, a field sort over many documents walks the field's kept order instead of ranking them all.
    if (!scores && sort.kind === "field" && idx.sortable(sort.field) && ids.length > Math.max(RANK_ALL, 4 * end))
      return idx.sortedIds(sort.field, sort.direction, restriction, end);
    const candidates: Candidates = { ids, score: scores ? (id) => scores.s[id] ?? 0 : () => 0 };
    if (near && !sortField) {
      const distance = this.distanceBuffer(ids.length);
      ids.forEach((id, i) => (distance[i] = idx.distance(id, near)));
      candidates.distance = distance;
    }
    if (sortField) candidates.value = ids.map((id) => sortValue(idx.doc(id)?.[sortField]));
    return topK(ids.length, end, comparator(sort, candidates)).map((position) => ids[position] ?? -1);
  }

  /** A reused buffer for candidate distances (searches run one at a time). */
  private distanceBuffer(length: number): Float64Array {
    if (this.distances.length < length) this.distances = new Float64Array(Math.max(length, this.distances.length * 2));
    return this.distances;
  }

  private facets(idx: EmbeddedIndex, ids: number[], checked: CheckedQuery): Record<string, Record<string, number>> {
    if (checked.facets.length === 0) return {};
    const docs = ids.map((id) => idx.doc(id) as Record<string, unknown>);
    return countFacets(docs, checked.facets, idx.settings.faceting.maxValuesPerFacet);
  }

  private highlights(index: IndexName, doc: AnyDoc, fields: string[], matched: Set<string>): Record<string, string> {
    const out: Record<string, string> = {};
    const analyzer = this.analyzers[index];
    for (const field of fields) {
      const value = (doc as unknown as Record<string, unknown>)[field];
      if (typeof value === "string") {
        const marked = analyzer.highlight(value, matched);
        if (marked !== undefined) out[field] = marked;
      } else if (Array.isArray(value)) {
        const marked = value.flatMap((v) => (typeof v === "string" ? (analyzer.highlight(v, matched) ?? []) : []));
        if (marked.length > 0) out[field] = marked.join(HIGHLIGHT_JOIN);
      }
    }
    return out;
  }
}
