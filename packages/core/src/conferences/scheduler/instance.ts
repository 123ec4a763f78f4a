/**
 * The input checked and turned into indexes: slots, organisations with their free slots per slot, requests
 * with their weights, seeded tie-breaks and the slots both sides can meet in. Bad input throws one
 * `invalid` error naming every failing field by path.
 */
import { invalid, type FieldIssue } from "../../errors";
import { seededPrng } from "./prng";
import type { MeetingRank, ScheduleInput, AvailabilityWindow } from "./types";

export interface Slot {
  start: number;
  end: number;
}

export interface Org {
  id: string;
  reps: number;
  min: number;
  max: number;
  /** 1 where the organisation can meet in that slot. */
  available: Uint8Array;
}

export type Veto = "buyer" | "supplier" | "both";

export interface Req {
  id: string;
  buyer: number;
  supplier: number;
  /** Both sides' ranks summed: must 2, would_like 1. */
  weight: number;
  /** Seeded, in [0, TIE_RANGE): the last tie-break. */
  tie: number;
  /** Seeded slot to start looking from, so equal slots are tried in a seeded order. */
  rotation: number;
  veto: Veto | undefined;
  /** The slots both sides can meet in (none when vetoed); a locked request's only slot is its own. */
  slots: number[];
  locked: { slot: number; table: number } | undefined;
  /** Its place in the previous schedule; slot or table −1 when that no longer exists. */
  previous: { slot: number; table: number } | undefined;
}

export interface Instance {
  seed: number;
  slots: Slot[];
  tables: string[];
  orgs: Org[];
  requests: Req[];
  /** Previous meetings whose request is gone: they count as dropped. */
  withdrawnPrevious: number;
}

export const TIE_RANGE = 1024;
const MAX_SLOTS = 2000;
const rankWeight = (rank: MeetingRank): number => (rank === "must" ? 2 : rank === "would_like" ? 1 : 0);

export function buildInstance(input: ScheduleInput): Instance {
  const issues: FieldIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path, message });
  const time = (value: string, path: string): number => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) fail(path, "not an ISO 8601 instant");
    return ms;
  };
  const whole = (value: number | undefined, path: string, least: number, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < least) fail(path, `must be a whole number ≥ ${least}`);
    return value;
  };
  const windowOf = (w: AvailabilityWindow, path: string): Slot => {
    const span = { start: time(w.start, `${path}.start`), end: time(w.end, `${path}.end`) };
    if (span.start >= span.end) fail(`${path}.end`, "must be after start");
    return span;
  };

  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 0xffffffff)
    fail("seed", "must be a whole number 0 … 4294967295");
  const window = windowOf(input.window, "window");
  const slotMinutes = whole(input.window.slotMinutes, "window.slotMinutes", 1, 1);
  const breakMinutes = whole(input.window.breakMinutes, "window.breakMinutes", 0, 0);
  const breaks = (input.breaks ?? []).map((b, i) => windowOf(b, `breaks.${i}`));
  if (issues.length > 0) throw invalid("The schedule's input is not valid", issues);
  const slots = cutSlots(window, slotMinutes, breakMinutes, breaks);
  if (slots.length > MAX_SLOTS) fail("window", `gives ${slots.length} slots, more than ${MAX_SLOTS}`);

  const tableIndex = uniqueIndex(input.tables, (t) => t, "tables", fail);
  const orgIndex = uniqueIndex(input.participants, (p) => p.orgId, "participants", fail, "orgId");
  const orgs: Org[] = input.participants.map((p, i) => {
    const path = `participants.${i}`;
    const windows = p.availability?.map((w, j) => windowOf(w, `${path}.availability.${j}`)) ?? [window];
    const min = whole(p.minMeetings, `${path}.minMeetings`, 0, 0);
    const max = whole(p.maxMeetings, `${path}.maxMeetings`, 0, Number.MAX_SAFE_INTEGER);
    if (min > max) fail(`${path}.minMeetings`, "must not exceed maxMeetings");
    const available = new Uint8Array(slots.length);
    slots.forEach((s, t) => (available[t] = windows.some((w) => w.start <= s.start && s.end <= w.end) ? 1 : 0));
    return { id: p.orgId, reps: whole(p.representatives, `${path}.representatives`, 1, 1), min, max, available };
  });

  const prng = seededPrng(input.seed);
  uniqueIndex(input.requests, (r) => r.requestId, "requests", fail, "requestId");
  const requests: Req[] = input.requests.map((r, i) => {
    const path = `requests.${i}`;
    const buyer = orgIndex.get(r.buyerOrgId) ?? -1;
    const supplier = orgIndex.get(r.supplierOrgId) ?? -1;
    if (buyer < 0) fail(`${path}.buyerOrgId`, "is not a participant");
    if (supplier < 0) fail(`${path}.supplierOrgId`, "is not a participant");
    if (buyer >= 0 && buyer === supplier) fail(`${path}.supplierOrgId`, "is the buyer itself");
    const ranks = [r.buyerRank ?? "would_like", r.supplierRank ?? "would_like"] as const;
    const veto = vetoOf(ranks[0], ranks[1]);
    const [b, s] = [orgs[buyer], orgs[supplier]];
    const common = veto || !b || !s ? [] : slots.flatMap((_, t) => (b.available[t] && s.available[t] ? [t] : []));
    const weight = veto ? 0 : rankWeight(ranks[0]) + rankWeight(ranks[1]);
    const [tie, rotation] = [prng.int(TIE_RANGE), prng.int(Math.max(1, slots.length))];
    return {
      id: r.requestId,
      buyer,
      supplier,
      weight,
      tie,
      rotation,
      veto,
      slots: common,
      locked: undefined,
      previous: undefined,
    };
  });
  const requestIndex = new Map(requests.map((r, i) => [r.id, i]));
  const slotIndex = new Map(slots.map((s, t) => [s.start, t]));

  (input.locked ?? []).forEach((m, i) => {
    const path = `locked.${i}`;
    const req = requests[requestIndex.get(m.requestId) ?? -1];
    const slot = slotIndex.get(Date.parse(m.start)) ?? -1;
    const table = tableIndex.get(m.table) ?? -1;
    if (!req) return fail(`${path}.requestId`, "is not a request");
    if (req.locked) return fail(`${path}.requestId`, "is locked twice");
    if (slot < 0) fail(`${path}.start`, "is not the start of a slot");
    if (table < 0) fail(`${path}.table`, "is not a table");
    req.locked = { slot, table };
    req.slots = [slot];
  });
  let withdrawnPrevious = 0;
  const seenPrevious = new Set<string>();
  (input.previous ?? []).forEach((m, i) => {
    if (seenPrevious.has(m.requestId)) return fail(`previous.${i}.requestId`, "appears twice");
    seenPrevious.add(m.requestId);
    const req = requests[requestIndex.get(m.requestId) ?? -1];
    if (!req) return void withdrawnPrevious++;
    req.previous = { slot: slotIndex.get(Date.parse(m.start)) ?? -1, table: tableIndex.get(m.table) ?? -1 };
  });
  if (issues.length === 0) checkLocked(requests, orgs, input.tables.length, fail);
  if (issues.length > 0) throw invalid("The schedule's input is not valid", issues);
  return { seed: input.seed, slots, tables: input.tables, orgs, requests, withdrawnPrevious };
}

/** Equal slots from the window's start, each `breakMinutes` after the last, none overlapping a break. */
export function cutSlots(window: Slot, slotMinutes: number, breakMinutes: number, breaks: Slot[]): Slot[] {
  const slots: Slot[] = [];
  const [length, step] = [slotMinutes * 60_000, (slotMinutes + breakMinutes) * 60_000];
  for (let start = window.start; start + length <= window.end && slots.length <= MAX_SLOTS; start += step) {
    const end = start + length;
    if (!breaks.some((b) => b.start < end && start < b.end)) slots.push({ start, end });
  }
  return slots;
}

function vetoOf(buyer: MeetingRank, supplier: MeetingRank): Veto | undefined {
  if (buyer === "no_thanks") return supplier === "no_thanks" ? "both" : "buyer";
  return supplier === "no_thanks" ? "supplier" : undefined;
}

function uniqueIndex<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: string,
  fail: (path: string, message: string) => void,
  field?: string,
): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (index.has(k)) fail(field ? `${path}.${i}.${field}` : `${path}.${i}`, "appears twice");
    else index.set(k, i);
  });
  return index;
}

/** Locked meetings must fit together: one per table and slot, no participant over its representatives or maximum. */
function checkLocked(requests: Req[], orgs: Org[], tables: number, fail: (path: string, message: string) => void) {
  const tableUse = new Set<string>();
  const orgUse = new Map<string, number>();
  const orgTotal = new Map<number, number>();
  requests.forEach((r) => {
    if (!r.locked) return;
    const place = `${r.locked.slot}/${r.locked.table}`;
    if (tableUse.has(place) || r.locked.table >= tables) fail("locked", `two locked meetings at one table (${r.id})`);
    tableUse.add(place);
    for (const org of [r.buyer, r.supplier]) {
      const key = `${org}/${r.locked.slot}`;
      orgUse.set(key, (orgUse.get(key) ?? 0) + 1);
      orgTotal.set(org, (orgTotal.get(org) ?? 0) + 1);
      if ((orgUse.get(key) ?? 0) > orgs[org]!.reps)
        fail("locked", `${orgs[org]!.id} has more locked meetings at once than representatives (${r.id})`);
    }
  });
  for (const [org, total] of orgTotal)
    if (total > orgs[org]!.max) fail(`participants.${org}.maxMeetings`, "is below its locked meetings");
}

/** Whether a request can be met at all: not vetoed (unless locked) and with a slot both sides can meet in. */
export const meetable = (r: Req): boolean => r.slots.length > 0;

/**
 * Per organisation, how many meetings its slots can hold: the distinct slots of its meetable requests times
 * its representatives. Every meeting of the organisation lies in one of those slots, each holding at most
 * `reps` of its meetings at once.
 */
export function slotRoom(inst: Instance): number[] {
  const seen = inst.orgs.map(() => new Set<number>());
  for (const r of inst.requests)
    for (const t of r.slots) {
      seen[r.buyer]!.add(t);
      seen[r.supplier]!.add(t);
    }
  return inst.orgs.map((o, i) => seen[i]!.size * o.reps);
}
