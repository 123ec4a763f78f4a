/** The rules across a conference's fields, checked on create and on what a PATCH would leave. */
import type { FieldIssue } from "../errors";
import type { MeetingsBlock, ProgrammeItem, Session } from "./conference.model";

export interface ConferenceTimes {
  startsAt: Date;
  endsAt: Date;
  registrationDeadline: Date;
  capacity: number;
  perOrgQuota?: number | null;
  sessions: Session[];
  programme: ProgrammeItem[];
  meetings?: MeetingsBlock | null;
}

const MINUTE = 60_000;

export function conferenceIssues(c: ConferenceTimes): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const within = (start: Date, end: Date) => start >= c.startsAt && end <= c.endsAt;
  if (c.endsAt <= c.startsAt) issues.push({ path: "endsAt", message: "must be after startsAt" });
  if (c.registrationDeadline > c.startsAt)
    issues.push({ path: "registrationDeadline", message: "must be at or before startsAt" });
  if (c.perOrgQuota != null && c.perOrgQuota > c.capacity)
    issues.push({ path: "perOrgQuota", message: "cannot be more than the capacity" });
  c.sessions.forEach((s, i) => {
    if (s.endsAt <= s.startsAt) issues.push({ path: `sessions.${i}.endsAt`, message: "must be after its startsAt" });
    else if (!within(s.startsAt, s.endsAt))
      issues.push({ path: `sessions.${i}`, message: "must lie within the conference's startsAt and endsAt" });
  });
  c.programme.forEach((p, i) => {
    const end = p.endsAt ?? p.startsAt;
    if (end < p.startsAt) issues.push({ path: `programme.${i}.endsAt`, message: "must not be before its startsAt" });
    else if (!within(p.startsAt, end))
      issues.push({ path: `programme.${i}`, message: "must lie within the conference's startsAt and endsAt" });
  });
  const m = c.meetings;
  if (m) {
    if (m.end <= m.start) issues.push({ path: "meetings.end", message: "must be after meetings.start" });
    else if (!within(m.start, m.end))
      issues.push({ path: "meetings", message: "must lie within the conference's startsAt and endsAt" });
    else if (m.slotMinutes * MINUTE > m.end.getTime() - m.start.getTime())
      issues.push({ path: "meetings.slotMinutes", message: "is longer than the meeting window" });
    const seen = new Map<string, number>();
    m.tables.forEach((name, i) => {
      const key = name.toLocaleLowerCase("nb");
      if (seen.has(key))
        issues.push({ path: `meetings.tables.${i}`, message: `is named twice (also ${seen.get(key)})` });
      else seen.set(key, i);
    });
  }
  return issues;
}
