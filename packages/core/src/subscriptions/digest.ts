/**
 * When a digest is due, in Europe/Oslo wall time, without Intl or Temporal: Norway follows the EU rule
 * (since 1996): CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October. Pure arithmetic on UTC milliseconds, so it is the same on every machine
 * whatever its time zone or ICU data.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Frequency = "instant" | "daily" | "weekly";

/** What scheduling needs of a subscription. digestWeekday: ISO, 1 = Monday … 7 = Sunday. */
export interface DigestSchedule {
  frequency: Frequency;
  digestHour?: number | null;
  digestMinute?: number | null;
  digestWeekday?: number | null;
}

export const DEFAULT_DIGEST_HOUR = 7;
export const DEFAULT_DIGEST_WEEKDAY = 1;

/** 00:00 UTC on the last Sunday of a month (month 0-based). */
function lastSundayUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY;
}

/** Oslo's offset from UTC in hours at an instant: 2 in summer time, 1 otherwise. */
export function osloOffsetHours(instant: number): 1 | 2 {
  const year = new Date(instant).getUTCFullYear();
  const summerStarts = lastSundayUtc(year, 2) + HOUR;
  const summerEnds = lastSundayUtc(year, 9) + HOUR;
  return instant >= summerStarts && instant < summerEnds ? 2 : 1;
}

/**
 * The instant of a wall-clock time in Oslo. A time that does not exist (the hour skipped in March) is moved
 * forward by the gap: 02:30 becomes 03:30 summer time. A time that happens twice (the hour repeated in
 * October) is the first one, in summer time. (Temporal calls this "compatible".)
 */
export function osloWallTime(year: number, month: number, day: number, hour: number, minute: number): number {
  const wall = Date.UTC(year, month, day, hour, minute);
  if (osloOffsetHours(wall - 2 * HOUR) === 2) return wall - 2 * HOUR;
  return wall - HOUR; // winter time, or a time in the gap, read with the offset before the gap
}

/**
 * The first moment strictly after `after` at which the subscription's digest is due: every day (daily) or
 * on its weekday (weekly) at digestHour:digestMinute Oslo time (07:00 and Monday when not set). For an
 * instant subscription there is nothing to wait for: `after` itself.
 */
export function nextDigestAt(subscription: DigestSchedule, after: Date): Date {
  const from = after.getTime();
  if (subscription.frequency === "instant") return new Date(from);
  const hour = subscription.digestHour ?? DEFAULT_DIGEST_HOUR;
  const minute = subscription.digestMinute ?? 0;
  const weekday = subscription.digestWeekday ?? DEFAULT_DIGEST_WEEKDAY;
  const local = new Date(from + osloOffsetHours(from) * HOUR); // its UTC fields are Oslo's wall date
  for (let days = 0; days <= 8; days++) {
    const date = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days));
    const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (subscription.frequency === "weekly" && isoWeekday !== weekday) continue;
    const due = osloWallTime(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), hour, minute);
    if (due > from) return new Date(due);
  }
  throw new Error("unreachable: a digest is due within eight days");
}
