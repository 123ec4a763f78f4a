/**
 * A complete search for small conferences: when the chains left part of the selection out (the schedule's
 * weight below the selection's), look for slots for the whole selection at once, depth first: the meeting
 * with the fewest slots left first (of equals, the one sharing participants with most others waiting),
 * its slots in the order that takes fewest slots from the others (seeded rotation among equals), a dead
 * end as soon as some meeting has none. The selection has the
 * fairest profile and, among such, the best ranks of any choice without time, so a schedule holding all of
 * it is optimal. Only up to MOST_MEETINGS meetings and NODES steps, so the cost stays small; locked meetings
 * stay where they are, and so do meetings still at their published place.
 */
import { Grid } from "./grid";
import type { Instance } from "./instance";

const MOST_MEETINGS = 200;
const NODES = 5_000;

/**
 * Puts the whole selection in place of the grid's meetings if the search finds slots for it and no
 * meeting at its published place would leave (for fewest moves); whether it did.
 */
export function placeSelection(grid: Grid, chosen: readonly number[]): boolean {
  const { requests } = grid.inst;
  const kept = (m: number) => grid.slotOf[m]! >= 0 && requests[m]!.previous?.slot === grid.slotOf[m];
  const inSelection = new Set(chosen);
  if (requests.some((r, m) => kept(m) && !r.locked && !inSelection.has(m))) return false;
  const slots = placeAll(grid.inst, chosen, kept);
  if (!slots) return false;
  for (let m = 0; m < requests.length; m++) if (grid.slotOf[m]! >= 0 && !requests[m]!.locked) grid.remove(m);
  for (const m of chosen) grid.place(m, slots[m]!);
  grid.commit();
  return true;
}

/** Each request's slot (−1 for the rest), or undefined if the search found none within its budget. */
function placeAll(inst: Instance, chosen: readonly number[], kept: (req: number) => boolean) {
  if (chosen.length > MOST_MEETINGS) return undefined;
  const grid = new Grid(inst);
  inst.requests.forEach((r, i) => r.locked && grid.place(i, r.locked.slot));
  for (const m of chosen) if (kept(m)) grid.place(m, inst.requests[m]!.previous!.slot);
  const pending = chosen.filter((m) => grid.slotOf[m]! < 0);
  // Meetings that share a participant: placing one takes a slot from the others.
  const near = new Map(
    pending.map((m) => {
      const r = inst.requests[m]!;
      const sharing = (q: number) => {
        const o = inst.requests[q]!;
        return q !== m && (o.buyer === r.buyer || o.supplier === r.supplier || o.buyer === r.supplier);
      };
      return [m, pending.filter(sharing)];
    }),
  );
  const open = (m: number) => inst.requests[m]!.slots.filter((t) => grid.fits(m, t));
  // Fewest slots taken from the meetings still waiting first: theirs, and all of the slot's if it fills up.
  const cost = (m: number, t: number) => {
    let taken = 0;
    for (const q of near.get(m)!) if (grid.slotOf[q]! < 0 && grid.fits(q, t)) taken++;
    if (grid.atSlot[t]!.length + 1 >= inst.tables.length)
      for (const q of pending) if (grid.slotOf[q]! < 0 && q !== m && grid.fits(q, t)) taken++;
    return taken;
  };
  const waiting = (m: number) => near.get(m)!.filter((q) => grid.slotOf[q]! < 0).length;
  let nodes = 0;
  const search = (): boolean => {
    if (++nodes > NODES) return false;
    let [next, options] = [-1, [] as number[]];
    for (const m of pending) {
      if (grid.slotOf[m]! >= 0) continue;
      const slots = open(m);
      if (slots.length === 0) return false;
      const better = slots.length < options.length || (slots.length === options.length && waiting(m) > waiting(next));
      if (next < 0 || better) [next, options] = [m, slots];
    }
    if (next < 0) return true;
    const costs = new Map(options.map((t) => [t, cost(next, t)]));
    const { rotation } = inst.requests[next]!;
    const turn = (t: number) => (t - rotation + inst.slots.length) % inst.slots.length;
    options.sort((a, b) => costs.get(a)! - costs.get(b)! || turn(a) - turn(b));
    for (const t of options) {
      grid.place(next, t);
      if (search()) return true;
      grid.remove(next);
      if (nodes > NODES) return false;
    }
    return false;
  };
  return search() ? grid.slotOf : undefined;
}
