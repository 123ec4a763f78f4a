/**
 * Ordering and counting for the embedded engine: the sort orders both engines offer, the top of a large
 * candidate list without sorting all of it, and facet counts.
 */
import { CLAUSE_SCORE } from "./match";
import type { CheckedSort } from "../query";

/** Candidates as parallel arrays by position (no object per candidate: 100k of them are common). */
export interface Candidates {
  ids: number[]; // Orama internal ids: insertion order, the last tie-break
  score: (id: number) => number;
  distance?: Float64Array; // km by position, Infinity without a place
  value?: (string | number | undefined)[]; // the sort field's value by position
}

type Cmp = (a: number, b: number) => number;

/** Relevance within this share of the best score (for as many matched words) is a tie that distance decides ("local first"). */
const TIE_BUCKETS = 10;
const collator = new Intl.Collator("nb");

const chain =
  (...cmps: Cmp[]): Cmp =>
  (a, b) => {
    for (const cmp of cmps) {
      const c = cmp(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };

/** The order of candidate positions for a sort. */
export function comparator(sort: CheckedSort, c: Candidates): Cmp {
  const { ids, score, distance, value } = c;
  const byId: Cmp = (a, b) => (ids[a] ?? 0) - (ids[b] ?? 0);
  const byScore: Cmp = (a, b) => score(ids[b] ?? 0) - score(ids[a] ?? 0);
  const byDistance: Cmp = (a, b) => {
    const da = distance?.[a] ?? Infinity;
    const db = distance?.[b] ?? Infinity;
    return da === db ? 0 : da < db ? -1 : 1;
  };
  if (sort.kind === "distance") return chain(byDistance, byScore, byId);
  if (sort.kind === "field") {
    const sign = sort.direction === "asc" ? 1 : -1;
    const byValue: Cmp = (a, b) => {
      const va = value?.[a];
      const vb = value?.[b];
      if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
      return (
        sign * (typeof va === "number" && typeof vb === "number" ? va - vb : collator.compare(String(va), String(vb)))
      );
    };
    return chain(byValue, byScore, byId);
  }
  if (!distance) return chain(byScore, byId);
  // Scores are CLAUSE_SCORE × clauses matched + their quality: ties are judged among equal clause counts.
  const best: number[] = [];
  for (const id of ids) {
    const s = score(id);
    const depth = Math.floor(s / CLAUSE_SCORE);
    best[depth] = Math.max(best[depth] ?? 0, s - depth * CLAUSE_SCORE);
  }
  const bucket = (p: number): number => {
    const s = score(ids[p] ?? 0);
    const depth = Math.floor(s / CLAUSE_SCORE);
    const top = best[depth] ?? 0;
    return depth * (TIE_BUCKETS + 1) + (top > 0 ? Math.round(((s - depth * CLAUSE_SCORE) / top) * TIE_BUCKETS) : 0);
  };
  return chain((a, b) => bucket(b) - bucket(a), byDistance, byScore, byId);
}

/** The first `k` of positions 0..n-1 in `cmp` order; a bounded heap when k is small against n. */
export function topK(n: number, k: number, cmp: Cmp): number[] {
  if (k <= 0) return [];
  if (n <= 4 * k || n < 2000)
    return Array.from({ length: n }, (_, i) => i)
      .sort(cmp)
      .slice(0, k);
  // max-heap on cmp: the root is the worst of the best k so far
  const heap: number[] = [];
  const worse = (i: number, j: number): boolean => cmp(heap[i] ?? 0, heap[j] ?? 0) > 0;
  const swap = (i: number, j: number): void => {
    const t = heap[i] ?? 0;
    heap[i] = heap[j] ?? 0;
    heap[j] = t;
  };
  for (let item = 0; item < n; item++) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (cmp(item, heap[0] ?? 0) < 0) {
      heap[0] = item;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let w = i;
        if (l < heap.length && worse(l, w)) w = l;
        if (r < heap.length && worse(r, w)) w = r;
        if (w === i) break;
        swap(i, w);
        i = w;
      }
    }
  }
  return heap.sort(cmp);
}

/** Documents per value for each facet, the most frequent first (then alphabetical), at most `maxValues`. */
export function countFacets(
  docs: Iterable<Record<string, unknown>>,
  facets: string[],
  maxValues: number,
): Record<string, Record<string, number>> {
  const counts = facets.map(() => new Map<string, number>());
  for (const doc of docs) {
    facets.forEach((facet, i) => {
      const value = doc[facet];
      const map = counts[i] as Map<string, number>;
      if (Array.isArray(value)) {
        const seen = value.length > 1 ? new Set<string>() : undefined;
        for (const v of value) {
          const key = String(v);
          if (seen) {
            if (seen.has(key)) continue;
            seen.add(key);
          }
          map.set(key, (map.get(key) ?? 0) + 1);
        }
      } else if (value !== undefined && value !== null && typeof value !== "object") {
        const key = String(value);
        map.set(key, (map.get(key) ?? 0) + 1);
      }
    });
  }
  const out: Record<string, Record<string, number>> = {};
  facets.forEach((facet, i) => {
    const entries = [...(counts[i] as Map<string, number>)].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
    );
    out[facet] = Object.fromEntries(entries.slice(0, maxValues));
  });
  return out;
}
