/**
 * Dates of plans and milestones. A date-only field (`2027-03-01`) is a calendar date in Norway, stored as
 * that date's midnight UTC and shown as the same `YYYY-MM-DD`; a timestamp is an instant, read in
 * Europe/Oslo when its calendar date matters.
 */

export const FIRST_PLAN_YEAR = 2000;
export const LAST_PLAN_YEAR = 2100;

const osloDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Oslo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date of an instant in Norway, `YYYY-MM-DD`. */
export function osloDay(instant: Date): string {
  const parts = Object.fromEntries(osloDate.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A stored date-only field as the calendar date it holds. */
export const calendarDay = (stored: Date | null | undefined): string | undefined =>
  stored ? stored.toISOString().slice(0, 10) : undefined;

/** A `YYYY-MM-DD` as it is stored: midnight UTC of that date. */
export const fromCalendarDay = (day: string): Date => new Date(`${day}T00:00:00Z`);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date in Norway of a date (`2027-03-01`, as it is) or a timestamp with offset. */
export const dayOf = (value: string): string => (DATE_ONLY.test(value) ? value : osloDay(new Date(value)));

/** A date or a timestamp as the instant stored: a date is its midnight UTC, as date-only fields are. */
export const instantOf = (value: string): Date => (DATE_ONLY.test(value) ? fromCalendarDay(value) : new Date(value));

export const isDateOnly = (value: string): boolean => DATE_ONLY.test(value);

/** Whether the year of a calendar date lies within what plans plausibly name. */
export function isPlanYear(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return year >= FIRST_PLAN_YEAR && year <= LAST_PLAN_YEAR;
}
