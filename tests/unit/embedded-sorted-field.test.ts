/**
 * The embedded engine's kept sort orders: walking one must give exactly the order ranking every candidate
 * gives (rank.ts), through inserts and removals, and a sorted list from the engine must equal a brute-force
 * sort of the documents it holds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EmbeddedSearchEngine } from "@markedsdialog/core/search/embedded/engine";
import { comparator, topK } from "@markedsdialog/core/search/embedded/rank";
import { SortedField, type SortValue } from "@markedsdialog/core/search/embedded/sorted-field";
import type { NeedSearchDoc } from "@markedsdialog/core/search/types";
import { needs } from "../search-fixtures";
import { randomSource } from "./random";

/** The order rank.ts gives a field sort over these ids (ascending internal ids, as the engine keeps them). */
function ranked(values: Map<number, SortValue | undefined>, direction: "asc" | "desc"): number[] {
  const ids = [...values.keys()].sort((a, b) => a - b);
  const cmp = comparator(
    { kind: "field", field: "f", direction },
    { ids, score: () => 0, value: ids.map((id) => values.get(id)) },
  );
  return topK(ids.length, ids.length, cmp).map((position) => ids[position] ?? -1);
}

function walked(field: SortedField, direction: "asc" | "desc", limit = Infinity): number[] {
  const out: number[] = [];
  field.walk(direction, (id) => {
    out.push(id);
    return out.length < limit;
  });
  return out;
}

describe("kept sort order", () => {
  for (const kind of ["numbers", "strings"] as const) {
    it(`when ${kind} with ties and gaps are added and removed, then walking equals ranking in both directions`, () => {
      const random = randomSource(kind === "numbers" ? 11 : 12);
      const words = ["Ås", "Aas", "Øya", "Ærfugl", "ski", "Ski", "bergen", "Zebra", "åpen", "oslo"];
      const value = (): SortValue | undefined =>
        random.int(8) === 0 ? undefined : kind === "numbers" ? random.int(30) : words[random.int(words.length)];
      const field = new SortedField();
      const reference = new Map<number, SortValue | undefined>();
      for (let step = 0; step < 3000; step++) {
        const id = random.int(800);
        if (reference.has(id)) {
          field.delete(id, reference.get(id));
          reference.delete(id);
        } else {
          const v = value();
          field.add(id, v);
          reference.set(id, v);
        }
        if (step % 500 === 499) {
          for (const direction of ["asc", "desc"] as const)
            assert.deepEqual(walked(field, direction), ranked(reference, direction), `${direction} at step ${step}`);
        }
      }
      assert.equal(field.size, reference.size);
      const built = SortedField.of([...reference]);
      for (const direction of ["asc", "desc"] as const) {
        assert.deepEqual(walked(built, direction), ranked(reference, direction), `built at once, ${direction}`);
        assert.deepEqual(walked(built, direction, 25), ranked(reference, direction).slice(0, 25), "stops early");
      }
    });
  }
});

describe("sorted lists from the embedded engine", () => {
  it("when thousands of needs are listed newest first, page by page and filtered, then each page equals a brute-force sort", async () => {
    const random = randomSource(21);
    const template = needs[0] as NeedSearchDoc;
    const statuses = ["published", "in_dialogue", "tender_announced"];
    const stamps = new Set<number>();
    const uniqueStamp = (): number => {
      for (;;) {
        const t = 1_700_000_000_000 + random.int(1e9);
        if (!stamps.has(t)) return (stamps.add(t), t);
      }
    };
    const docs = new Map<string, NeedSearchDoc>();
    for (let i = 0; i < 9000; i++) {
      const id = `n${i}`;
      docs.set(id, { ...template, id, status: statuses[random.int(3)] ?? "published", publishedAt: uniqueStamp() });
    }
    const engine = new EmbeddedSearchEngine();
    await engine.upsert("needs", [...docs.values()]);
    // Changes after the order was first used: removals, re-published needs, new ones.
    await engine.search("needs", { sort: { field: "publishedAt", direction: "desc" } });
    const removed = [...docs.keys()].filter(() => random.int(10) === 0);
    await engine.remove("needs", removed);
    removed.forEach((id) => docs.delete(id));
    const changed = [...docs.values()]
      .filter(() => random.int(10) === 0)
      .map((doc) => ({ ...doc, publishedAt: uniqueStamp() }));
    const added = Array.from({ length: 500 }, (_, i) => ({ ...template, id: `m${i}`, publishedAt: uniqueStamp() }));
    await engine.upsert("needs", [...changed, ...added]);
    [...changed, ...added].forEach((doc) => docs.set(doc.id, doc));

    for (const direction of ["desc", "asc"] as const) {
      for (const status of [undefined, "in_dialogue"]) {
        const expected = [...docs.values()]
          .filter((doc) => !status || doc.status === status)
          .sort((a, b) => (direction === "desc" ? b.publishedAt - a.publishedAt : a.publishedAt - b.publishedAt))
          .map((doc) => doc.id);
        for (const page of [1, 2, 50]) {
          const result = await engine.search("needs", {
            sort: { field: "publishedAt", direction },
            filters: status ? [{ field: "status", op: "eq", value: status }] : [],
            page,
            limit: 20,
          });
          assert.equal(result.total, expected.length, `total, ${direction} ${status ?? "all"}`);
          assert.deepEqual(
            result.hits.map((hit) => hit.document.id),
            expected.slice((page - 1) * 20, page * 20),
            `${direction}, status ${status ?? "all"}, page ${page}`,
          );
        }
      }
    }
  });
});
