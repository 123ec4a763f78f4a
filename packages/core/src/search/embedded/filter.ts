/**
 * Checked filters evaluated on the embedded index: string and boolean fields read the document sets of
 * Orama's enum (Flat) and boolean trees in place, numbers read the stored documents, the radius the geo grid.
 * Orama's own `where` copies every matching set several times over (and its geo tree visits every point),
 * which cost more than the whole text search at 100k documents.
 */
import type { CheckedFilter } from "../filters";
import type { GeoGrid } from "./geo-grid";

type Visit = (visit: (id: number) => void) => void;

export interface Restriction {
  /** Whether a document passes every filter. */
  test: (id: number) => boolean;
  /** Visits the ids of the most selective indexed filter, to enumerate when no text narrows the search. */
  seed?: Visit;
}

interface Condition {
  has: (id: number) => boolean;
  size: number; // Infinity when the condition cannot list its ids
  ids?: Visit;
}

export interface FilterSource {
  /** The ids holding a value of an indexed (string or boolean) filter field; undefined for other fields. */
  postings(field: string): ((value: string | number | boolean) => ReadonlySet<number>) | undefined;
  doc(id: number): Record<string, unknown> | undefined;
  grid: GeoGrid;
}

const EMPTY: ReadonlySet<number> = new Set<number>();

function union(sets: ReadonlySet<number>[], disjoint: boolean): Visit {
  return (visit) => {
    const seen = disjoint ? undefined : new Set<number>();
    for (const set of sets) {
      set.forEach((id) => {
        if (seen) {
          if (seen.has(id)) return;
          seen.add(id);
        }
        visit(id);
      });
    }
  };
}

function condition(filter: CheckedFilter, source: FilterSource): Condition {
  if (filter.op === "gte" || filter.op === "lte") {
    const bound = filter.value;
    const field = filter.field;
    const has = (id: number): boolean => {
      const v = source.doc(id)?.[field];
      return typeof v === "number" && (filter.op === "gte" ? v >= bound : v <= bound);
    };
    return { has, size: Infinity };
  }
  const values: (string | number | boolean)[] =
    filter.op === "eq" ? [filter.value] : filter.op === "in" ? filter.values : [];
  const postings = source.postings(filter.field);
  if (postings) {
    const sets = [...new Set(values)].map((v) => postings(v)).filter((s) => s.size > 0);
    if (sets.length <= 1) {
      const set = sets[0] ?? EMPTY;
      return { has: (id) => set.has(id), size: set.size, ids: union([set], true) };
    }
    const size = sets.reduce((n, s) => n + s.size, 0);
    return { has: (id) => sets.some((s) => s.has(id)), size, ids: union(sets, filter.type !== "string[]") };
  }
  // A number field compared for equality or membership.
  const wanted = new Set<unknown>(values);
  return { has: (id) => wanted.has(source.doc(id)?.[filter.field]), size: Infinity };
}

/** Documents within `radiusKm` of a point, listed from the grid cells around it. */
function radius(near: { lat: number; lon: number; radiusKm: number }, grid: GeoGrid): Condition {
  const { has, cells } = grid.radius(near, near.radiusKm);
  return { has, size: cells.reduce((n, c) => n + c.size, 0), ids: union(cells, true) };
}

export function restrict(
  filters: CheckedFilter[],
  near: { lat: number; lon: number; radiusKm?: number } | undefined,
  source: FilterSource,
): Restriction | undefined {
  const conditions = filters.map((f) => condition(f, source));
  if (near?.radiusKm !== undefined) conditions.push(radius({ ...near, radiusKm: near.radiusKm }, source.grid));
  if (conditions.length === 0) return undefined;
  conditions.sort((a, b) => a.size - b.size);
  const [first] = conditions;
  const test =
    conditions.length === 1 && first
      ? first.has
      : (id: number): boolean => {
          for (const c of conditions) if (!c.has(id)) return false;
          return true;
        };
  return { test, ...(first?.ids && { seed: first.ids }) };
}
