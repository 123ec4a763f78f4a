/**
 * Fewer idle gaps: after the meetings are placed, move single meetings to other slots, and swap the slots of
 * two meetings that share a participant, whenever that lowers the idle slots of the participants involved
 * (free slots between a participant's first and last meeting while it is available). Every move keeps
 * every constraint (availability, representatives, tables); locked meetings and meetings still at their
 * place in the previous schedule stay. Each accepted change lowers the total, so the passes end.
 */
import type { Grid } from "./grid";

export function idleSlots(grid: Grid, org: number): number {
  const available = grid.inst.orgs[org]!.available;
  let [idle, pending, started] = [0, 0, false];
  for (let t = 0; t < grid.slots; t++) {
    if (grid.at(org, t).length > 0) {
      if (started) idle += pending;
      [started, pending] = [true, 0];
    } else if (available[t]) pending++;
  }
  return idle;
}

export function totalIdle(grid: Grid): number {
  return grid.inst.orgs.reduce((sum, _, org) => sum + idleSlots(grid, org), 0);
}

export function compact(grid: Grid, movable: (req: number) => boolean, maxPasses = 20): void {
  const idleOf = (orgs: number[]) => [...new Set(orgs)].reduce((sum, o) => sum + idleSlots(grid, o), 0);
  const placed = () => [...grid.slotOf.keys()].filter((m) => grid.slotOf[m]! >= 0 && movable(m));
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (const m of placed()) improved = moveAlone(grid, m, idleOf) || improved;
    for (const [a, b] of pairsSharingAParticipant(grid, placed())) improved = swap(grid, a, b, idleOf) || improved;
    grid.commit();
    if (!improved) return;
  }
}

function moveAlone(grid: Grid, m: number, idleOf: (orgs: number[]) => number): boolean {
  const r = grid.inst.requests[m]!;
  const from = grid.slotOf[m]!;
  const before = idleOf([r.buyer, r.supplier]);
  let [best, bestIdle] = [from, before];
  grid.remove(m);
  for (const t of r.slots) {
    if (t === from || !grid.fits(m, t)) continue;
    grid.place(m, t);
    const idle = idleOf([r.buyer, r.supplier]);
    grid.remove(m);
    if (idle < bestIdle) [best, bestIdle] = [t, idle];
  }
  grid.place(m, best);
  return best !== from;
}

function swap(grid: Grid, a: number, b: number, idleOf: (orgs: number[]) => number): boolean {
  const [ra, rb] = [grid.inst.requests[a]!, grid.inst.requests[b]!];
  const [ta, tb] = [grid.slotOf[a]!, grid.slotOf[b]!];
  if (ta === tb || !ra.slots.includes(tb) || !rb.slots.includes(ta)) return false;
  const orgs = [ra.buyer, ra.supplier, rb.buyer, rb.supplier];
  const before = idleOf(orgs);
  const mark = grid.mark();
  grid.remove(a);
  grid.remove(b);
  if (grid.fits(a, tb)) {
    grid.place(a, tb);
    if (grid.fits(b, ta)) {
      grid.place(b, ta);
      if (idleOf(orgs) < before) return true;
    }
  }
  grid.undo(mark);
  return false;
}

function pairsSharingAParticipant(grid: Grid, meetings: number[]): [number, number][] {
  const byOrg = new Map<number, number[]>();
  for (const m of meetings) {
    const r = grid.inst.requests[m]!;
    for (const o of new Set([r.buyer, r.supplier])) byOrg.set(o, [...(byOrg.get(o) ?? []), m]);
  }
  const pairs: [number, number][] = [];
  for (const list of byOrg.values())
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.push([list[i]!, list[j]!]);
  return pairs;
}
