/** The printable meeting grid: one row per slot, one column per table, buyer and supplier in each cell. */
import type { ConferenceRecord } from "./conference.model";
import { escapeHtml as e, GROUPS_STYLE } from "./groups-html";
import type { ScheduleRecord } from "./schedule-store";
import { osloIso, osloText } from "./times";

const STATE_NAMES = {
  generated: "utkast",
  preliminary: "foreløpig",
  final: "endelig",
  superseded: "erstattet",
} as const;

export function renderScheduleGrid(c: ConferenceRecord, s: ScheduleRecord, names: Map<string, string>): string {
  const tables = c.meetings?.tables ?? [...new Set(s.meetings.map((m) => m.table))];
  const starts = [...new Set(s.meetings.map((m) => m.start.getTime()))].sort((a, b) => a - b);
  const cell = (start: number, table: string) => {
    const m = s.meetings.find((x) => x.start.getTime() === start && x.table === table);
    if (!m) return "<td></td>";
    return `<td>${e(names.get(m.buyerOrgId) ?? m.buyerOrgId)}<br>${e(names.get(m.supplierOrgId) ?? m.supplierOrgId)}</td>`;
  };
  const rows = starts.map(
    (start) =>
      `<tr><th>${e(osloIso(new Date(start)).slice(11, 16))}</th>${tables.map((t) => cell(start, t)).join("")}</tr>`,
  );
  return [
    "<!doctype html>",
    `<html lang="nb"><head><meta charset="utf-8"><title>Møteplan – ${e(c.title)}</title>`,
    `<style>${GROUPS_STYLE}</style></head><body>`,
    `<h1>${e(c.title)}</h1>`,
    `<p>${e(c.venue)}, ${e(osloText(c.startsAt))}. Møteplan versjon ${s.version} (${STATE_NAMES[s.state]}), ${s.meetings.length} møter.</p>`,
    `<table><thead><tr><th>Tid</th>${tables.map((t) => `<th>${e(t)}</th>`).join("")}</tr></thead>`,
    `<tbody>${rows.join("")}</tbody></table>`,
    "</body></html>",
    "",
  ].join("\n");
}
