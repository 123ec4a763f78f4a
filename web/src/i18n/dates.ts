/**
 * Dates and times as people in Norway type them: `dd.mm.åååå` and `dd.mm.åååå tt:mm` (24 h), always in
 * Norway's time (Europe/Oslo) whatever the browser's time zone, to and from the API's forms: `YYYY-MM-DD`
 * and an ISO instant with Oslo's offset (`2027-03-10T09:00:00+01:00`). Text that is no date is passed on
 * as typed, so the API's answer (invalid_date) says so at the field.
 */
const ZONE = "Europe/Oslo";
const pad = (n: number) => String(n).padStart(2, "0");
const DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DATE_TIME = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+|\s*kl\.?\s*)(\d{1,2})[:.](\d{2})$/;

function isDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `10.3.2027` → `2027-03-10`; undefined unless it is a calendar date. */
export function parseDate(text: string): string | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isDay(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

/** `2027-03-10` → `10.03.2027`; anything else as it is. */
export function showDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** Oslo's wall clock at an instant: [year, month, day, hour, minute]. */
function osloClock(ms: number): number[] {
  const get = (type: string) => Number(parts.formatToParts(ms).find((p) => p.type === type)?.value);
  return [get("year"), get("month"), get("day"), get("hour"), get("minute")];
}

/** Oslo's offset from UTC in minutes at an instant (60 in winter, 120 in summer). */
function osloOffset(ms: number): number {
  const [y, mo, d, h, mi] = osloClock(ms) as [number, number, number, number, number];
  return Math.round((Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** `10.03.2027 09:00` (Oslo) → `2027-03-10T09:00:00+01:00`; undefined unless it is such a time. */
export function parseDateTime(text: string): string | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (!isDay(year, month, day) || hour > 23 || minute > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at the guess, then at the instant it gives (right on both sides of a clock change).
  const offset = osloOffset(wall - osloOffset(wall) * 60_000);
  const sign = offset >= 0 ? "+" : "-";
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00${zone}`;
}

/** An ISO instant → `10.03.2027 09:00` in Oslo; anything else as it is. */
export function showDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return iso;
  const [y, mo, d, h, mi] = osloClock(ms) as [number, number, number, number, number];
  return `${pad(d)}.${pad(mo)}.${y} ${pad(h)}:${pad(mi)}`;
}
