/**
 * Better-ranked meetings, once the profile is settled: a placed meeting gives way to an unplaced request
 * ranked higher (both sides' ranks summed), placed by short chains, and the change is kept only if the
 * profile of suppliers with at least 1, 2, … meetings is no worse and the schedule's total weight went up.
 * The candidates: the same supplier's other requests (its count stays) and the same buyer's whose supplier
 * has one meeting fewer than the leaving one's (the two counts trade places, so the profile stays); if there
 * are none, a few such requests of other buyers able to use the slot. Locked meetings and meetings still at
 * their published place stay (a chain that moves one is undone). Stops once the weight reaches `target` (the
 * selection's, which had time left aside).
 */
import type { Phases } from "./fill";
import { unplaced } from "./fill";
import { compareProfiles, profileOf } from "./exchange";
import type { InsertRules } from "./place";

const SHORT: InsertRules = { depth: 3, budget: 400, dropFrom: Infinity };
const CANDIDATES = 6;
/** Else, requests of other buyers able to use the slot. */
const SLOT_CANDIDATES = 4;
/** How far down the unplaced requests (highest ranked first) to look for ones able to use the slot. */
const SCAN = 400;

export function upgrade(
  { grid, placer, priority }: Phases,
  movable: (req: number) => boolean,
  target: number,
  maxPasses = 2,
): number {
  const { requests } = grid.inst;
  let upgraded = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const before = upgraded;
    const pending = unplaced(grid).sort((a, b) => priority(b) - priority(a) || a - b);
    const [bySupplier, byBuyer] = [new Map<number, number[]>(), new Map<number, number[]>()];
    for (const q of pending) {
      const { supplier, buyer } = requests[q]!;
      bySupplier.set(supplier, [...(bySupplier.get(supplier) ?? []), q]);
      byBuyer.set(buyer, [...(byBuyer.get(buyer) ?? []), q]);
    }
    const placed = [...grid.slotOf.keys()].filter((m) => grid.slotOf[m]! >= 0 && movable(m));
    placed.sort((a, b) => requests[a]!.weight - requests[b]!.weight || a - b);
    for (const out of placed) {
      if (grid.weight >= target) return upgraded;
      const slot = grid.slotOf[out]!;
      const r = requests[out]!;
      if (slot < 0 || !movable(out)) continue;
      const count = grid.asSupplier[r.supplier]!;
      const fits = (q: number) => {
        const c = requests[q]!;
        if (grid.slotOf[q]! >= 0 || c.weight <= r.weight) return false;
        if (c.supplier === r.supplier) return true;
        return grid.asSupplier[c.supplier]! + 1 === count;
      };
      const same = (bySupplier.get(r.supplier) ?? []).filter(fits);
      const byThisBuyer = (byBuyer.get(r.buyer) ?? []).filter((q) => requests[q]!.supplier !== r.supplier && fits(q));
      const usingSlot = (q: number) => requests[q]!.buyer !== r.buyer && requests[q]!.slots.includes(slot) && fits(q);
      const others = same.length + byThisBuyer.length > 0 ? byThisBuyer : firstOf(pending, usingSlot, SLOT_CANDIDATES);
      for (const q of [...same, ...others].slice(0, CANDIDATES)) {
        const [profile, weight, mark] = [profileOf(grid), grid.weight, grid.mark()];
        grid.remove(out);
        const placed = placer.insert(q, SHORT) !== undefined && !grid.disturbedPreviousSince(mark);
        if (placed && grid.weight > weight && compareProfiles(profileOf(grid), profile) >= 0) {
          grid.commit();
          upgraded++;
          break;
        }
        grid.undo(mark);
      }
    }
    if (upgraded === before) break;
  }
  return upgraded;
}

/** The first `limit` items of the first SCAN that `keep` keeps. */
function firstOf(list: readonly number[], keep: (m: number) => boolean, limit: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(list.length, SCAN) && out.length < limit; i++) if (keep(list[i]!)) out.push(list[i]!);
  return out;
}
