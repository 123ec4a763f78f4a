/**
 * Better-ranked meetings, once the profile is settled: a placed meeting gives way to an unplaced request
 * ranked higher (both sides' ranks summed), placed by short chains, and the change is kept only if the
 * profile of suppliers with at least 1, 2, … meetings is no worse and the schedule's total weight went up.
 * The candidates: the same supplier's other requests (its count stays) and the same buyer's whose supplier
 * has one meeting fewer than the leaving one's (the two counts trade places, so the profile stays), not
 * those of another buyer at its maximum (making room there takes a chain that seldom closes: on issue 9's
 * instance (b), 12 successes in 1,600 tries). Requests of other buyers able to use the slot are not tried
 * either (2 successes in 10,000 tries). Locked meetings and meetings still at their published place stay (a chain that
 * moves one is undone). Stops once the weight reaches `target` (the selection's, which had time left aside).
 */
import type { Phases } from "./fill";
import { unplaced } from "./fill";
import type { InsertRules } from "./place";

const SHORT: InsertRules = { depth: 3, budget: 400, dropFrom: Infinity };
const CANDIDATES = 6;

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
        if (c.buyer !== r.buyer && grid.meetings[c.buyer]! >= grid.inst.orgs[c.buyer]!.max) return false;
        if (c.supplier === r.supplier) return true;
        return grid.asSupplier[c.supplier]! + 1 === count;
      };
      const same = (bySupplier.get(r.supplier) ?? []).filter(fits);
      const byThisBuyer = (byBuyer.get(r.buyer) ?? []).filter((q) => requests[q]!.supplier !== r.supplier && fits(q));
      for (const q of [...same, ...byThisBuyer].slice(0, CANDIDATES)) {
        const [weight, mark] = [grid.weight, grid.mark()];
        grid.remove(out);
        const placed = placer.insert(q, SHORT) !== undefined && !grid.disturbedPreviousSince(mark);
        if (placed && grid.weight > weight && grid.profileChangeSince(mark) >= 0) {
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
