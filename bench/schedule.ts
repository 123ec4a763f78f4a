/**
 * Meeting scheduler benchmark: `npm run bench:schedule [-- --seeds 10 --buyers 50 --suppliers 300 --requests 1500 --tables 16]`.
 * Generates one conference per seed (a day of 20-minute slots from 08:30 to 16:30 with a lunch break;
 * some participants there half the day, some buyers with two representatives, maxima, vetoes) and schedules
 * it; then re-schedules it after 10 late requests against the first schedule as published. Prints Markdown:
 * solve time p50/p99 over the seeds, meetings, upper bound, gap, fairness, idle slots, moves and memory.
 * Pure CPU: no services.
 */
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { scheduleMeetings, type MeetingRank, type ScheduleInput, type ScheduleResult } from "@markedsdialog/core";
import { seededRandom } from "@markedsdialog/core/shared/random";

const { values: args } = parseArgs({
  options: {
    seeds: { type: "string", default: "10" },
    buyers: { type: "string", default: "50" },
    suppliers: { type: "string", default: "300" },
    requests: { type: "string", default: "1500" },
    tables: { type: "string", default: "16,60" },
  },
});
const [SEEDS, BUYERS, SUPPLIERS, REQUESTS] = [args.seeds, args.buyers, args.suppliers, args.requests].map(Number) as [
  number,
  number,
  number,
  number,
];
const TABLES = args.tables.split(",").map(Number);
const log = (msg: string) => process.stderr.write(`[bench:schedule] ${msg}\n`);
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;
const heap = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

/** mulberry32, for the generated data only (the scheduler has its own). */
function random(seed: number) {
  const next = seededRandom(seed);
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const DAY = Date.parse("2027-03-04T07:30:00Z"); // 08:30 in Oslo
const time = (minutes: number) => new Date(DAY + minutes * 60_000).toISOString();

function conference(seed: number, tables: number): ScheduleInput {
  const r = random(seed);
  const morning = { start: time(0), end: time(180) };
  const afternoon = { start: time(220), end: time(480) };
  const part = () => (r.next() < 0.15 ? [r.next() < 0.5 ? morning : afternoon] : undefined);
  const buyers = Array.from({ length: BUYERS }, (_, i) => ({
    orgId: `buyer-${i}`,
    representatives: r.next() < 0.2 ? 2 : 1,
    availability: part(),
    maxMeetings: 12 + r.int(12),
  }));
  const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => ({
    orgId: `supplier-${i}`,
    availability: part(),
    maxMeetings: 3 + r.int(4),
  }));
  // Popular buyers draw more requests: buyer i is picked with weight 1 / (1 + i / 10).
  const weights = buyers.map((_, i) => 1 / (1 + i / 10));
  const sum = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = r.next() * sum;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) <= 0) return i;
    return weights.length - 1;
  };
  const rank = (must: number, no: number): MeetingRank => {
    const x = r.next();
    return x < no ? "no_thanks" : x < no + must ? "must" : "would_like";
  };
  const pairs = new Set<string>();
  const requests: ScheduleInput["requests"] = [];
  while (requests.length < REQUESTS) {
    const [b, s] = [pick(), r.int(SUPPLIERS)];
    if (pairs.has(`${b}/${s}`)) continue;
    pairs.add(`${b}/${s}`);
    requests.push({
      requestId: `req-${requests.length}`,
      buyerOrgId: `buyer-${b}`,
      supplierOrgId: `supplier-${s}`,
      supplierRank: rank(0.3, 0),
      buyerRank: rank(0.2, 0.1),
    });
  }
  return {
    window: { start: time(0), end: time(480), slotMinutes: 20 },
    breaks: [{ start: time(180), end: time(220) }],
    tables: Array.from({ length: tables }, (_, i) => `Bord ${i + 1}`),
    participants: [...buyers, ...suppliers],
    requests,
    seed,
  };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
const ms = (x: number) => (x < 100 ? x.toFixed(1) : x.toFixed(0));

console.log(
  `Scheduler: ${BUYERS} buyers × ${SUPPLIERS} suppliers × ${REQUESTS} requests, 22 slots of 20 minutes (08:30–16:30, lunch 11:30–12:10), ${SEEDS} seeds\n`,
);
console.log(
  "| tables | run | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | meetings | upper bound (by) | gap | suppliers with ≥1 / ≥2 / ≥3 | first meetings / bound | profile = bound | idle slots | moved + dropped | heap MB | peak RSS MB |",
);
console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const tables of TABLES) {
  type Run = { ms: number; cpu: number; result: ScheduleResult; heap: number };
  const rows: Record<"first" | "again", Run[]> = { first: [], again: [] };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const input = conference(seed, tables);
    const before = heap();
    let [started, cpu] = [performance.now(), process.cpuUsage()];
    const first = scheduleMeetings(input);
    rows.first.push({
      ms: performance.now() - started,
      cpu: process.cpuUsage(cpu).user / 1000,
      result: first,
      heap: process.memoryUsage().heapUsed - before,
    });
    // Late changes: 10 new requests, the first schedule as published.
    const late = conference(seed + 1000, tables)
      .requests.slice(0, 10)
      .map((r, i) => ({ ...r, requestId: `late-${i}` }));
    const known = new Set(input.requests.map((r) => `${r.buyerOrgId}/${r.supplierOrgId}`));
    const previous = first.meetings.map(({ requestId, start, table }) => ({ requestId, start, table }));
    const changed = {
      ...input,
      requests: [...input.requests, ...late.filter((r) => !known.has(`${r.buyerOrgId}/${r.supplierOrgId}`))],
      previous,
    };
    [started, cpu] = [performance.now(), process.cpuUsage()];
    const again = scheduleMeetings(changed);
    rows.again.push({
      ms: performance.now() - started,
      cpu: process.cpuUsage(cpu).user / 1000,
      result: again,
      heap: 0,
    });
    log(
      `tables ${tables} seed ${seed}: ${first.scheduled}/${first.upperBound} in ${ms(rows.first.at(-1)!.ms)} ms; again ${ms(rows.again.at(-1)!.ms)} ms, moved ${again.moved} dropped ${again.dropped}`,
    );
  }
  for (const [name, list] of Object.entries(rows)) {
    const times = list.map((x) => x.ms).sort((a, b) => a - b);
    const cpuTimes = list.map((x) => x.cpu).sort((a, b) => a - b);
    const results = list.map((x) => x.result);
    const profile = (k: number) => Math.round(mean(results.map((x) => x.fairness[k] ?? 0)));
    const bounds = [...new Set(results.map((x) => x.boundBy))].join(", ");
    // Suppliers with a first meeting against the most any schedule could give one, summed over the seeds.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const firstMeetings = `${sum(results.map((x) => x.fairness[0] ?? 0))} / ${sum(results.map((x) => x.fairnessBound[0] ?? 0))}`;
    const proved = results.filter((x) => JSON.stringify(x.fairness) === JSON.stringify(x.fairnessBound)).length;
    console.log(
      `| ${tables} | ${name === "first" ? "first schedule" : "after 10 late requests"} | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.99))} | ${ms(quantile(cpuTimes, 0.5))} | ${ms(quantile(cpuTimes, 0.99))} | ${range(results.map((x) => x.scheduled))} | ${range(results.map((x) => x.upperBound))} (${bounds}) | ${range(results.map((x) => x.gap))} | ${profile(0)} / ${profile(1)} / ${profile(2)} | ${firstMeetings} | ${proved} of ${list.length} | ${Math.round(mean(results.map((x) => x.idleSlots)))} | ${name === "first" ? "—" : range(results.map((x) => x.moved + x.dropped))} | ${name === "first" ? Math.round(Math.max(...list.map((x) => x.heap)) / 1048576) : ""} | ${Math.round(process.resourceUsage().maxRSS / 1024)} |`,
    );
  }
}
