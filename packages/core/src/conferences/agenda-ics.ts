/**
 * A participant organisation's meetings as iCalendar (RFC 5545), written with ical-generator: times in
 * Europe/Oslo with its VTIMEZONE (wall times by luxon, whatever the process's TZ), one UID per meeting request (stable across schedule versions) and the
 * stored SEQUENCE, which grows when the meeting's time or table changes, so calendars update it.
 */
import ical from "ical-generator";
import { DateTime } from "luxon";
import type { ConferenceRecord } from "./conference.model";
import type { ScheduleRecord } from "./schedule-store";

/** Europe/Oslo since 1996: CET, CEST from the last Sunday of March to the last Sunday of October. */
const OSLO_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Oslo",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

export function agendaIcs(
  conference: ConferenceRecord,
  schedule: ScheduleRecord,
  orgId: string,
  names: Map<string, string>,
): string {
  const calendar = ical({
    prodId: { company: "Markedsdialog", product: "Agenda", language: "NB" },
    name: `Møteplan: ${conference.title}`,
    timezone: { name: "Europe/Oslo", generator: (tz) => (tz === "Europe/Oslo" ? OSLO_VTIMEZONE : null) },
  });
  for (const m of schedule.meetings) {
    if (m.buyerOrgId !== orgId && m.supplierOrgId !== orgId) continue;
    const other = m.buyerOrgId === orgId ? m.supplierOrgId : m.buyerOrgId;
    calendar.createEvent({
      id: `${m.requestId}@markedsdialog.no`,
      sequence: m.sequence,
      stamp: schedule.publishedAt ?? schedule.createdAt,
      // A plain Date would be written in the process's local time; luxon gives Oslo's wall time.
      start: DateTime.fromJSDate(m.start, { zone: "Europe/Oslo" }),
      end: DateTime.fromJSDate(m.end, { zone: "Europe/Oslo" }),
      timezone: "Europe/Oslo",
      summary: `Møte med ${names.get(other) ?? other}`,
      location: `${m.table}, ${conference.venue}`,
      description: `En-til-en-møte på «${conference.title}», bord/rom ${m.table}.`,
    });
  }
  return calendar.toString();
}
