/** The meetings grid of a conference: its slots (rows) and tables (columns), and who sits where. */
import type { Schemas } from "../../api/client";

export type Meeting = Schemas["MeetingSchedule"]["meetings"][number];

export interface Grid {
  slots: { start: number; end: number }[];
  tables: string[];
  at(table: string, start: number): Meeting | undefined;
}

/** The slots as the API cuts them (start, then slot plus break), with any meeting start outside them kept. */
export function scheduleGrid(meetings: Schemas["Conference"]["meetings"], placed: Meeting[]): Grid {
  const slots: { start: number; end: number }[] = [];
  if (meetings) {
    const [start, end] = [Date.parse(meetings.start), Date.parse(meetings.end)];
    const length = meetings.slotMinutes * 60_000;
    const step = (meetings.slotMinutes + (meetings.breakMinutes ?? 0)) * 60_000;
    for (let s = start; s + length <= end && slots.length < 500; s += step) slots.push({ start: s, end: s + length });
  }
  for (const m of placed) {
    const s = Date.parse(m.start);
    if (!slots.some((slot) => slot.start === s)) slots.push({ start: s, end: Date.parse(m.end) });
  }
  slots.sort((a, b) => a.start - b.start);
  const tables = [...(meetings?.tables ?? [])];
  for (const m of placed) if (!tables.includes(m.table)) tables.push(m.table);
  const byPlace = new Map(placed.map((m) => [`${m.table}\u0000${Date.parse(m.start)}`, m]));
  return { slots, tables, at: (table, start) => byPlace.get(`${table}\u0000${start}`) };
}
