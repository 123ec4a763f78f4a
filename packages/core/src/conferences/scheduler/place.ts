/**
 * Putting one more meeting into the schedule by ejection chains: if no slot both sides can meet in has
 * them and a table free, take a slot and resolve each meeting in the way (the buyer's, the supplier's, or
 * one more to free a table; the best ALTERNATIVES of each are tried) by moving it to another slot the same
 * way, or by giving its supplier another of its requests instead (a substitute, so that supplier keeps its
 * count). A buyer at its maximum makes room the same way: one of its meetings leaves for a substitute.
 * Chains go `depth` steps deep and try at most `budget` options; a chain that does not close is undone
 * exactly. A meeting moved in a chain never returns to the slot it left, one placed in the chain is not
 * moved again, and one taken out is nobody's substitute, so chains end.
 *
 * In a fairness step (`dropFrom`), a meeting in the way may instead be given up if its supplier still has
 * at least `dropFrom` meetings without it: the newcomer's supplier then has c + 1 meetings and the other
 * one at least c + 1 too, so the profile of suppliers with at least 1, 2, … meetings gets lexicographically
 * better. Locked meetings are never moved or given up; meetings at their place in the previous schedule
 * are moved last.
 */
import type { Grid } from "./grid";

export interface InsertRules {
  depth: number;
  budget: number;
  /** Meetings in the way whose supplier keeps at least this many without them may be given up. */
  dropFrom: number;
}

/** How many meetings in the way are tried, per side and for the table. */
const ALTERNATIVES = 2;

interface Chain {
  steps: number;
  rules: InsertRules;
  /** Placed in this chain: not to be moved again. */
  fixed: Set<number>;
  /** request × slots + slot: the slot a request was moved out of in this chain. */
  banned: Set<number>;
  /** Taken out in this chain: not to be used as another's substitute. */
  moved: Set<number>;
  /** What was added to those sets, in order, so an undone attempt takes it back. */
  log: { set: Set<number>; item: number }[];
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
      if (r.slots.length > 0 && !r.locked)
        this.bySupplier.set(r.supplier, [...(this.bySupplier.get(r.supplier) ?? []), i]);
    });
    for (const list of this.bySupplier.values()) list.sort((a, b) => priority(b) - priority(a) || a - b);
  }

  /** The supplier's meetable requests not locked, highest priority first. */
  requestsOf(supplier: number): readonly number[] {
    return this.bySupplier.get(supplier) ?? [];
  }

  /** Places the request; returns the meetings given up (in a fairness step), or undefined if it did not fit. */
  insert(req: number, rules: InsertRules): number[] | undefined {
    // Every table of every slot taken: only giving a meeting up can make room.
    if (rules.dropFrom === Infinity && this.grid.placed >= this.grid.slots * this.grid.inst.tables.length)
      return undefined;
    const chain = newChain(rules);
    return this.attempt(req, rules.depth, chain) ? chain.dropped : undefined;
  }

  private attempt(req: number, depth: number, chain: Chain): boolean {
    const { grid } = this;
    if (grid.slotOf[req]! >= 0) return false;
    if (!grid.underMaximum(req)) return depth > 0 && this.makeRoom(req, depth, chain);
    const slots = grid.inst.requests[req]!.slots;
    const base = req * grid.slots;
    let [direct, directCost] = [-1, Infinity];
    for (const t of slots) {
      if (chain.banned.has(base + t) || !grid.fits(req, t)) continue;
      const cost = this.slotCost(req, t);
      if (cost < directCost) [direct, directCost] = [t, cost];
    }
    if (direct >= 0) {
      grid.place(req, direct);
      return true;
    }
    if (depth === 0) return false;
    const options: { t: number; cost: number; moves: number; blockers: number[] }[] = [];
    for (const t of slots) {
      if (chain.banned.has(base + t)) continue;
      const cost = this.slotCost(req, t);
      for (const blockers of this.blockerSets(req, t, chain))
        options.push({ t, cost, moves: this.moveCost(blockers), blockers });
    }
    options.sort((a, b) => a.blockers.length - b.blockers.length || a.moves - b.moves || a.cost - b.cost);
    for (const { t, blockers } of options) {
      if (chain.steps++ >= chain.rules.budget) return false;
      const [mark, dropped, logged] = [grid.mark(), chain.dropped.length, chain.log.length];
      for (const b of blockers) {
        grid.remove(b);
        remember(chain.banned, b * grid.slots + t, chain);
        remember(chain.moved, b, chain);
      }
      grid.place(req, t);
      remember(chain.fixed, req, chain);
      let resolved = true;
      for (const b of blockers) resolved &&= this.resolve(b, depth - 1, chain);
      if (resolved) return true;
      grid.undo(mark);
      chain.dropped.length = dropped;
      forgetSince(chain, logged);
    }
    return false;
  }

  /** A meeting taken out of the way: moved elsewhere, replaced by a substitute, or (fairness step) given up. */
  private resolve(req: number, depth: number, chain: Chain): boolean {
    return this.attempt(req, depth, chain) || this.substitute(req, depth, chain) || this.giveUp(req, chain);
  }

  /**
   * The buyer is at its maximum: one of its meetings leaves, and its supplier takes another request instead
   * (or, in a fairness step, gives it up), so the buyer has room and no supplier has fewer meetings.
   */
  private makeRoom(req: number, depth: number, chain: Chain): boolean {
    const { grid } = this;
    const r = grid.inst.requests[req]!;
    if (grid.meetings[r.supplier]! >= grid.inst.orgs[r.supplier]!.max) return false;
    const count = (m: number) => grid.asSupplier[grid.inst.requests[m]!.supplier]!;
    const candidates = [...new Set(Array.from({ length: grid.slots }, (_, t) => grid.at(r.buyer, t)).flat())]
      .filter((m) => !grid.inst.requests[m]!.locked && !chain.fixed.has(m))
      .sort((a, b) => this.moveCost([a]) - this.moveCost([b]) || count(b) - count(a) || a - b)
      .slice(0, 2 * ALTERNATIVES);
    for (const leaving of candidates) {
      if (chain.steps++ >= chain.rules.budget) return false;
      const [mark, dropped, logged] = [grid.mark(), chain.dropped.length, chain.log.length];
      grid.remove(leaving);
      remember(chain.moved, leaving, chain);
      const placed = this.attempt(req, depth - 1, chain);
      if (placed && (this.substitute(leaving, depth - 1, chain) || this.giveUp(leaving, chain))) return true;
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

  /**
   * The sets of meetings that could leave the slot for the request to fit: for a side with no representative
   * free, one of its meetings there; if the tables are still full, one more meeting of the slot. The best
   * ALTERNATIVES candidates of each, as rank() orders them; none if some side has nothing that may move.
   */
  private blockerSets(req: number, slot: number, chain: Chain): number[][] {
    const { grid } = this;
    const r = grid.inst.requests[req]!;
    let sets: number[][] = [[]];
    for (const org of r.buyer === r.supplier ? [r.buyer] : [r.buyer, r.supplier]) {
      const here = grid.at(org, slot);
      const next: number[][] = [];
      for (const set of sets) {
        if (here.filter((m) => !set.includes(m)).length < grid.inst.orgs[org]!.reps) next.push(set);
        else for (const m of this.rank(here, set, chain)) next.push([...set, m]);
      }
      sets = next;
    }
    const atSlot = grid.atSlot[slot]!;
    const next: number[][] = [];
    for (const set of sets) {
      if (atSlot.length - set.length < grid.inst.tables.length) next.push(set);
      else for (const m of this.rank(atSlot, set, chain)) next.push([...set, m]);
    }
    return next;
  }

  /** Meetings that may move, best first: not locked, not placed in this chain; off the previous schedule's place first, then the least tied. */
  private rank(candidates: readonly number[], taken: number[], chain: Chain): number[] {
    const { requests } = this.grid.inst;
    return candidates
      .filter((m) => !requests[m]!.locked && !chain.fixed.has(m) && !taken.includes(m))
      .sort(
        (a, b) =>
          this.moveCost([a]) - this.moveCost([b]) || requests[b]!.slots.length - requests[a]!.slots.length || a - b,
      )
      .slice(0, ALTERNATIVES);
  }

  /** Meetings of the previous schedule still at their published slot count as a move when they leave it. */
  private moveCost(meetings: number[]): number {
    return meetings.filter((m) => this.grid.inst.requests[m]!.previous?.slot === this.grid.slotOf[m]).length;
  }
}

function newChain(rules: InsertRules): Chain {
  return { steps: 0, rules, fixed: new Set(), banned: new Set(), moved: new Set(), log: [], dropped: [] };
}

function remember(set: Set<number>, item: number, chain: Chain) {
  if (set.has(item)) return;
  set.add(item);
  chain.log.push({ set, item });
}

function forgetSince(chain: Chain, length: number) {
  while (chain.log.length > length) {
    const { set, item } = chain.log.pop()!;
    set.delete(item);
  }
}
