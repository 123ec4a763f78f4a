/**
 * The placing phases after the locked meetings: the selection's meetings round by round with substitutes,
 * then filling up fairly, then fairness repairs that may give up a better-served supplier's meeting.
 */
import type { Grid } from "./grid";
import { meetable } from "./instance";
import type { InsertRules, Placer } from "./place";

/** Chains for the selected meetings and the fill: moves up to three deep. */
export const NORMAL: InsertRules = { depth: 3, budget: 600, dropFrom: Infinity };
/** Only what fits as things stand. */
export const DIRECT: InsertRules = { depth: 0, budget: 0, dropFrom: Infinity };

export interface Phases {
  grid: Grid;
  placer: Placer;
  /** Higher first: the order a supplier's requests are tried in. */
  priority: (req: number) => number;
}

/**
 * Round k places the suppliers' k-th selected meetings, the most tied first; a supplier whose meeting did
 * not fit then gets the first of its other requests that does (after the whole round, so a substitute does
 * not take a buyer's time another supplier's selected meeting of the same round needed).
 */
export function placeRounds({ grid, placer, priority }: Phases, rounds: number[][]): void {
  const byPriority = (a: number, b: number) => priority(b) - priority(a) || a - b;
  for (const round of rounds) {
    const failed: number[] = [];
    const ordered = [...round].sort((a, b) => slotsOf(grid, a) - slotsOf(grid, b) || byPriority(a, b));
    for (const req of ordered) {
      if (grid.slotOf[req]! >= 0) continue;
      if (placer.insert(req, NORMAL)) grid.commit();
      else failed.push(req);
    }
    for (const req of failed)
      for (const m of placer.requestsOf(grid.inst.requests[req]!.supplier))
        if (m !== req && grid.slotOf[m]! < 0 && placer.insert(m, NORMAL)) {
          grid.commit();
          break;
        }
  }
}

/**
 * Fills up by levels: requests of suppliers with the fewest meetings first (0, then 1, …), each level in
 * priority order, so nobody gets a (c + 2)-th meeting in a sweep before every supplier at c was tried;
 * sweeps again until one adds nothing. Returns the meetings added.
 */
export function fillUp({ grid, placer, priority }: Phases, rules: InsertRules): number {
  let added = 0;
  for (let sweep = 0; sweep < 10; sweep++) {
    const pending = unplaced(grid).sort((a, b) => priority(b) - priority(a) || a - b);
    let addedNow = 0;
    const top = pending.reduce((most, m) => Math.max(most, grid.asSupplier[grid.inst.requests[m]!.supplier]!), 0);
    for (let level = 0; level <= top + 1; level++)
      for (const m of pending) {
        const r = grid.inst.requests[m]!;
        if (grid.slotOf[m]! >= 0 || grid.asSupplier[r.supplier] !== level) continue;
        if (placer.insert(m, rules)) {
          grid.commit();
          addedNow++;
        }
      }
    added += addedNow;
    if (addedNow === 0) break;
  }
  return added;
}

/**
 * Fairness repairs: a supplier with c meetings takes one of its requests where the meetings in the way
 * (in its slots, or at a buyer at its maximum) may be given up if their supplier keeps at least c + 1. Each
 * success makes the profile lexicographically better.
 * Returns how many succeeded; what was given up is left for the next fill.
 */
export function repairFairness({ grid, placer, priority }: Phases): number {
  let repaired = 0;
  const count = grid.inst.requests.map((r) => grid.asSupplier[r.supplier]!);
  const pending = unplaced(grid).sort((a, b) => count[a]! - count[b]! || priority(b) - priority(a) || a - b);
  let most = Math.max(0, ...grid.asSupplier);
  for (const m of pending) {
    const r = grid.inst.requests[m]!;
    const c = grid.asSupplier[r.supplier]!;
    if (grid.slotOf[m]! >= 0 || grid.meetings[r.supplier]! >= grid.inst.orgs[r.supplier]!.max) continue;
    if (most < c + 2) continue;
    if (placer.insert(m, { depth: 3, budget: 600, dropFrom: c + 1 })) {
      grid.commit();
      repaired++;
      most = Math.max(0, ...grid.asSupplier);
    }
  }
  return repaired;
}

export const unplaced = (grid: Grid): number[] =>
  grid.inst.requests.flatMap((r, i) => (grid.slotOf[i]! < 0 && meetable(r) ? [i] : []));

const slotsOf = (grid: Grid, req: number) => grid.inst.requests[req]!.slots.length;
