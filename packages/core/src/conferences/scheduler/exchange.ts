/**
 * Exchanges, a last fairness search: take one meeting out, let the unplaced requests around it (same buyer,
 * same supplier, or able to use its slot; the least served suppliers first, at most NEIGHBOURS) take its
 * place with short chains, and keep the result only if the profile of suppliers with at least 1, 2, …
 * meetings got lexicographically better. This finds the trades the other phases miss, where one supplier
 * must lose its meeting so that two others gain (see the exhaustive comparison in the tests).
 */
import type { Phases } from "./fill";
import { unplaced } from "./fill";
import type { Grid } from "./grid";
import type { InsertRules } from "./place";
import { profileOfCounts } from "./select";

const SHORT: InsertRules = { depth: 2, budget: 60, dropFrom: Infinity };
const NEIGHBOURS = 40;

export function exchange({ grid, placer, priority }: Phases, maxPasses = 2): number {
  let exchanged = 0;
  const count = (m: number) => grid.asSupplier[grid.inst.requests[m]!.supplier]!;
  const fewestFirst = (a: number, b: number) => count(a) - count(b) || priority(b) - priority(a) || a - b;
  for (let pass = 0; pass < maxPasses; pass++) {
    const before = exchanged;
    const placed = [...grid.slotOf.keys()].filter((m) => grid.slotOf[m]! >= 0 && !grid.inst.requests[m]!.locked);
    placed.sort((a, b) => count(b) - count(a) || priority(a) - priority(b) || a - b);
    const pending = unplaced(grid).sort(fewestFirst);
    for (const out of placed) {
      const slot = grid.slotOf[out]!;
      if (slot < 0) continue;
      const r = grid.inst.requests[out]!;
      const around = (m: number) => {
        const q = grid.inst.requests[m]!;
        return (
          m !== out &&
          grid.slotOf[m]! < 0 &&
          (q.buyer === r.buyer || q.supplier === r.supplier || q.slots.includes(slot))
        );
      };
      const mark = grid.mark();
      grid.remove(out);
      let near = firstOf(pending, around, NEIGHBOURS);
      // A second round for what the first took out as substitutes: their suppliers need another place.
      for (let round = 0; round < 2 && near.length > 0; round++) {
        const roundMark = grid.mark();
        if (near.filter((m) => grid.slotOf[m]! < 0 && placer.insert(m, SHORT)).length === 0) break;
        near = firstOf(grid.removedSince(roundMark).sort(fewestFirst), around, NEIGHBOURS);
      }
      if (grid.profileChangeSince(mark) > 0) {
        grid.commit();
        exchanged++;
      } else grid.undo(mark);
    }
    if (exchanged === before) break;
  }
  return exchanged;
}

function firstOf(list: number[], keep: (m: number) => boolean, limit: number): number[] {
  const out: number[] = [];
  for (const m of list) if (out.length < limit && keep(m)) out.push(m);
  return out;
}

/** Suppliers with at least 1, 2, … meetings. */
export const profileOf = (grid: Grid): number[] => profileOfCounts(grid.asSupplier);

export function compareProfiles(a: number[], b: number[]): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++)
    if ((a[k] ?? 0) !== (b[k] ?? 0)) return (a[k] ?? 0) - (b[k] ?? 0);
  return 0;
}
