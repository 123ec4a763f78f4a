/**
 * For the scheduler's tests: generated instances, a checker of every rule that reads only the input and the
 * answer (none of the solver's code), and an exhaustive search for the best fairness profile of tiny ones.
 */
import assert from "node:assert/strict";
import type { MeetingRank, ScheduleInput, ScheduleParticipant, ScheduleResult } from "@markedsdialog/core";
import { randomSource } from "./random";

export const DAY = "2027-03-04T08:00:00.000Z";
const MINUTE = 60_000;
export const at = (minutes: number): string => new Date(Date.parse(DAY) + minutes * MINUTE).toISOString();

export interface Shape {
  buyers: number;
  suppliers: number;
  requests: number;
  slots: number;
  tables: number;
  /** Share of participants with a part of the day only, with 2 representatives, with a maximum. */
  partTime?: number;
  twoReps?: number;
  maxima?: number;
  vetoes?: number;
}

/** A random instance of the shape; 20-minute slots from 08:00, 5 minutes apart when `seed` is odd. */
export function randomInstance(seed: number, shape: Shape): ScheduleInput {
  const random = randomSource(seed);
  const pause = seed % 2 === 1 ? 5 : 0;
  const step = 20 + pause;
  const slots = shape.slots;
  const participant = (orgId: string): ScheduleParticipant => {
    const p: ScheduleParticipant = { orgId };
    if (random.next() < (shape.partTime ?? 0.3)) {
      const from = random.int(slots);
      const to = from + 1 + random.int(slots - from);
      p.availability = [{ start: at(from * step), end: at((to - 1) * step + 20) }];
    }
    if (random.next() < (shape.twoReps ?? 0.1)) p.representatives = 2;
    if (random.next() < (shape.maxima ?? 0.3)) p.maxMeetings = random.int(3) + 1;
    return p;
  };
  const buyers = Array.from({ length: shape.buyers }, (_, i) => `b${i}`);
  const suppliers = Array.from({ length: shape.suppliers }, (_, i) => `s${i}`);
  const rank = (): MeetingRank => {
    const x = random.next();
    return x < (shape.vetoes ?? 0.1) ? "no_thanks" : x < 0.45 ? "must" : "would_like";
  };
  const pairs = new Set<string>();
  const requests: ScheduleInput["requests"] = [];
  for (let tries = 0; requests.length < shape.requests && tries < shape.requests * 20; tries++) {
    const [b, s] = [buyers[random.int(buyers.length)]!, suppliers[random.int(suppliers.length)]!];
    if (pairs.has(`${b}/${s}`)) continue;
    pairs.add(`${b}/${s}`);
    requests.push({
      requestId: `r${requests.length}`,
      buyerOrgId: b,
      supplierOrgId: s,
      buyerRank: rank(),
      supplierRank: rank(),
    });
  }
  return {
    window: { start: at(0), end: at((slots - 1) * step + 20), slotMinutes: 20, breakMinutes: pause },
    tables: Array.from({ length: shape.tables }, (_, i) => `Bord ${i + 1}`),
    participants: [...buyers, ...suppliers].map(participant),
    requests,
    seed,
  };
}

/** Slot starts as ISO strings, computed from the window alone. */
export function slotStarts(input: ScheduleInput): string[] {
  const out: string[] = [];
  const { start, end, slotMinutes, breakMinutes = 0 } = input.window;
  for (
    let t = Date.parse(start);
    t + slotMinutes * MINUTE <= Date.parse(end);
    t += (slotMinutes + breakMinutes) * MINUTE
  ) {
    const e = t + slotMinutes * MINUTE;
    if (!(input.breaks ?? []).some((b) => Date.parse(b.start) < e && t < Date.parse(b.end)))
      out.push(new Date(t).toISOString());
  }
  return out;
}

/** Every rule of the schedule, checked from the input and the answer. */
export function checkSchedule(input: ScheduleInput, result: ScheduleResult): void {
  const starts = slotStarts(input);
  const slotMs = input.window.slotMinutes * MINUTE;
  const request = new Map(input.requests.map((r) => [r.requestId, r]));
  const org = new Map(input.participants.map((p) => [p.orgId, p]));
  const locked = new Map((input.locked ?? []).map((m) => [m.requestId, m]));
  const available = (orgId: string, start: string) => {
    const windows = org.get(orgId)!.availability ?? [input.window];
    const t = Date.parse(start);
    return windows.some((w) => Date.parse(w.start) <= t && t + slotMs <= Date.parse(w.end));
  };
  const seen = new Set<string>();
  const tableUse = new Set<string>();
  const busy = new Map<string, number>();
  const total = new Map<string, number>();
  const asSupplier = new Map<string, number>();
  for (const m of result.meetings) {
    const r = request.get(m.requestId);
    assert.ok(r, `a meeting of an unknown request ${m.requestId}`);
    assert.ok(!seen.has(m.requestId), `${m.requestId} scheduled twice`);
    seen.add(m.requestId);
    assert.equal(m.buyerOrgId, r.buyerOrgId);
    assert.equal(m.supplierOrgId, r.supplierOrgId);
    assert.ok(starts.includes(m.start), `${m.requestId} starts at ${m.start}, not a slot`);
    assert.equal(Date.parse(m.end) - Date.parse(m.start), slotMs);
    assert.ok(input.tables.includes(m.table), `${m.requestId} at unknown table ${m.table}`);
    assert.ok(!tableUse.has(`${m.start}/${m.table}`), `table ${m.table} double-booked at ${m.start}`);
    tableUse.add(`${m.start}/${m.table}`);
    const lock = locked.get(m.requestId);
    assert.equal(m.locked, lock !== undefined);
    if (lock) assert.deepEqual([m.start, m.table], [new Date(Date.parse(lock.start)).toISOString(), lock.table]);
    else {
      assert.ok(r.buyerRank !== "no_thanks" && r.supplierRank !== "no_thanks", `vetoed ${m.requestId} scheduled`);
      assert.ok(
        available(r.buyerOrgId, m.start) && available(r.supplierOrgId, m.start),
        `${m.requestId} outside availability`,
      );
    }
    for (const o of [r.buyerOrgId, r.supplierOrgId]) {
      const key = `${o}/${m.start}`;
      busy.set(key, (busy.get(key) ?? 0) + 1);
      assert.ok(busy.get(key)! <= (org.get(o)!.representatives ?? 1), `${o} in two places at ${m.start}`);
      total.set(o, (total.get(o) ?? 0) + 1);
    }
    asSupplier.set(r.supplierOrgId, (asSupplier.get(r.supplierOrgId) ?? 0) + 1);
  }
  for (const [o, n] of total) assert.ok(n <= (org.get(o)!.maxMeetings ?? Infinity), `${o} over its maximum`);
  for (const id of locked.keys()) assert.ok(seen.has(id), `locked ${id} missing`);

  const freeFor = (o: string, start: string) => (busy.get(`${o}/${start}`) ?? 0) < (org.get(o)!.representatives ?? 1);
  const tablesFree = (start: string) => input.tables.some((t) => !tableUse.has(`${start}/${t}`));
  for (const u of result.unscheduled) {
    const r = request.get(u.requestId)!;
    assert.ok(!seen.has(u.requestId), `${u.requestId} both scheduled and not`);
    seen.add(u.requestId);
    assert.ok(u.explanation.length > 0);
    const common = starts.filter((s) => available(r.buyerOrgId, s) && available(r.supplierOrgId, s));
    const full = (o: string) => (total.get(o) ?? 0) >= (org.get(o)!.maxMeetings ?? Infinity);
    const bothFree = common.filter((s) => freeFor(r.buyerOrgId, s) && freeFor(r.supplierOrgId, s));
    const vetoed = r.buyerRank === "no_thanks" || r.supplierRank === "no_thanks";
    const holds: Record<string, boolean> = {
      veto: vetoed,
      no_common_availability: !vetoed && common.length === 0,
      buyer_maximum_reached: full(r.buyerOrgId),
      supplier_maximum_reached: full(r.supplierOrgId),
      no_common_free_slot: common.length > 0 && bothFree.length === 0,
      tables_full: bothFree.length > 0 && bothFree.every((s) => !tablesFree(s)),
    };
    assert.ok(holds[u.reason], `${u.requestId}: "${u.reason}" does not hold`);
  }
  assert.equal(seen.size, input.requests.length, "every request is either scheduled or has a reason");
  assert.equal(result.scheduled, result.meetings.length);
  assert.ok(result.upperBound >= result.scheduled, `bound ${result.upperBound} < ${result.scheduled}`);
  assert.equal(result.gap, result.upperBound - result.scheduled);
  assert.deepEqual(result.fairness, profileOf([...asSupplier.values()]));
  assert.ok(withinPrefixSums(result.fairness, result.fairnessBound), `fairness ${result.fairness} over its bound`);
}

/** Whether every prefix sum of the profile is at most the bound's (suppliers with ≥ 1, with ≥ 1 plus ≥ 2, …). */
export function withinPrefixSums(profile: number[], bound: number[]): boolean {
  let [sum, boundSum] = [0, 0];
  for (let k = 0; k < Math.max(profile.length, bound.length); k++) {
    [sum, boundSum] = [sum + (profile[k] ?? 0), boundSum + (bound[k] ?? 0)];
    if (sum > boundSum) return false;
  }
  return true;
}

/** Suppliers with at least 1, 2, … meetings. */
export function profileOf(counts: number[]): number[] {
  const top = Math.max(0, ...counts);
  return Array.from({ length: top }, (_, k) => counts.filter((c) => c > k).length);
}

/** −1, 0 or 1 as profile a is lexicographically below, equal to or above b. */
export function compareProfiles(a: number[], b: number[]): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++)
    if ((a[k] ?? 0) !== (b[k] ?? 0)) return (a[k] ?? 0) < (b[k] ?? 0) ? -1 : 1;
  return 0;
}

/** By trying every assignment (request → nothing or one of its slots): the best fairness profile and the most meetings. */
export function bruteForce(input: ScheduleInput): { profile: number[]; most: number } {
  const starts = slotStarts(input);
  const slotMs = input.window.slotMinutes * MINUTE;
  const org = new Map(input.participants.map((p) => [p.orgId, p]));
  const available = (o: string, s: string) =>
    (org.get(o)!.availability ?? [input.window]).some(
      (w) => Date.parse(w.start) <= Date.parse(s) && Date.parse(s) + slotMs <= Date.parse(w.end),
    );
  const reqs = input.requests.map((r) => ({
    ...r,
    slots:
      r.buyerRank === "no_thanks" || r.supplierRank === "no_thanks"
        ? []
        : starts.flatMap((s, t) => (available(r.buyerOrgId, s) && available(r.supplierOrgId, s) ? [t] : [])),
  }));
  const busy = new Map<string, number>();
  const total = new Map<string, number>();
  const tables = new Array<number>(starts.length).fill(0);
  const supplierCount = new Map<string, number>(input.requests.map((r) => [r.supplierOrgId, 0]));
  let best = { profile: [] as number[], most: 0 };
  const visit = (i: number, placed: number) => {
    if (i === reqs.length) {
      const profile = profileOf([...supplierCount.values()]);
      if (compareProfiles(profile, best.profile) > 0) best = { ...best, profile };
      best.most = Math.max(best.most, placed);
      return;
    }
    visit(i + 1, placed);
    const r = reqs[i]!;
    const [b, s] = [r.buyerOrgId, r.supplierOrgId];
    if ((total.get(b) ?? 0) >= (org.get(b)!.maxMeetings ?? Infinity)) return;
    if ((total.get(s) ?? 0) >= (org.get(s)!.maxMeetings ?? Infinity)) return;
    for (const t of r.slots) {
      if (tables[t]! >= input.tables.length) continue;
      if ((busy.get(`${b}/${t}`) ?? 0) >= (org.get(b)!.representatives ?? 1)) continue;
      if ((busy.get(`${s}/${t}`) ?? 0) >= (org.get(s)!.representatives ?? 1)) continue;
      const bump = (m: Map<string, number>, k: string, by: number) => m.set(k, (m.get(k) ?? 0) + by);
      const change = (by: number) => {
        tables[t]! += by;
        bump(busy, `${b}/${t}`, by);
        bump(busy, `${s}/${t}`, by);
        bump(total, b, by);
        bump(total, s, by);
        bump(supplierCount, s, by);
      };
      change(1);
      visit(i + 1, placed + 1);
      change(-1);
    }
  };
  visit(0, 0);
  return best;
}
