/**
 * The scheduler against the exact optimum: `npm run bench:schedule-exact [-- --instances 60]`.
 * Small generated conferences (bench/schedule-data.ts; 4–8 buyers, 10–30 suppliers, 30–80 requests, 6–10
 * slots, 2–4 tables, buyer maxima 4–10) solved by the scheduler and by HiGHS (bench/schedule-milp.ts) on
 * the scheduler's own order of objectives: the max-min fair profile first, then the weight. Prints
 * Markdown: the share where the scheduler's profile and weight equal the optimum, the gaps otherwise, the
 * bound against the most meetings, and both solve times.
 */
import { parseArgs } from "node:util";
import { scheduleMeetings } from "@markedsdialog/core";
import { conference, smallShape } from "./schedule-data";
import { highs, solveExact } from "./schedule-milp";

const { values: args } = parseArgs({ options: { instances: { type: "string", default: "60" } } });
const INSTANCES = Number(args.instances);
const log = (msg: string) => process.stderr.write(`[bench:schedule-exact] ${msg}\n`);

const compare = (a: number[], b: number[]) => {
  for (let k = 0; k < Math.max(a.length, b.length); k++)
    if ((a[k] ?? 0) !== (b[k] ?? 0)) return (a[k] ?? 0) - (b[k] ?? 0);
  return 0;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

await highs();
type Row = {
  profile: boolean;
  weight: boolean;
  weightGap: number;
  meetingsGap: number;
  boundOk: boolean;
  boundTight: boolean;
  ours: number;
  exact: number;
  solves: number;
};
const rows: Row[] = [];
for (let seed = 1; seed <= INSTANCES; seed++) {
  const input = conference(seed, smallShape(seed));
  const started = performance.now();
  const result = scheduleMeetings(input);
  const ours = performance.now() - started;
  const exact = await solveExact(input);
  const sameProfile = compare(result.fairness, exact.profile) === 0;
  if (compare(result.fairness, exact.profile) > 0)
    throw new Error(`seed ${seed}: the scheduler beat the exact profile`);
  const row: Row = {
    profile: sameProfile,
    weight: sameProfile && result.weight === exact.weight,
    weightGap: sameProfile ? (100 * (exact.weight - result.weight)) / Math.max(1, exact.weight) : NaN,
    meetingsGap: exact.profile.reduce((a, b) => a + b, 0) - result.scheduled,
    boundOk: result.upperBound >= exact.most,
    boundTight: result.upperBound === exact.most,
    ours,
    exact: exact.ms,
    solves: exact.solves,
  };
  rows.push(row);
  log(
    `seed ${seed}: profile ${JSON.stringify(result.fairness)} vs ${JSON.stringify(exact.profile)}, weight ${result.weight} vs ${exact.weight}, meetings ${result.scheduled} (bound ${result.upperBound}, most ${exact.most}); ${ours.toFixed(1)} ms vs ${exact.ms.toFixed(0)} ms (${exact.solves} solves)`,
  );
}
const count = (f: (r: Row) => boolean) => rows.filter(f).length;
const off = rows.filter((r) => !r.weight);
console.log(
  `Scheduler against HiGHS on ${INSTANCES} small instances (4–8 buyers, 10–30 suppliers, 30–80 requests, 6–10 slots, 2–4 tables)\n`,
);
console.log(
  "| instances | optimum (profile and weight) | profile optimal | weight gap when not (mean / max) | meetings short of the fair optimum | bound ≥ most meetings / = | scheduler ms p50 / max | HiGHS ms p50 / max (solves) |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
const weightGaps = off.filter((r) => r.profile).map((r) => r.weightGap);
console.log(
  `| ${rows.length} | ${count((r) => r.weight)} (${((100 * count((r) => r.weight)) / rows.length).toFixed(0)} %) | ${count((r) => r.profile)} | ${weightGaps.length ? `${mean(weightGaps).toFixed(2)} % / ${Math.max(...weightGaps).toFixed(2)} %` : "—"} | ${rows.reduce((a, r) => a + Math.max(0, r.meetingsGap), 0)} in ${count((r) => r.meetingsGap > 0)} | ${count((r) => r.boundOk)} / ${count((r) => r.boundTight)} | ${quantile(
    rows.map((r) => r.ours),
    0.5,
  ).toFixed(1)} / ${Math.max(...rows.map((r) => r.ours)).toFixed(1)} | ${quantile(
    rows.map((r) => r.exact),
    0.5,
  ).toFixed(
    0,
  )} / ${Math.max(...rows.map((r) => r.exact)).toFixed(0)} (${mean(rows.map((r) => r.solves)).toFixed(1)}) |`,
);
