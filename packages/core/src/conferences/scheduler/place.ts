/**
 * Putting one more meeting into the schedule by ejection chains: if no slot both sides can meet in has
 * them and a table free, take a slot, move the meetings in the way (the buyer's, the supplier's, or one
 * more to free a table) to other slots the same way, up to `depth` moves deep and `budget` slots tried,
 * and undo everything if the chain does not close. A meeting moved in a chain never returns to the slot it
 * left, and a meeting placed in the chain is not moved again, so chains end.
 *
 * In a fairness step (`dropFrom`), a meeting in the way may instead be given up if its supplier still has
 * at least `dropFrom` meetings without it: the newcomer's supplier then has c + 1 meetings and the other
 * one at least c + 1 too, so the profile of suppliers with at least 1, 2, … meetings gets lexicographically
 * better. Locked meetings are never moved or given up; meetings of the previous schedule are moved last.
 */
import type { Grid } from "./grid";

export interface InsertRules {
  depth: number;
  budget: number;
  /** Meetings in the way whose supplier keeps at least this many without them may be given up. */
  dropFrom: number;
}

interface Chain {
  steps: number;
  rules: InsertRules;
  /** Placed in this chain: not to be moved again. */
  fixed: Set<number>;
  /** `request/slot`: the slot a request was moved out of in this chain. */
  banned: Set<string>;
  /** Taken out in this chain: not to be used as another's substitute. */
  moved: Set<number>;
  /** What was added to those sets, in order, so an undone attempt takes it back. */
  log: { set: Set<number> | Set<string>; item: number | string }[];
  dropped: number[];
}

export class Placer {
  /** Each supplier's meetable requests, the first to try first. */
  private readonly bySupplier = new Map<number, number[]>();

  constructor(
    private readonly grid: Grid,
    /** Lower is better: the order slots are tried in for a request. */
    private readonly slotCost: (req: number, slot: number) => number,
    /** Higher first: the order a supplier's other requests are tried in as substitutes. */
    priority: (req: number) => number,
  ) {
    grid.inst.requests.forEach((r, i) => {
      if (r.slots.length > 0 && !r.locked) this.bySupplier.set(r.supplier, [...(this.bySupplier.get(r.supplier) ?? []), i]);
    });
    for (const list of this.bySupplier.values()) list.sort((a, b) => priority(b) - priority(a) || a - b);
  }

  /**
   * Instead of the meeting that had to leave, another request of its supplier, so the supplier keeps its
   * count (one of the meetings in the way may be exchanged this way, not only moved in time).
   */
  replace(req: number, rules: InsertRules): boolean {
    const chain = newChain(rules);
    return this.substitute(req, rules.depth, chain);
  }

  /** Places the request (both sides must be under their maximum); returns the meetings given up, or undefined. */
  insert(req: number, rules: InsertRules): number[] | undefined {
    if (!this.grid.underMaximum(req)) return undefined;
    // Every table of every slot taken: only giving a meeting up can make room.
    if (rules.dropFrom === Infinity && this.grid.placed >= this.grid.slots * this.grid.inst.tables.length) return undefined;
    const chain = newChain(rules);
    return this.attempt(req, rules.depth, chain) ? chain.dropped : undefined;
  }

  private attempt(req: number, depth: number, chain: Chain): boolean {
    const { grid } = this;
    // A substitute may have taken the room a meeting moved in this chain left at its buyer.
    if (grid.slotOf[req]! >= 0 || !grid.underMaximum(req)) return false;
    const slots = grid.inst.requests[req]!.slots.map((t) => ({ t, cost: this.slotCost(req, t) }))
      .sort((a, b) => a.cost - b.cost)
      .map(({ t }) => t);
    const direct = slots.find((t) => !chain.banned.has(`${req}/${t}`) && grid.fits(req, t));
    if (direct !== undefined) {
      grid.place(req, direct);
      return true;
    }
    if (depth === 0) return false;
    const options = slots
      .filter((t) => !chain.banned.has(`${req}/${t}`))
      .map((t, order) => ({ t, order, blockers: this.blockers(req, t, chain) }))
      .filter((o): o is { t: number; order: number; blockers: number[] } => o.blockers !== undefined)
      .sort((a, b) => a.blockers.length - b.blockers.length || this.moveCost(a.blockers) - this.moveCost(b.blockers) || a.order - b.order);
    for (const { t, blockers } of options) {
      if (chain.steps++ >= chain.rules.budget) return false;
      const [mark, dropped, logged] = [grid.mark(), chain.dropped.length, chain.log.length];
      for (const b of blockers) {
        grid.remove(b);
        remember(chain.banned, `${b}/${t}`, chain);
        remember(chain.moved, b, chain);
      }
      grid.place(req, t);
      remember(chain.fixed, req, chain);
      const resolved = (b: number) =>
        this.attempt(b, depth - 1, chain) || this.substitute(b, depth - 1, chain) || this.giveUp(b, chain);
      if (blockers.every(resolved)) return true;
      grid.undo(mark);
      chain.dropped.length = dropped;
      forgetSince(chain, logged);
    }
    return false;
  }

  private substitute(req: number, depth: number, chain: Chain): boolean {
    const { grid } = this;
    for (const other of this.bySupplier.get(grid.inst.requests[req]!.supplier) ?? []) {
      if (other === req || grid.slotOf[other]! >= 0 || chain.moved.has(other)) continue;
      if (chain.steps++ >= chain.rules.budget) return false;
      if (this.attempt(other, depth, chain)) return true;
    }
    return false;
  }

  private giveUp(req: number, chain: Chain): boolean {
    const r = this.grid.inst.requests[req]!;
    if (r.locked || this.grid.asSupplier[r.supplier]! < chain.rules.dropFrom) return false;
    chain.dropped.push(req);
    return true;
  }

  /** The meetings that must leave the slot for the request to fit, or undefined if some of them may not move. */
  private blockers(req: number, slot: number, chain: Chain): number[] | undefined {
    const { grid } = this;
    const r = grid.inst.requests[req]!;
    const out: number[] = [];
    for (const org of r.buyer === r.supplier ? [r.buyer] : [r.buyer, r.supplier]) {
      const here = grid.at(org, slot);
      const leaving = here.filter((m) => out.includes(m)).length;
      if (here.length - leaving < grid.inst.orgs[org]!.reps) continue;
      const pick = this.pick(here.filter((m) => !out.includes(m)), chain);
      if (pick === undefined) return undefined;
      out.push(pick);
    }
    if (grid.atSlot[slot]!.length - out.length >= grid.inst.tables.length) {
      const pick = this.pick(grid.atSlot[slot]!.filter((m) => !out.includes(m)), chain);
      if (pick === undefined) return undefined;
      out.push(pick);
    }
    return out;
  }

  /** The meeting to move: not locked, not placed in this chain; one off the previous schedule's place first, then the least tied. */
  private pick(candidates: number[], chain: Chain): number | undefined {
    let best: number | undefined;
    for (const m of candidates) {
      const r = this.grid.inst.requests[m]!;
      if (r.locked || chain.fixed.has(m)) continue;
      if (best === undefined || this.moveCost([m]) < this.moveCost([best])) best = m;
      else if (this.moveCost([m]) === this.moveCost([best]) && r.slots.length > this.grid.inst.requests[best]!.slots.length) best = m;
    }
    return best;
  }

  /** Meetings of the previous schedule still at their published slot count as a move when they leave it. */
  private moveCost(meetings: number[]): number {
    return meetings.filter((m) => this.grid.inst.requests[m]!.previous?.slot === this.grid.slotOf[m]).length;
  }
}

function newChain(rules: InsertRules): Chain {
  return { steps: 0, rules, fixed: new Set(), banned: new Set(), moved: new Set(), log: [], dropped: [] };
}

function remember<T extends number | string>(set: Set<T>, item: T, chain: Chain) {
  if (set.has(item)) return;
  set.add(item);
  chain.log.push({ set: set as Set<number> | Set<string>, item });
}

function forgetSince(chain: Chain, length: number) {
  while (chain.log.length > length) {
    const { set, item } = chain.log.pop()!;
    (set as Set<number | string>).delete(item);
  }
}
