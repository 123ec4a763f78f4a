/** The embedded engine's ordering: the top k of a candidate list must be the head of a full sort. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CLAUSE_SCORE } from "@markedsdialog/core/search/embedded/match";
import { comparator, topK } from "@markedsdialog/core/search/embedded/rank";
import { randomSource } from "./random";

const fullSort = (n: number, k: number, cmp: (a: number, b: number) => number): number[] =>
  Array.from({ length: n }, (_, i) => i)
    .sort(cmp)
    .slice(0, k);

describe("top k", () => {
  it("when scores are random, then the top k equals the head of a full sort, for small and large lists", () => {
    const random = randomSource(7);
    for (const n of [0, 1, 5, 1999, 2000, 5000, 20_000]) {
      const score = Array.from({ length: n }, () => random.next());
      const cmp = (a: number, b: number): number => (score[b] ?? 0) - (score[a] ?? 0) || a - b;
      for (const k of [0, 1, 3, 20, 100, 499, 500, 501, n, n + 10]) {
        assert.deepEqual(topK(n, k, cmp), fullSort(n, k, cmp), `n ${n}, k ${k}`);
      }
    }
  });

  it("when many candidates tie, then the top k holds the same values in the same order as a full sort", () => {
    const random = randomSource(8);
    for (const n of [50, 3000, 30_000]) {
      const score = Array.from({ length: n }, () => random.int(4)); // four distinct values: ties everywhere
      const cmp = (a: number, b: number): number => (score[b] ?? 0) - (score[a] ?? 0);
      for (const k of [1, 10, 200, 2500]) {
        const top = topK(n, k, cmp).map((i) => score[i]);
        assert.deepEqual(
          top,
          fullSort(n, k, cmp).map((i) => score[i]),
          `n ${n}, k ${k}`,
        );
        assert.equal(new Set(topK(n, k, cmp)).size, Math.min(k, n), "no candidate twice");
      }
    }
  });

  it("when ties are broken by insertion order, as the engine's comparators do, then the top k is exactly the full sort's", () => {
    const random = randomSource(9);
    const n = 10_000;
    const ids = Array.from({ length: n }, (_, i) => n - i); // positions and internal ids in opposite orders
    const scores = ids.map(() => CLAUSE_SCORE * random.int(3) + random.int(5));
    const candidates = { ids, score: (id: number) => scores[n - id] ?? 0 };
    const distance = Float64Array.from(ids, () => (random.int(10) === 0 ? Infinity : random.int(50)));
    const value = ids.map(() => (random.int(8) === 0 ? undefined : random.int(30)));
    const sorts = [
      comparator({ kind: "relevance" }, candidates),
      comparator({ kind: "relevance" }, { ...candidates, distance }),
      comparator({ kind: "distance" }, { ...candidates, distance }),
      comparator({ kind: "field", field: "x", direction: "asc" }, { ...candidates, value }),
      comparator({ kind: "field", field: "x", direction: "desc" }, { ...candidates, value }),
    ];
    for (const cmp of sorts) {
      for (const k of [1, 20, 1000]) assert.deepEqual(topK(n, k, cmp), fullSort(n, k, cmp));
    }
  });

  it("when sorted by a field or by distance, then documents without a value or a place come last either way", () => {
    const ids = [10, 11, 12, 13];
    const score = (): number => 0;
    const value = [3, undefined, 1, 2];
    const asc = comparator({ kind: "field", field: "x", direction: "asc" }, { ids, score, value });
    const desc = comparator({ kind: "field", field: "x", direction: "desc" }, { ids, score, value });
    assert.deepEqual(topK(4, 4, asc), [2, 3, 0, 1]);
    assert.deepEqual(topK(4, 4, desc), [0, 3, 2, 1]);
    const distance = Float64Array.from([5, Infinity, 0.5, 5]);
    assert.deepEqual(topK(4, 4, comparator({ kind: "distance" }, { ids, score, distance })), [2, 0, 3, 1]);
  });
});
