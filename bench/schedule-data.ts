/**
 * Generated conferences for the scheduler benchmarks (bench/schedule.ts, bench/schedule-exact.ts): a day of
 * 20-minute slots from 08:30 with a 40-minute lunch after about 40 % of them; 15 % of participants there
 * for the morning or the afternoon only, 20 % of buyers with two representatives, buyer maxima 12–23,
 * supplier maxima 3–6, popular buyers drawn more (weight 1 / (1 + i / 10)), 30 % of suppliers' and 20 % of
 * buyers' requests "must", 10 % of buyers' answers "no thanks" (a veto).
 */
import type { MeetingRank, ScheduleInput } from "@markedsdialog/core";
import { seededRandom } from "@markedsdialog/core/shared/random";

export interface ConferenceShape {
  buyers: number;
  suppliers: number;
  requests: number;
  slots: number;
  tables: number;
  /** Buyer and supplier maxima [least, most] (default 12–23 and 3–6). */
  buyerMax?: [number, number];
  supplierMax?: [number, number];
}

/** mulberry32, for the generated data only (the scheduler has its own). */
function random(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    between: ([a, b]: [number, number]) => a + Math.floor(next() * (b - a + 1)),
  };
}

const DAY = Date.parse("2027-03-04T07:30:00Z"); // 08:30 in Oslo
const SLOT = 20;
const LUNCH = 40;
const time = (minutes: number) => new Date(DAY + minutes * 60_000).toISOString();

/** The day's shape: slots before lunch, the lunch break, the end. */
export function dayOf(slots: number) {
  const morning = Math.max(1, Math.round(slots * 0.4));
  const lunchStart = morning * SLOT;
  const end = lunchStart + LUNCH + (slots - morning) * SLOT;
  return { morning, lunchStart, lunchEnd: lunchStart + LUNCH, end };
}

export function conference(seed: number, shape: ConferenceShape): ScheduleInput {
  const r = random(seed);
  const day = dayOf(shape.slots);
  const morning = { start: time(0), end: time(day.lunchStart) };
  const afternoon = { start: time(day.lunchEnd), end: time(day.end) };
  const part = () => (r.next() < 0.15 ? [r.next() < 0.5 ? morning : afternoon] : undefined);
  const buyers = Array.from({ length: shape.buyers }, (_, i) => ({
    orgId: `buyer-${i}`,
    representatives: r.next() < 0.2 ? 2 : 1,
    availability: part(),
    maxMeetings: r.between(shape.buyerMax ?? [12, 23]),
  }));
  const suppliers = Array.from({ length: shape.suppliers }, (_, i) => ({
    orgId: `supplier-${i}`,
    availability: part(),
    maxMeetings: r.between(shape.supplierMax ?? [3, 6]),
  }));
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
  const most = Math.min(shape.requests, shape.buyers * shape.suppliers);
  while (requests.length < most) {
    const [b, s] = [pick(), r.int(shape.suppliers)];
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
    window: { start: time(0), end: time(day.end), slotMinutes: SLOT },
    breaks: [{ start: time(day.lunchStart), end: time(day.lunchEnd) }],
    tables: Array.from({ length: shape.tables }, (_, i) => `Bord ${i + 1}`),
    participants: [...buyers, ...suppliers],
    requests,
    seed,
  };
}

/** A small instance's shape for the exact comparison: 4–8 buyers, 10–30 suppliers, 30–80 requests, 6–10 slots, 2–4 tables, buyer maxima 4–10. */
export function smallShape(seed: number): ConferenceShape {
  const r = seededRandom(seed * 7919);
  const between = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  return {
    buyers: between(4, 8),
    suppliers: between(10, 30),
    requests: between(30, 80),
    slots: between(6, 10),
    tables: between(2, 4),
    buyerMax: [4, 10],
  };
}
