/**
 * Fewer idle gaps: after the meetings are placed, move a meeting to another slot, or trade slots with a
 * meeting there, whenever that lowers the idle slots of the participants involved (free slots between a
 * participant's first and last meeting while it is available). A trade is with a meeting of the same
 * participant (it reorders that participant's day) or, when the other slot has no table free, of other
 * participants. Every change keeps every constraint (availability, representatives, tables); locked
 * meetings and meetings still at their place in the previous schedule stay. Each accepted change lowers the
 * total, so the passes end.
 */
import type { Grid } from "./grid";

/** Meetings of other participants a meeting may trade slots with, per slot tried (the first that could). */
const TRADES = 24;

/** The participant's idle slots, as if one of its meetings moved from slot `from` to `to` (−1: none). */
export function idleSlots(grid: Grid, org: number, from = -1, to = -1): number {
  const available = grid.inst.orgs[org]!.available;
  let idle = 0;
  let pending = 0;
  let started = false;
  for (let t = 0; t < grid.slots; t++) {
    const here = grid.at(org, t).length - (t === from ? 1 : 0) + (t === to ? 1 : 0);
    if (here > 0) {
      if (started) idle += pending;
      started = true;
      pending = 0;
    } else if (available[t]) pending++;
  }
  return idle;
}

/** Each participant's idle slots as things stand, computed again only after its meetings changed. */
class Idle {
  private readonly value: Int32Array;
  private readonly seen: Int32Array;

  constructor(private readonly grid: Grid) {
    this.value = new Int32Array(grid.inst.orgs.length);
    this.seen = new Int32Array(grid.inst.orgs.length).fill(-1);
  }

  now(org: number): number {
    if (this.seen[org] !== this.grid.changes[org]) {
      this.value[org] = idleSlots(this.grid, org);
      this.seen[org] = this.grid.changes[org]!;
    }
    return this.value[org]!;
  }

  /** The change in the participant's idle slots if one of its meetings moved from slot `from` to `to`. */
  change(org: number, from: number, to: number): number {
    return idleSlots(this.grid, org, from, to) - this.now(org);
  }
}

export function totalIdle(grid: Grid): number {
  return grid.inst.orgs.reduce((sum, _, org) => sum + idleSlots(grid, org), 0);
}

/**
 * Passes over the meetings until a pass over all of them changes nothing. A pass after one that changed
 * something looks only at meetings of participants whose day it changed (elsewhere only a freed table or
 * trade partner could open a move); when such a pass finds nothing, a pass over all of them follows. On
 * issue 9's instance (b) this takes two passes over all 4,000 meetings instead of five.
 */
export function compact(grid: Grid, movable: (req: number) => boolean, maxPasses = 20): void {
  const idle = new Idle(grid);
  let changed: Uint8Array | undefined;
  for (let pass = 0; pass < maxPasses; pass++) {
    const next = new Uint8Array(grid.inst.orgs.length);
    let improved = false;
    for (let m = 0; m < grid.slotOf.length; m++) {
      const r = grid.inst.requests[m]!;
      if (grid.slotOf[m]! < 0 || !movable(m) || (changed && !changed[r.buyer] && !changed[r.supplier])) continue;
      for (const moved of better(grid, idle, m, movable)) {
        next[grid.inst.requests[moved]!.buyer] = next[grid.inst.requests[moved]!.supplier] = 1;
        improved = true;
      }
    }
    grid.commit();
    if (!improved && !changed) return;
    changed = improved ? next : undefined;
  }
}

/** The change in idle slots of a meeting's two sides if it moved from its slot to `to`. */
function gain(grid: Grid, idle: Idle, m: number, to: number): number {
  const r = grid.inst.requests[m]!;
  const from = grid.slotOf[m]!;
  const buyer = idle.change(r.buyer, from, to);
  return r.supplier === r.buyer ? buyer : buyer + idle.change(r.supplier, from, to);
}

/**
 * The best single move or trade for meeting m that lowers idle slots, made; the meetings it moved. Trades
 * with a meeting of other participants are looked for only where m's own move gains: a trade that lowers
 * the total lowers one side's, so it is found from that side (in this pass or the next); at most TRADES
 * of them per slot, which bounds the work where many tables are full.
 */
function better(grid: Grid, idle: Idle, m: number, movable: (req: number) => boolean): number[] {
  const r = grid.inst.requests[m]!;
  const from = grid.slotOf[m]!;
  let best: { to: number; other: number; change: number } = { to: -1, other: -1, change: 0 };
  const consider = (to: number, others: readonly number[], sidesFree: boolean, limit = Infinity) => {
    for (const other of others) {
      if (other === m || !movable(other) || !grid.inst.requests[other]!.slots.includes(from)) continue;
      if (limit-- <= 0) return;
      const change = tradeGain(grid, idle, m, other, sidesFree);
      if (change !== undefined && change < best.change) best = { to, other, change };
    }
  };
  for (const to of r.slots) {
    if (to === from) continue;
    const sidesFree = grid.free(r.buyer, to) && grid.free(r.supplier, to);
    if (sidesFree && grid.tableFree(to)) {
      const change = gain(grid, idle, m, to);
      if (change < best.change) best = { to, other: -1, change };
      continue;
    }
    // A trade with the same buyer's or supplier's meeting there reorders that participant's day.
    consider(to, grid.at(r.buyer, to), sidesFree);
    if (r.supplier !== r.buyer) consider(to, grid.at(r.supplier, to), sidesFree);
    if (sidesFree && gain(grid, idle, m, to) < 0) consider(to, grid.atSlot[to]!, sidesFree, TRADES);
  }
  if (best.to < 0) return [];
  if (best.other >= 0) grid.remove(best.other);
  grid.remove(m);
  grid.place(m, best.to);
  if (best.other < 0) return [m];
  grid.place(best.other, from);
  return [m, best.other];
}

/**
 * The change in idle slots if meetings a and b traded slots, or undefined if they cannot: either they
 * share a participant (which then keeps its slots), or a's sides are free in b's slot and b's in a's.
 */
function tradeGain(grid: Grid, idle: Idle, a: number, b: number, aSidesFree: boolean): number | undefined {
  const [ra, rb] = [grid.inst.requests[a]!, grid.inst.requests[b]!];
  const [ta, tb] = [grid.slotOf[a]!, grid.slotOf[b]!];
  const buyerShared = ra.buyer === rb.buyer || ra.buyer === rb.supplier;
  const supplierShared = ra.supplier === rb.buyer || ra.supplier === rb.supplier;
  if (!buyerShared && !supplierShared) {
    if (!aSidesFree || !grid.free(rb.buyer, ta) || !grid.free(rb.supplier, ta)) return undefined;
    return gain(grid, idle, a, tb) + gain(grid, idle, b, ta);
  }
  if (buyerShared && supplierShared) return undefined;
  const shared = buyerShared ? ra.buyer : ra.supplier;
  const onlyA = ra.buyer === shared ? ra.supplier : ra.buyer;
  const onlyB = rb.buyer === shared ? rb.supplier : rb.buyer;
  if (!grid.free(onlyA, tb) || !grid.free(onlyB, ta)) return undefined;
  return idle.change(onlyA, ta, tb) + idle.change(onlyB, tb, ta);
}
