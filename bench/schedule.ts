/**
 * Meeting scheduler benchmark:
 *   `npm run bench:schedule [-- --seeds 10 --buyers 50 --suppliers 300 --requests 1500 --slots 22 --tables 16,60]`
 *   `npm run bench:schedule -- --preset a|b [--seeds N]` (issue 9's instances: (a) 50 buyers, 500 suppliers,
 *   3,000 requests, 16 slots, 40 tables; (b) 300 buyers, 3,000 suppliers, 20,000 requests, 20 slots, 200 tables).
 * Generates one conference per seed (bench/schedule-data.ts) and schedules it; then re-schedules it after 10
 * late requests against the first schedule as published. Prints Markdown: solve wall and CPU time (user +
 * system, this thread and the garbage collector's) over the seeds, meetings, upper bound, gap, fairness,
 * suppliers covered, idle slots, moves and memory. Pure CPU: no services.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { scheduleMeetings, type ScheduleInput, type ScheduleResult } from "@markedsdialog/core";
import { conference, type ConferenceShape } from "./schedule-data";

const PRESETS: Record<string, ConferenceShape & { seeds: number }> = {
  a: { buyers: 50, suppliers: 500, requests: 3000, slots: 16, tables: 40, seeds: 5 },
  b: { buyers: 300, suppliers: 3000, requests: 20000, slots: 20, tables: 200, seeds: 3 },
};
const { values: args } = parseArgs({
  options: {
    preset: { type: "string" },
    seeds: { type: "string" },
    buyers: { type: "string", default: "50" },
    suppliers: { type: "string", default: "300" },
    requests: { type: "string", default: "1500" },
    slots: { type: "string", default: "22" },
    tables: { type: "string", default: "16,60" },
  },
});
const preset = args.preset === undefined ? undefined : PRESETS[args.preset];
if (args.preset !== undefined && !preset) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(", ")}`);
const shapes: ConferenceShape[] = preset
  ? [preset]
  : args.tables.split(",").map((tables) => ({
      buyers: Number(args.buyers),
      suppliers: Number(args.suppliers),
      requests: Number(args.requests),
      slots: Number(args.slots),
      tables: Number(tables),
    }));
const SEEDS = Number(args.seeds ?? preset?.seeds ?? 10);
const log = (msg: string) => process.stderr.write(`[bench:schedule] ${msg}\n`);
// `node --expose-gc` (the npm script passes it), rather than setting the flag at run time.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heap = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
const ms = (x: number) => (x < 100 ? x.toFixed(1) : x.toFixed(0));
const pct = (x: number) => `${x.toFixed(2)} %`;

type Run = { ms: number; cpu: number; result: ScheduleResult; heap: number; suppliers: number };

function timed(input: ScheduleInput, measureHeap: boolean): Run {
  const before = measureHeap ? heap() : 0;
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const result = scheduleMeetings(input);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  const grown = measureHeap ? process.memoryUsage().heapUsed - before : 0;
  // Suppliers with at least one request not vetoed (availability aside): those who asked.
  const suppliers = new Set(
    input.requests
      .filter((r) => r.buyerRank !== "no_thanks" && r.supplierRank !== "no_thanks")
      .map((r) => r.supplierOrgId),
  ).size;
  return { ms: wall, cpu: (used.user + used.system) / 1000, result, heap: grown, suppliers };
}

const [load1, load5] = loadavg();
const { buyers, suppliers, requests, slots } = shapes[0]!;
console.log(
  `Scheduler${preset ? ` preset ${args.preset}` : ""}: ${buyers} buyers × ${suppliers} suppliers × ${requests} requests, ${slots} slots of 20 minutes (lunch 40 minutes), ${SEEDS} seeds; load average ${load1!.toFixed(1)} / ${load5!.toFixed(1)} (1 / 5 min) at the start\n`,
);
console.log(
  "| tables | run | wall p50 ms | wall max ms | CPU p50 ms | CPU max ms | meetings | upper bound (by) | gap | gap % (max) | suppliers covered / asked / bound | suppliers with ≥1 / ≥2 / ≥3 | profile = bound | idle slots | moved + dropped | heap MB | peak RSS MB |",
);
console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const shape of shapes) {
  const rows: Record<"first" | "again", Run[]> = { first: [], again: [] };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const input = conference(seed, shape);
    const first = timed(input, true);
    rows.first.push(first);
    // Late changes: 10 new requests, the first schedule as published.
    const late = conference(seed + 1000, shape)
      .requests.slice(0, 10)
      .map((r, i) => ({ ...r, requestId: `late-${i}` }));
    const known = new Set(input.requests.map((r) => `${r.buyerOrgId}/${r.supplierOrgId}`));
    const previous = first.result.meetings.map(({ requestId, start, table }) => ({ requestId, start, table }));
    const changed = {
      ...input,
      requests: [...input.requests, ...late.filter((r) => !known.has(`${r.buyerOrgId}/${r.supplierOrgId}`))],
      previous,
    };
    const again = timed(changed, false);
    rows.again.push(again);
    log(
      `tables ${shape.tables} seed ${seed}: ${first.result.scheduled}/${first.result.upperBound} in ${ms(first.ms)} ms (CPU ${ms(first.cpu)}); again ${ms(again.ms)} ms, moved ${again.result.moved} dropped ${again.result.dropped}`,
    );
  }
  for (const [name, list] of Object.entries(rows)) {
    const times = list.map((x) => x.ms).sort((a, b) => a - b);
    const cpuTimes = list.map((x) => x.cpu).sort((a, b) => a - b);
    const results = list.map((x) => x.result);
    const profile = (k: number) => Math.round(mean(results.map((x) => x.fairness[k] ?? 0)));
    const bounds = [...new Set(results.map((x) => x.boundBy))].join(", ");
    const gapPct = Math.max(...results.map((x) => (100 * x.gap) / Math.max(1, x.upperBound)));
    // Suppliers with a first meeting, those who asked, and the most any schedule could give one, summed over the seeds.
    const covered = `${sum(results.map((x) => x.fairness[0] ?? 0))} / ${sum(list.map((x) => x.suppliers))} / ${sum(results.map((x) => x.fairnessBound[0] ?? 0))}`;
    const proved = results.filter((x) => JSON.stringify(x.fairness) === JSON.stringify(x.fairnessBound)).length;
    console.log(
      `| ${shape.tables} | ${name === "first" ? "first schedule" : "after 10 late requests"} | ${ms(quantile(times, 0.5))} | ${ms(times.at(-1)!)} | ${ms(quantile(cpuTimes, 0.5))} | ${ms(cpuTimes.at(-1)!)} | ${range(results.map((x) => x.scheduled))} | ${range(results.map((x) => x.upperBound))} (${bounds}) | ${range(results.map((x) => x.gap))} | ${pct(gapPct)} | ${covered} | ${profile(0)} / ${profile(1)} / ${profile(2)} | ${proved} of ${list.length} | ${Math.round(mean(results.map((x) => x.idleSlots)))} | ${name === "first" ? "—" : range(results.map((x) => x.moved + x.dropped))} | ${name === "first" ? Math.round(Math.max(...list.map((x) => x.heap)) / 1048576) : ""} | ${Math.round(process.resourceUsage().maxRSS / 1024)} |`,
    );
  }
}
