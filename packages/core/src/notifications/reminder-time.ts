/**
 * When milestone reminders are due, and which dates of a need have one. Pure: no I/O, no Intl (Oslo time by
 * the EU rule, as digests are: subscriptions/digest.ts).
 */
import { osloOffsetHours, osloWallTime } from "../subscriptions/digest";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How long before a milestone its reminder goes: `Nd@HH:MM` at that Oslo time N calendar days before the
 * milestone's day (the default, `2d@09:00`), or a plain duration before the milestone's instant: `90s`,
 * `30m`, `6h`, `2d`.
 */
export type ReminderLead = { days: number; hour: number; minute: number } | { ms: number };

const UNIT_MS = { s: 1000, m: 60_000, h: HOUR, d: DAY } as const;

/** The lead from its text, or undefined when it is not one of the two forms. */
export function parseReminderLead(text: string): ReminderLead | undefined {
  const calendar = /^(\d{1,2})d@([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (calendar) return { days: Number(calendar[1]), hour: Number(calendar[2]), minute: Number(calendar[3]) };
  const duration = /^(\d{1,7})([smhd])$/.exec(text.trim());
  if (duration) return { ms: Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS] };
  return undefined;
}

/** A date of a need that gets a reminder. */
export interface ReminderPoint {
  /** A milestone kind, or `dialogue_opens` / `planned_notice` for the timeline's dates. */
  kind: string;
  title?: string;
  location?: string;
  at: Date;
  /** Given as a date (stored as its midnight UTC), not a time. */
  dateOnly: boolean;
}

type DateLike = Date | string | null | undefined;
/** What reminders read of a need: the stored record, or the `from` side of a change (present.ts shapes). */
export interface NeedDates {
  timeline?: { dialogueOpens?: DateLike; plannedNotice?: DateLike } | null;
  milestones?: { kind: string; title?: string | null; date?: DateLike; location?: string | null }[] | null;
}

const instant = (value: DateLike): Date | undefined => {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};
const isMidnightUtc = (date: Date) => date.getTime() % DAY === 0;

export const reminderKey = (needId: string, kind: string, at: Date): string => `${needId}-r-${kind}-${at.getTime()}`;

/**
 * Every dated milestone of a need, once per (kind, instant): the timeline's dialogue opening and planned
 * notice, and each milestone with a date. A planned_notice milestone on the timeline's notice date is one.
 */
export function reminderPoints(need: NeedDates): ReminderPoint[] {
  const points = new Map<string, ReminderPoint>();
  const add = (point: Omit<ReminderPoint, "dateOnly">) => {
    const key = `${point.kind}-${point.at.getTime()}`;
    if (!points.has(key)) points.set(key, { ...point, dateOnly: isMidnightUtc(point.at) });
  };
  const dialogue = instant(need.timeline?.dialogueOpens);
  if (dialogue) add({ kind: "dialogue_opens", at: dialogue });
  const notice = instant(need.timeline?.plannedNotice);
  if (notice) add({ kind: "planned_notice", at: notice });
  for (const m of need.milestones ?? []) {
    const at = instant(m.date);
    if (at) add({ kind: m.kind, at, ...(m.title && { title: m.title }), ...(m.location && { location: m.location }) });
  }
  return [...points.values()];
}

/** Oslo's calendar date (YYYY-MM-DD) and time (HH:MM) of an instant. */
export function osloParts(at: Date): { day: string; time: string } {
  const local = new Date(at.getTime() + osloOffsetHours(at.getTime()) * HOUR).toISOString();
  return { day: local.slice(0, 10), time: local.slice(11, 16) };
}

/** The calendar day a point falls on in Norway: a date as given, a time read in Oslo. */
const dayOfPoint = (point: ReminderPoint) =>
  point.dateOnly ? point.at.toISOString().slice(0, 10) : osloParts(point.at).day;

/** When the point's reminder is due under the lead. */
export function reminderDueAt(point: ReminderPoint, lead: ReminderLead): Date {
  if ("ms" in lead) return new Date(point.at.getTime() - lead.ms);
  const day = new Date(`${dayOfPoint(point)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - lead.days);
  return new Date(osloWallTime(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), lead.hour, lead.minute));
}

/** Whole calendar days in Oslo from `from` to the point's day (0: the same day). */
export function daysUntil(point: ReminderPoint, from: Date): number {
  const start = Date.parse(`${osloParts(from).day}T00:00:00Z`);
  return Math.round((Date.parse(`${dayOfPoint(point)}T00:00:00Z`) - start) / DAY);
}

/** The point as shown: its date, with the Oslo time when it has one. */
export function shownWhen(point: ReminderPoint): string {
  if (point.dateOnly) return dayOfPoint(point);
  const { day, time } = osloParts(point.at);
  return `${day} kl. ${time}`;
}
