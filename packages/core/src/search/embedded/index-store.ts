/**
 * One index of the embedded engine: an Orama 3 database holding a lean copy of each document (its text
 * fields in radix trees, its string and boolean filter fields in enum and boolean trees), the full
 * documents by internal id, and their places in a geo grid. Matching is in match.ts, filters in
 * filter.ts; Orama's own search is not used (see those files for why).
 */
import { components, create, insert, remove, type AnyOrama, type SearchableType } from "@orama/orama";
import type { FieldType, IndexSettings } from "@markedsdialog/search-config";
import type { Analyzer, Clause } from "./analysis";
import { restrict, type Restriction } from "./filter";
import { SortedField, sortValue } from "./sorted-field";
import { GeoGrid } from "./geo-grid";
import type { CheckedFilter } from "../filters";
import { latLon } from "../geo-point";
import type { GeoPoint } from "../types";
import { Matcher, ScorePool, type Scores, type SearchField } from "./match";
import { internalId, postingsOf, propertyTree, radixRoot } from "./orama";

type Doc = { id: string; version: number; _geo?: GeoPoint } & Record<string, unknown>;
/** Filter fields Orama indexes; numbers and places are compared on the stored document instead. */
const FILTER_TYPES: Partial<Record<FieldType, SearchableType>> = {
  string: "enum",
  "string[]": "enum[]",
  boolean: "boolean",
};

/** Orama's index without its BM25 bookkeeping (per-document term frequencies): ranking here does not use it. */
function leanIndexComponent(): ReturnType<typeof components.index.createIndex> {
  const noop = (): void => undefined;
  return {
    ...components.index.createIndex(),
    insertDocumentScoreParameters: noop,
    insertTokenScoreParameters: noop,
    removeDocumentScoreParameters: noop,
    removeTokenScoreParameters: noop,
  };
}

/** Orama answers synchronously when no component or hook is async, as here; a promise would mean a broken setup. */
function sync<T>(result: T | Promise<T>): T {
  if (result instanceof Promise) throw new Error("Orama returned a promise: an async component was configured");
  return result;
}

export class EmbeddedIndex {
  private db: AnyOrama;
  private readonly docs = new Map<string, Doc>();
  private byInternal: (Doc | undefined)[] = [];
  private grid = new GeoGrid();
  private liveIds: number[] | undefined; // cache for browsing everything, dropped on every change
  /** Sortable fields kept in order, built on first use and maintained on every change after that. */
  private readonly sorted = new Map<string, SortedField>();
  private readonly pool = new ScorePool();
  private readonly searchable: { field: string; weight: number; typos: boolean }[];
  private readonly filterable: string[];

  constructor(
    readonly settings: IndexSettings,
    private readonly analyzer: Analyzer,
  ) {
    const text = settings.searchableAttributes.filter(
      (f) => settings.fields[f] === "string" || settings.fields[f] === "string[]",
    );
    this.searchable = text.map((field, i) => ({
      field,
      weight: 1 - i / text.length,
      typos: !settings.typoTolerance.disableOnAttributes.includes(field),
    }));
    this.filterable = settings.filterableAttributes.filter(
      (f) => FILTER_TYPES[settings.fields[f] ?? "geo"] !== undefined,
    );
    this.db = this.createDb();
  }

  private createDb(): AnyOrama {
    const schema: Record<string, SearchableType> = {};
    for (const { field } of this.searchable)
      schema[`t_${field}`] = this.settings.fields[field] === "string[]" ? "string[]" : "string";
    for (const field of this.filterable)
      schema[`f_${field}`] = FILTER_TYPES[this.settings.fields[field] ?? "string"] ?? "enum";
    return create({
      schema,
      sort: { enabled: false },
      components: { tokenizer: this.analyzer.tokenizer(), index: leanIndexComponent() },
    }) as unknown as AnyOrama;
  }

  private lean(doc: Doc): Record<string, unknown> {
    const out: Record<string, unknown> = { id: doc.id };
    for (const { field } of this.searchable) if (doc[field] != null) out[`t_${field}`] = doc[field];
    for (const field of this.filterable) if (doc[field] != null) out[`f_${field}`] = doc[field];
    return out;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Replaces documents with the same id; within one call the last copy of an id wins. Synchronous per batch. */
  upsertBatch(batch: Doc[]): void {
    const unique = [...new Map(batch.map((d) => [d.id, d])).values()];
    const existing = unique.filter((d) => this.docs.has(d.id)).map((d) => d.id);
    this.liveIds = undefined;
    for (const id of existing) {
      const internal = internalId(this.db, id) ?? -1;
      this.unsort(internal, this.docs.get(id));
      this.grid.delete(internal);
      sync(remove(this.db, id));
      this.docs.delete(id);
    }
    for (const doc of unique) {
      sync(insert(this.db, this.lean(doc) as never)); // throws on a document that does not fit the schema
      this.docs.set(doc.id, doc);
      const internal = internalId(this.db, doc.id);
      if (internal === undefined) continue;
      this.byInternal[internal] = doc;
      this.grid.add(internal, doc._geo && latLon(doc._geo));
      for (const [field, order] of this.sorted) order.add(internal, sortValue(doc[field]));
    }
  }

  private unsort(internal: number, doc: Doc | undefined): void {
    if (doc) for (const [field, order] of this.sorted) order.delete(internal, sortValue(doc[field]));
  }

  removeBatch(ids: string[]): void {
    const present = ids.filter((id) => this.docs.has(id));
    if (present.length === 0) return;
    for (const id of present) {
      const i = internalId(this.db, id);
      sync(remove(this.db, id));
      if (i !== undefined) {
        this.unsort(i, this.docs.get(id));
        this.grid.delete(i);
        this.byInternal[i] = undefined;
      }
      this.docs.delete(id);
    }
    this.liveIds = undefined;
  }

  clear(): void {
    this.docs.clear();
    this.byInternal = [];
    this.grid = new GeoGrid();
    this.liveIds = undefined;
    this.sorted.clear();
    this.db = this.createDb();
  }

  get(id: string): Doc | undefined {
    return this.docs.get(id);
  }

  all(): IterableIterator<Doc> {
    return this.docs.values();
  }

  doc(internalId: number): Doc | undefined {
    return this.byInternal[internalId];
  }

  /** Kilometres from the point to the document's place; Infinity without one. */
  distance(internalId: number, point: { lat: number; lon: number }): number {
    return this.grid.distance(internalId, point);
  }

  /** Every live internal id, ascending. */
  allIds(): number[] {
    if (!this.liveIds) {
      const out: number[] = [];
      for (let i = 0; i < this.byInternal.length; i++) if (this.byInternal[i] !== undefined) out.push(i);
      this.liveIds = out;
    }
    return this.liveIds;
  }

  /** The filters and radius as a test on internal ids; undefined when nothing restricts. */
  filter(filters: CheckedFilter[], near?: { lat: number; lon: number; radiusKm?: number }): Restriction | undefined {
    return restrict(filters, near, {
      postings: (field) => postingsOf(propertyTree(this.db, `f_${field}`)),
      doc: (id) => this.byInternal[id],
      grid: this.grid,
    });
  }

  /** Ids passing the restriction when no text narrows the search (any order: ranking breaks ties by id). */
  browse(restriction: Restriction | undefined): number[] {
    if (!restriction) return this.allIds();
    const out: number[] = [];
    const visit = (id: number): void => {
      if (this.byInternal[id] !== undefined && restriction.test(id)) out.push(id);
    };
    if (restriction.seed) restriction.seed(visit);
    else this.allIds().forEach(visit);
    return out;
  }

  /** Whether `sortedIds` can order by this field. */
  sortable(field: string): boolean {
    return field !== "_geo" && this.settings.sortableAttributes.includes(field as never);
  }

  /**
   * The first `end` ids passing the restriction in the order of a sortable field: the walk stops at `end`,
   * so a first page costs about the page, not the index (worth it when many documents pass).
   */
  sortedIds(field: string, direction: "asc" | "desc", restriction: Restriction | undefined, end: number): number[] {
    const ids: number[] = [];
    if (end <= 0) return ids;
    this.sortedField(field).walk(direction, (id) => {
      if (!restriction || restriction.test(id)) ids.push(id);
      return ids.length < end;
    });
    return ids;
  }

  private sortedField(field: string): SortedField {
    let order = this.sorted.get(field);
    if (!order) {
      order = SortedField.of(this.allIds().map((id) => [id, sortValue(this.byInternal[id]?.[field])]));
      this.sorted.set(field, order);
    }
    return order;
  }

  /** Documents matching every clause (see match.ts); release the scores after use. */
  match(clauses: Clause[], allowed: ((id: number) => boolean) | undefined, matched: Set<string>): Scores {
    const fields: SearchField[] = [];
    for (const { field, weight, typos } of this.searchable) {
      const root = radixRoot(propertyTree(this.db, `t_${field}`));
      if (root) fields.push({ root, weight, typos });
    }
    return new Matcher(fields, Math.max(1, this.docs.size), this.byInternal.length, this.pool).match(
      clauses,
      allowed,
      matched,
    );
  }

  release(scores: Scores): void {
    this.pool.release(scores);
  }
}
