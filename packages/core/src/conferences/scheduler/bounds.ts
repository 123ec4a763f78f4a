/**
 * Upper bounds on the meetings any schedule of an instance can hold, each from a relaxation (constraints
 * dropped), none from the solver's own answer. The answer reports the smallest. Throughout, a meeting is a
 * meetable request (not vetoed, with a slot both sides can meet in; a locked one in its own slot), placed
 * in one of its slots, at one table, using one representative of each side in that slot.
 */
import { FlowGraph, maxFlow } from "./flow";
import { meetable, slotRoom, type Instance } from "./instance";

export interface Bound {
  name: string;
  value: number;
}

/** The bounds, the time-expanded flows (the costliest) only with `timed`. */
export function upperBounds(inst: Instance, timed = true): Bound[] {
  const requests = inst.requests.filter(meetable);
  const room = slotRoom(inst);
  const cap = inst.orgs.map((o, i) => Math.min(o.max, room[i]!));
  return [
    // Each meeting is a distinct meetable request.
    { name: "requests", value: requests.length },
    { name: "participants", value: participantsBound(inst, cap) },
    { name: "tables", value: tablesBound(inst) },
    { name: "matching", value: matchingBound(inst, cap) },
    ...(timed
      ? [
          { name: "buyer_slots", value: timeBound(inst, cap, "buyer") },
          { name: "supplier_slots", value: timeBound(inst, cap, "supplier") },
        ]
      : []),
  ];
}

/** The least of the bounds (the first of equals). */
export const tightest = (bounds: Bound[]): Bound => bounds.reduce((a, b) => (b.value < a.value ? b : a));

/**
 * Each meeting has exactly one supplier, so the meetings are at most the sum over suppliers of what each can
 * have: no more than its maximum, than its slots hold (slotRoom: distinct slots of its requests × its
 * representatives) or than its meetable requests. The same holds for buyers; both sums bound, so the
 * smaller does.
 */
function participantsBound(inst: Instance, cap: number[]): number {
  const [asBuyer, asSupplier] = [new Array<number>(cap.length).fill(0), new Array<number>(cap.length).fill(0)];
  for (const r of inst.requests.filter(meetable)) {
    asBuyer[r.buyer]!++;
    asSupplier[r.supplier]!++;
  }
  const sum = (counts: number[]) => counts.reduce((total, n, org) => total + Math.min(n, cap[org]!), 0);
  return Math.min(sum(asBuyer), sum(asSupplier));
}

/**
 * In each slot a meeting takes a table, one representative of a buyer who has a meetable request in that
 * slot and one of such a supplier, and is one of the requests meetable in that slot. So a slot holds at
 * most the least of those four numbers, and a schedule at most their sum over slots.
 */
function tablesBound(inst: Instance): number {
  const slots = inst.slots.length;
  const [requests, buyers, suppliers] = [new Int32Array(slots), new Int32Array(slots), new Int32Array(slots)];
  // seen[org * slots + t]: the organisation already counted in slot t (as buyer 1, as supplier 2).
  const seen = new Uint8Array(inst.orgs.length * slots);
  for (const r of inst.requests)
    for (const t of r.slots) {
      requests[t]!++;
      if (!(seen[r.buyer * slots + t]! & 1)) {
        seen[r.buyer * slots + t]! |= 1;
        buyers[t] = buyers[t]! + inst.orgs[r.buyer]!.reps;
      }
      if (!(seen[r.supplier * slots + t]! & 2)) {
        seen[r.supplier * slots + t]! |= 2;
        suppliers[t] = suppliers[t]! + inst.orgs[r.supplier]!.reps;
      }
    }
  let total = 0;
  for (let t = 0; t < slots; t++) total += Math.min(inst.tables.length, buyers[t]!, suppliers[t]!, requests[t]!);
  return total;
}

/**
 * Time left out: source → supplier (its cap) → buyer (1 per meetable request) → sink (the buyer's cap). A
 * schedule's meetings are a flow in it (each supplier and buyer within its maximum and its slots' room, each
 * request once), so the maximum flow bounds them: the largest b-matching, as in the selection.
 */
function matchingBound(inst: Instance, cap: number[]): number {
  const orgs = inst.orgs.length;
  const g = new FlowGraph(2 + 2 * orgs);
  cap.forEach((c, o) => {
    g.addArc(0, 2 + o, c);
    g.addArc(2 + orgs + o, 1, c);
  });
  for (const r of inst.requests.filter(meetable)) g.addArc(2 + r.supplier, 2 + orgs + r.buyer, 1);
  return maxFlow(g, 0, 1);
}

/**
 * Time kept for one side. For `buyer`: source → supplier (its cap) → request (1) → (buyer, slot) for each of
 * the request's slots (1) → slot (the buyer's representatives) → sink (the tables). A schedule's meeting at
 * slot t is a path through (buyer, t) and t; capacities hold because no buyer holds more meetings at once than
 * its representatives, no slot more than the tables, no supplier more than its cap. What is left out: the
 * buyer's maximum and the supplier's own representatives per slot. `supplier` is the mirror image (the
 * supplier's slots kept, its maximum and the buyer's representatives per slot left out).
 */
function timeBound(inst: Instance, cap: number[], side: "buyer" | "supplier"): number {
  const requests = inst.requests.filter(meetable);
  const [orgs, slots] = [inst.orgs.length, inst.slots.length];
  const [source, sink] = [0, 1];
  const orgNode = (o: number) => 2 + o;
  const requestNode = (i: number) => 2 + orgs + i;
  const pairNode = (o: number, t: number) => 2 + orgs + requests.length + o * slots + t;
  const slotNode = (t: number) => 2 + orgs + requests.length + orgs * slots + t;
  const g = new FlowGraph(2 + orgs + requests.length + orgs * slots + slots);
  const timed = (r: (typeof requests)[number]) => (side === "buyer" ? r.buyer : r.supplier);
  const other = (r: (typeof requests)[number]) => (side === "buyer" ? r.supplier : r.buyer);
  // For `buyer` the flow runs source → other side → request → (buyer, t) → t → sink; for `supplier` backwards.
  const arc = (from: number, to: number, capacity: number) =>
    side === "buyer" ? g.addArc(from, to, capacity) : g.addArc(to, from, capacity);
  const [start, end] = side === "buyer" ? [source, sink] : [sink, source];
  cap.forEach((c, o) => arc(start, orgNode(o), c));
  requests.forEach((r, i) => {
    arc(orgNode(other(r)), requestNode(i), 1);
    for (const t of r.slots) arc(requestNode(i), pairNode(timed(r), t), 1);
  });
  inst.orgs.forEach((o, i) => {
    for (let t = 0; t < slots; t++) arc(pairNode(i, t), slotNode(t), o.reps);
  });
  for (let t = 0; t < slots; t++) arc(slotNode(t), end, inst.tables.length);
  return maxFlow(g, source, sink);
}
