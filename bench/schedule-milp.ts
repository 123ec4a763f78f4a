/**
 * The exact optimum of a small meeting-scheduling instance, by a real MILP solver (HiGHS as WebAssembly,
 * the `highs` package), written from the scheduler's input alone (none of its code).
 *
 * Variables: x[r,t] = 1 when request r meets in slot t, for each slot both sides can meet in (vetoed
 * requests have none). Tables are interchangeable, so x[r,t,table] is summed over tables: "at most
 * `tables` meetings in slot t" is exactly the condition for naming a table for each (the scheduler's own
 * tables.ts does that last). Constraints: each request at most once; each participant in slot t in at
 * most `representatives` meetings; each slot at most `tables`; each participant at most `maxMeetings`.
 * Fairness: y[s,k] (k = 1 … supplier s's most) with y[s,k] ≤ y[s,k−1] and Σk y[s,k] = s's meetings, so
 * y[s,k] = 1 exactly when s has at least k meetings and N_k = Σs y[s,k] counts suppliers with ≥ k.
 *
 * Solved in stages, each optimum fixed as a lower bound for the next (lexicographic optimisation):
 *   N_1, then N_2, … (the max-min fair profile), then the weight Σ x·(both sides' ranks, must 2, would_like 1),
 * which is the scheduler's own order of objectives. Separately, the most meetings any schedule can hold.
 */
import loadHighs from "highs";
import type { MeetingRank, ScheduleInput } from "@markedsdialog/core";

export interface Exact {
  /** Suppliers with at least 1, 2, … meetings: the lexicographically best profile. */
  profile: number[];
  /** The most weight among schedules with that profile. */
  weight: number;
  /** The most meetings of any schedule (fairness aside). */
  most: number;
  /** MILP solves and the time they took. */
  solves: number;
  ms: number;
  /** The requests met in the last stage's optimum, as [requestId, slot index]. */
  chosen: [string, number][];
}

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let loaded: Promise<Highs> | undefined;
export const highs = () => (loaded ??= loadHighs());

const MINUTE = 60_000;
const rankWeight = (rank: MeetingRank = "would_like") => (rank === "must" ? 2 : rank === "would_like" ? 1 : 0);

/** The slots of the window (start, end in ms), none overlapping a break. */
function slotsOf(input: ScheduleInput): { start: number; end: number }[] {
  const { start, end, slotMinutes, breakMinutes = 0 } = input.window;
  const breaks = (input.breaks ?? []).map((b) => [Date.parse(b.start), Date.parse(b.end)] as const);
  const out: { start: number; end: number }[] = [];
  for (
    let t = Date.parse(start);
    t + slotMinutes * MINUTE <= Date.parse(end);
    t += (slotMinutes + breakMinutes) * MINUTE
  ) {
    const e = t + slotMinutes * MINUTE;
    if (!breaks.some(([bs, be]) => bs < e && t < be)) out.push({ start: t, end: e });
  }
  return out;
}

interface Model {
  /** Variables per request: [name, slot]. */
  x: { name: string; slot: number; request: number }[];
  rows: string[];
  suppliers: Map<string, number>;
  weightTerms: string[];
}

function model(input: ScheduleInput): Model {
  const slots = slotsOf(input);
  const orgs = new Map(input.participants.map((p) => [p.orgId, p]));
  const can = (orgId: string, s: { start: number; end: number }) => {
    const windows = orgs.get(orgId)?.availability;
    return !windows || windows.some((w) => Date.parse(w.start) <= s.start && s.end <= Date.parse(w.end));
  };
  const x: Model["x"] = [];
  const perOrgSlot = new Map<string, string[]>();
  const perOrg = new Map<string, string[]>();
  const perSlot = new Map<number, string[]>();
  const perRequest = new Map<number, string[]>();
  const perSupplier = new Map<string, string[]>();
  const weightTerms: string[] = [];
  const add = <K>(map: Map<K, string[]>, key: K, name: string) => map.set(key, [...(map.get(key) ?? []), name]);
  input.requests.forEach((r, i) => {
    if (r.buyerRank === "no_thanks" || r.supplierRank === "no_thanks") return;
    slots.forEach((s, t) => {
      if (!can(r.buyerOrgId, s) || !can(r.supplierOrgId, s)) return;
      const name = `x_${i}_${t}`;
      x.push({ name, slot: t, request: i });
      add(perRequest, i, name);
      add(perSlot, t, name);
      add(perSupplier, r.supplierOrgId, name);
      for (const org of [r.buyerOrgId, r.supplierOrgId]) {
        add(perOrgSlot, `${org}\u0000${t}`, name);
        add(perOrg, org, name);
      }
      weightTerms.push(`${rankWeight(r.buyerRank) + rankWeight(r.supplierRank)} ${name}`);
    });
  });
  const rows: string[] = [];
  const sum = (names: string[]) => names.join(" + ");
  for (const names of perRequest.values()) rows.push(`${sum(names)} <= 1`);
  for (const names of perSlot.values()) rows.push(`${sum(names)} <= ${input.tables.length}`);
  for (const [key, names] of perOrgSlot) {
    const reps = orgs.get(key.split("\u0000")[0]!)?.representatives ?? 1;
    if (names.length > reps) rows.push(`${sum(names)} <= ${reps}`);
  }
  for (const [org, names] of perOrg) {
    const max = orgs.get(org)?.maxMeetings;
    if (max !== undefined && names.length > max) rows.push(`${sum(names)} <= ${max}`);
  }
  // Fairness indicators, per supplier with variables: y_s_k for k = 1 … its most.
  const suppliers = new Map<string, number>();
  [...perSupplier].forEach(([s, xs], j) => {
    const requests = new Set(xs.map((name) => name.split("_")[1])).size;
    const reps = orgs.get(s)?.representatives ?? 1;
    const most = Math.min(requests, orgs.get(s)?.maxMeetings ?? Infinity, slots.length * reps);
    suppliers.set(`y${j}`, most);
    const ys = Array.from({ length: most }, (_, k) => `y${j}_${k + 1}`);
    for (let k = 1; k < most; k++) rows.push(`${ys[k]} - ${ys[k - 1]} <= 0`);
    rows.push(`${ys.join(" + ")} - ${xs.join(" - ")} = 0`);
  });
  return { x, rows, suppliers, weightTerms };
}

/** Σs y[s,k]: suppliers with at least k meetings. */
function level(m: Model, k: number): string {
  return [...m.suppliers]
    .filter(([, most]) => most >= k)
    .map(([y]) => `${y}_${k}`)
    .join(" + ");
}

function lp(m: Model, objective: string, extra: string[]): string {
  const binaries = [
    ...m.x.map((v) => v.name),
    ...[...m.suppliers].flatMap(([y, most]) => Array.from({ length: most }, (_, k) => `${y}_${k + 1}`)),
  ];
  const rows = [...m.rows, ...extra].map((row, i) => ` c${i}: ${row}`);
  // One term per line keeps lines short for the LP reader.
  const wrap = (s: string) => s.replace(/ ([+-]) /g, "\n   $1 ");
  return `Maximize\n obj: ${wrap(objective || "0 x_none")}\nSubject To\n${wrap(rows.join("\n"))}\nBinary\n ${binaries.join("\n ")}\nEnd\n`;
}

export async function solveExact(input: ScheduleInput): Promise<Exact> {
  const solver = await highs();
  const m = model(input);
  const started = performance.now();
  let solves = 0;
  let chosen: [string, number][] = [];
  const maximise = (objective: string, extra: string[]): number => {
    if (objective === "") return 0;
    solves++;
    const result = solver.solve(lp(m, objective, extra), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-6 });
    if (result.Status !== "Optimal") throw new Error(`HiGHS: ${result.Status}`);
    const columns = result.Columns as Record<string, { Primal: number }>;
    chosen = m.x
      .filter((v) => (columns[v.name]?.Primal ?? 0) > 0.5)
      .map((v) => [input.requests[v.request]!.requestId, v.slot]);
    return Math.round(result.ObjectiveValue);
  };
  const most = maximise(m.x.map((v) => v.name).join(" + "), []);
  const profile: number[] = [];
  const fixed: string[] = [];
  const deepest = Math.max(0, ...m.suppliers.values());
  for (let k = 1; k <= deepest; k++) {
    const n = maximise(level(m, k), fixed);
    if (n === 0) break;
    profile.push(n);
    fixed.push(`${level(m, k)} >= ${n}`);
  }
  const weight = maximise(m.weightTerms.join(" + "), fixed);
  return { profile, weight, most, solves, ms: performance.now() - started, chosen };
}
