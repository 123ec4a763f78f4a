import { calendarDay, dayOf, instantOf, isDateOnly } from "../shared/dates";

/** The plan's dates in the order they happen: dialogue, then the tender notice, then the contract. */
export const TIMELINE_ORDER = ["dialogueOpens", "plannedNotice", "contractStart"] as const;
export type TimelineDates = Partial<Record<(typeof TIMELINE_ORDER)[number], Date | null>>;

/** A date that was given and read; a field that failed its own check is left to that check's issue. */
const given = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

/**
 * Where a timeline is out of order: each date given must not lie before an earlier step given. The issue is
 * the later field's, since the order is read forwards. Used on create and on the merged need of a PATCH.
 */
export function timelineOrderIssues(timeline: TimelineDates): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  TIMELINE_ORDER.forEach((field, i) => {
    const at = timeline[field];
    if (!given(at)) return;
    const earlier = TIMELINE_ORDER.slice(0, i).find((step) => {
      const before = timeline[step];
      return given(before) && before.getTime() > at.getTime();
    });
    if (earlier) issues.push({ field, message: `must not be before ${earlier} (${calendarDay(timeline[earlier])})` });
  });
  return issues;
}

/**
 * Why a milestone's end does not come after its start, or undefined when it does. Given as dates, a
 * milestone may end on the day it starts; given as times, it must end after it starts.
 */
export function milestoneEndProblem(date: string, endDate: string): string | undefined {
  if (!given(instantOf(date)) || !given(instantOf(endDate))) return undefined;
  if (isDateOnly(date) || isDateOnly(endDate)) {
    return dayOf(endDate) < dayOf(date) ? `must not be before date (${dayOf(date)})` : undefined;
  }
  return instantOf(endDate).getTime() <= instantOf(date).getTime() ? "must be after date" : undefined;
}
