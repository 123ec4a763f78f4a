/**
 * Which meetings to aim for, time left aside: an exact, fair and weighted choice by minimum-cost flow on
 *
 *   source ─(supplier's room, raised round by round)→ supplier ─(request, 1)→ buyer ─(buyer's room)→ gather
 *   gather ─(`most` less the locked meetings)→ sink
 *
 * where an organisation's room is min(its maximum, the meetings its slots can hold) less its locked meetings,
 * and `most` an upper bound on the meetings of any schedule (bounds.ts). Without that cap, where the tables
 * are the limit, the selection holds more meetings than fit and placement decides which go, blind to ranks;
 * with it the selection is the fairest, then best-ranked choice of as many as can fit at all.
 *
 * Fairness (max-min, lexicographic): in round k each supplier may take up to k meetings. The arcs from the
 * source are monotone (their flow never goes down, see flow.ts), so an augmenting path never takes a
 * meeting from a supplier; each round pushes a maximum flow, so round 1 gives a first meeting to as many
 * suppliers as any choice could, round 2 then as many second meetings as possible without taking any first
 * one away, and so on. Raising a source arc closes no cycle through the source (its reverse arcs are
 * closed), so the residual graph keeps no negative cycle and each round's flow is of least cost for its
 * size: within the rounds it maximises, in this order, meetings of the previous schedule kept, meetings up
 * to participants' minimum, the sum of both sides' ranks, and the seeded tie-break. These are folded into
 * one integer cost per arc, each unit larger than everything below it can add up to.
 */
import { FlowGraph } from "./flow";
import { minCostFlow } from "./min-cost";
import { meetable, slotRoom, TIE_RANGE, type Instance, type Req } from "./instance";

/** Value of a participant's meeting below its minimum, in rank-weight units. */
const MINIMUM_BONUS = 3;

export interface Weights {
  tie: number;
  weight: number;
  previous: number;
}

export function weightsOf(inst: Instance): Weights {
  const n = inst.requests.length + 1;
  const weight = TIE_RANGE * n;
  // Per meeting at most 4 (ranks) + 2 × MINIMUM_BONUS weight units.
  return { tie: 1, weight, previous: weight * ((4 + 2 * MINIMUM_BONUS) * n + 1) };
}

/** The request's value as the selection sees it: keeping it from the previous schedule, its ranks, its tie-break. */
export const priorityOf = (r: Req, w: Weights): number =>
  (r.previous ? w.previous : 0) + r.weight * w.weight + r.tie * w.tie;

export interface Selection {
  /** The chosen requests, grouped by the round that chose them: rounds[k − 1] holds the suppliers' k-th meetings. */
  rounds: number[][];
  /**
   * Suppliers with at least 1, 2, … meetings in the selection, locked ones included. After round K the flow
   * is a maximum one with each supplier capped at K, and any schedule's meetings (at most `most`), each
   * supplier's cut to K, are such a flow; so no schedule has more suppliers with at least 1, or at least 1 plus at least 2, …
   * (prefix sums) than this profile. A schedule with this very profile is lexicographically optimal.
   */
  profile: number[];
}

export function selectMeetings(inst: Instance, most = Infinity): Selection {
  const w = weightsOf(inst);
  const orgs = inst.orgs.length;
  const [source, sink, gather] = [0, 1, 2 + 2 * orgs];
  const supplierNode = (o: number) => 2 + o;
  const buyerNode = (o: number) => 2 + orgs + o;
  const g = new FlowGraph(3 + 2 * orgs);
  const lockedCount = inst.requests.filter((r) => r.locked).length;
  g.addArc(gather, sink, Math.max(0, Math.min(most, inst.requests.length) - lockedCount));
  const room = slotRoom(inst);
  const locked = new Array<number>(orgs).fill(0);
  for (const r of inst.requests)
    if (r.locked) [locked[r.buyer], locked[r.supplier]] = [locked[r.buyer]! + 1, locked[r.supplier]! + 1];
  const free = (o: number) => Math.max(0, Math.min(inst.orgs[o]!.max, room[o]!) - locked[o]!);
  const belowMinimum = (o: number) => Math.min(free(o), Math.max(0, inst.orgs[o]!.min - locked[o]!));
  const bonus = MINIMUM_BONUS * w.weight;

  const supplierArcs: { org: number; low: number; rest: number }[] = [];
  const requestArcs: { req: number; arc: number }[] = [];
  const hasBuyerArcs = new Uint8Array(orgs);
  const hasSupplierArcs = new Uint8Array(orgs);
  inst.requests.forEach((r, i) => {
    if (r.locked || !meetable(r)) return;
    if (!hasSupplierArcs[r.supplier]) {
      hasSupplierArcs[r.supplier] = 1;
      // The arc for meetings below the minimum only where there is one (fewer arcs for the searches).
      const low = belowMinimum(r.supplier) > 0 ? g.addArc(source, supplierNode(r.supplier), 0, -bonus, true) : -1;
      supplierArcs.push({ org: r.supplier, low, rest: g.addArc(source, supplierNode(r.supplier), 0, 0, true) });
    }
    if (!hasBuyerArcs[r.buyer]) {
      hasBuyerArcs[r.buyer] = 1;
      const low = belowMinimum(r.buyer);
      if (low > 0) g.addArc(buyerNode(r.buyer), gather, low, -bonus);
      g.addArc(buyerNode(r.buyer), gather, free(r.buyer) - low, 0);
    }
    requestArcs.push({ req: i, arc: g.addArc(supplierNode(r.supplier), buyerNode(r.buyer), 1, -priorityOf(r, w)) });
  });

  const rounds = supplierArcs.reduce((most, s) => Math.max(most, free(s.org) + locked[s.org]!), 0);
  for (let k = 1; k <= rounds; k++) {
    let raised = false;
    for (const { org, low, rest } of supplierArcs) {
      const allowed = Math.min(free(org), Math.max(0, k - locked[org]!));
      const lowCap = Math.min(allowed, belowMinimum(org));
      const lowNow = low < 0 ? 0 : g.residual[low]! + g.flowOn(low);
      const restNow = g.residual[rest]! + g.flowOn(rest);
      if (lowCap > lowNow) g.raise(low, lowCap - lowNow);
      if (allowed - lowCap > restNow) g.raise(rest, allowed - lowCap - restNow);
      raised ||= lowCap > lowNow || allowed - lowCap > restNow;
    }
    if (raised) minCostFlow(g, source, sink);
  }

  const chosen = new Map<number, number[]>();
  for (const { req, arc } of requestArcs) {
    if (g.flowOn(arc) === 0) continue;
    const supplier = inst.requests[req]!.supplier;
    chosen.set(supplier, [...(chosen.get(supplier) ?? []), req]);
  }
  const byRound: number[][] = [];
  const counts = [...locked];
  for (const [supplier, reqs] of chosen) {
    reqs.sort((a, b) => priorityOf(inst.requests[b]!, w) - priorityOf(inst.requests[a]!, w) || a - b);
    reqs.forEach((req, i) => (byRound[locked[supplier]! + i] ??= []).push(req));
    counts[supplier] = counts[supplier]! + reqs.length;
  }
  const suppliers = new Set(inst.requests.map((r) => r.supplier));
  return {
    rounds: Array.from(byRound, (round) => (round ?? []).sort((a, b) => a - b)),
    profile: profileOfCounts([...suppliers].map((s) => counts[s]!)),
  };
}

/** Suppliers with at least 1, 2, … meetings, from each supplier's count. */
export function profileOfCounts(counts: Iterable<number>): number[] {
  const profile: number[] = [];
  for (const c of counts) for (let k = 0; k < c; k++) profile[k] = (profile[k] ?? 0) + 1;
  return profile;
}
