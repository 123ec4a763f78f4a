/**
 * The one-to-one meeting scheduler: `scheduleMeetings(input)` assigns requests to (slot, table), pure and
 * deterministic for the same input and seed. In order:
 *
 *   1. locked meetings where they are;
 *   2. the exact fair, weighted selection without time (select.ts), of no more meetings than fit (bounds.ts);
 *   3. its meetings of the previous schedule back at their published slot, where they still fit;
 *   4. its other meetings round by round by ejection chains (place.ts), substitutes for those that fail;
 *   5. filling up by levels of suppliers' meetings, fairness repairs, filling up again (fill.ts), and
 *      exchanges that trade one meeting for better-spread others (exchange.ts); then better-ranked
 *      requests in place of lower-ranked meetings, the profile kept (upgrade.ts); if some of the selection
 *      is still out, on small conferences a complete search for slots for all of it (place-all.ts);
 *   6. fewer idle gaps (compact.ts), then whatever fits as things stand; tables named (tables.ts);
 *   7. the answer: meetings, reasons for the rest (reasons.ts), upper bounds (bounds.ts), moves.
 */
import { tightest, upperBounds, type Bound } from "./bounds";
import { compact, totalIdle } from "./compact";
import { compareProfiles, exchange, profileOf } from "./exchange";
import { DIRECT, fillUp, NORMAL, placeRounds, repairFairness, type Phases } from "./fill";
import { Grid } from "./grid";
import { buildInstance, type Instance } from "./instance";
import { Placer } from "./place";
import { placeSelection } from "./place-all";
import { reasonFor } from "./reasons";
import { priorityOf, selectMeetings, weightsOf } from "./select";
import { assignTables } from "./tables";
import { upgrade } from "./upgrade";
import type { ScheduledMeeting, ScheduleInput, ScheduleResult } from "./types";

export type * from "./types";
export { UNSCHEDULED_REASONS } from "./types";

export function scheduleMeetings(input: ScheduleInput): ScheduleResult {
  const inst = buildInstance(input);
  const grid = new Grid(inst);
  const weights = weightsOf(inst);
  const priority = (req: number) => priorityOf(inst.requests[req]!, weights);
  const phases: Phases = { grid, placer: new Placer(grid, slotCost(grid), priority), priority };

  inst.requests.forEach((r, i) => r.locked && grid.place(i, r.locked.slot));
  // The most meetings any schedule holds, time left aside (the time-expanded bounds wait for the end: they
  // are needed only if the schedule falls short of these).
  let bound = tightest(upperBounds(inst, false));
  const selection = selectMeetings(inst, bound.value);
  for (const req of selection.rounds.flat()) {
    const previous = inst.requests[req]!.previous;
    if (previous && inst.requests[req]!.slots.includes(previous.slot) && grid.fits(req, previous.slot))
      if (grid.underMaximum(req)) grid.place(req, previous.slot);
  }
  placeRounds(phases, selection.rounds);
  fillUp(phases, NORMAL);
  // No schedule is fairer than fairnessBound: once it is met, repairs and exchanges have nothing to gain.
  let fairnessBound = capProfile(selection.profile, bound.value);
  const optimal = () => compareProfiles(profileOf(grid), fairnessBound) === 0;
  for (let i = 0; i < 5 && !optimal() && repairFairness(phases) > 0; i++) fillUp(phases, NORMAL);
  if (!optimal() && exchange(phases) > 0) fillUp(phases, NORMAL);
  const movable = (req: number) =>
    !inst.requests[req]!.locked && inst.requests[req]!.previous?.slot !== grid.slotOf[req];
  // The selection's weight (locked meetings included): with time left aside, nothing to gain past it.
  const target =
    inst.requests.reduce((sum, r) => sum + (r.locked ? r.weight : 0), 0) +
    selection.rounds.flat().reduce((sum, req) => sum + inst.requests[req]!.weight, 0);
  if (upgrade(phases, movable, target) > 0) fillUp(phases, NORMAL);
  if (grid.weight < target) placeSelection(grid, selection.rounds.flat());
  for (let i = 0; i < 3; i++) {
    compact(grid, movable);
    if (fillUp(phases, DIRECT) === 0) break;
  }
  grid.commit();
  if (grid.placed < bound.value) {
    bound = tightest(upperBounds(inst));
    fairnessBound = capProfile(selection.profile, bound.value);
  }
  return answer(inst, grid, input.seed, bound, fairnessBound);
}

/**
 * Slots to try first for a request: its previous slot, then slots next to its participants' other meetings
 * (fewer gaps to compact later), then from its seeded rotation onwards.
 */
function slotCost(grid: Grid) {
  const n = grid.slots;
  const busy = (org: number, t: number) => (t >= 0 && t < n && grid.at(org, t).length > 0 ? 1 : 0);
  return (req: number, t: number): number => {
    const r = grid.inst.requests[req]!;
    const previous = r.previous?.slot === t ? -1000 : 0;
    const next = busy(r.buyer, t - 1) + busy(r.buyer, t + 1) + busy(r.supplier, t - 1) + busy(r.supplier, t + 1);
    return previous - 10 * next + ((t - r.rotation + n) % n) / n;
  };
}

/**
 * The fairness bound: the selection's profile bounds every prefix sum (suppliers with at least 1, plus at
 * least 2, …), and so does the upper bound on meetings (each meeting adds one to exactly one of those
 * counts); the profile whose prefix sums are the smaller of the two bounds them all.
 */
function capProfile(profile: number[], most: number): number[] {
  const capped: number[] = [];
  let sum = 0;
  for (const n of profile) {
    const next = Math.min(sum + n, most);
    if (next === sum) break;
    capped.push(next - sum);
    sum = next;
  }
  return capped;
}

function answer(inst: Instance, grid: Grid, seed: number, bound: Bound, fairnessBound: number[]): ScheduleResult {
  const tableOf = assignTables(grid);
  const meetings: (ScheduledMeeting & { slot: number; tableIndex: number })[] = [];
  let [weight, moved, dropped] = [0, 0, inst.withdrawnPrevious];
  inst.requests.forEach((r, i) => {
    const slot = grid.slotOf[i]!;
    if (r.previous && slot < 0) dropped++;
    if (r.previous && slot >= 0 && (slot !== r.previous.slot || tableOf[i] !== r.previous.table)) moved++;
    if (slot < 0) return;
    weight += r.weight;
    const { start, end } = inst.slots[slot]!;
    meetings.push({
      requestId: r.id,
      buyerOrgId: inst.orgs[r.buyer]!.id,
      supplierOrgId: inst.orgs[r.supplier]!.id,
      table: inst.tables[tableOf[i]!]!,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      locked: r.locked !== undefined,
      slot,
      tableIndex: tableOf[i]!,
    });
  });
  meetings.sort((a, b) => a.slot - b.slot || a.tableIndex - b.tableIndex);
  return {
    seed,
    meetings: meetings.map(({ slot: _slot, tableIndex: _table, ...m }) => m),
    unscheduled: inst.requests.flatMap((_, i) => (grid.slotOf[i]! < 0 ? [reasonFor(grid, i)] : [])),
    scheduled: meetings.length,
    upperBound: bound.value,
    boundBy: bound.name,
    gap: bound.value - meetings.length,
    fairness: profileOf(grid),
    fairnessBound,
    weight,
    idleSlots: totalIdle(grid),
    moved,
    dropped,
    belowMinimum: inst.orgs.flatMap((o, i) =>
      grid.meetings[i]! < o.min ? [{ orgId: o.id, minimum: o.min, scheduled: grid.meetings[i]! }] : [],
    ),
  };
}
