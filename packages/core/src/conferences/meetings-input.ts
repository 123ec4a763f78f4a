/**
 * The conference adapted to the scheduler's input: registered organisations as participants (delegation
 * size as representatives, availability, minMeetings, maxMeetings), accepted requests with both rankings,
 * the organiser's locks, the last published schedule as `previous`. What the scheduler is not given is
 * reported with its reason: requests still open (`not_answered`), a side no longer registered
 * (`not_registered`), the need's dialogue closed (`dialogue_closed`); locks that no longer fit are listed
 * as ignored, and their requests scheduled as any other.
 */
import type { ConferenceRecord } from "./conference.model";
import { conferenceRegistrations } from "./conferences.service";
import { conferenceLocks, type MeetingLockRecord } from "./meeting-lock.model";
import { ConferenceMeetingRequest, type MeetingRequestRecord } from "./meetings.model";
import { availableIn, meetingSlots } from "./meetings-locks";
import { dialogueClosed } from "./meetings.service";
import type { RegistrationRecord } from "./registration.model";
import type { ScheduleRecord, StoredMeeting, StoredUnscheduled } from "./schedule-store";
import type {
  MeetingRequest as SchedulerRequest,
  PlacedMeeting,
  ScheduleInput,
  ScheduleParticipant,
} from "./scheduler/schedule";

const EXPLANATIONS = {
  dialogue_closed: "Dialogen om behovet er avsluttet (konkurransen er kunngjort).",
  not_registered: "En av partene er ikke lenger påmeldt konferansen.",
  not_answered: "Forespørselen er ikke besvart ennå.",
};

const participantOf = (r: RegistrationRecord): ScheduleParticipant => ({
  orgId: r.orgId,
  representatives: Math.max(1, r.participants.length),
  ...(r.availability && {
    availability: r.availability.map((w) => ({ start: w.start.toISOString(), end: w.end.toISOString() })),
  }),
  ...(r.minMeetings !== undefined && r.minMeetings !== null && { minMeetings: r.minMeetings }),
  ...(r.maxMeetings !== undefined && r.maxMeetings !== null && { maxMeetings: r.maxMeetings }),
});

async function requestsOf(conferenceId: string, known: Set<string>) {
  const all = await ConferenceMeetingRequest.find({ conferenceId }).lean<MeetingRequestRecord[]>();
  const requests: SchedulerRequest[] = [];
  const excluded: StoredUnscheduled[] = [];
  const exclude = (requestId: string, reason: keyof typeof EXPLANATIONS) =>
    excluded.push({ requestId, reason, explanation: EXPLANATIONS[reason] });
  for (const r of all.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const requestId = r._id.toString();
    if (r.status === "open") exclude(requestId, "not_answered");
    if (r.status !== "accepted") continue;
    if (!known.has(r.buyerOrgId) || !known.has(r.supplierOrgId)) exclude(requestId, "not_registered");
    else if (await dialogueClosed(r.needId)) exclude(requestId, "dialogue_closed");
    else
      requests.push({
        requestId,
        buyerOrgId: r.buyerOrgId,
        supplierOrgId: r.supplierOrgId,
        buyerRank: r.buyerRanking,
        supplierRank: r.supplierRanking,
      });
  }
  return { requests, excluded };
}

/**
 * The locks that still fit, in the order they were made: request scheduled, its place a slot and a table,
 * both sides available then, no table twice, no side over its representatives or maximum.
 */
function usableLocks(
  locks: MeetingLockRecord[],
  conference: ConferenceRecord,
  requests: SchedulerRequest[],
  regs: Map<string, RegistrationRecord>,
) {
  const slots = meetingSlots(conference.meetings!);
  const scheduled = new Map(requests.map((r) => [r.requestId, r]));
  const [places, busy, totals] = [new Set<string>(), new Map<string, number>(), new Map<string, number>()];
  const locked: PlacedMeeting[] = [];
  const ignored: StoredUnscheduled[] = [];
  for (const lock of locks) {
    const slot = slots.find((s) => s.start === lock.start.getTime());
    const sides = [lock.buyerOrgId, lock.supplierOrgId].map((org) => regs.get(org)!);
    const fits =
      scheduled.has(lock._id) &&
      slot !== undefined &&
      conference.meetings!.tables.includes(lock.table) &&
      !places.has(`${slot.start}|${lock.table}`) &&
      sides.every((reg) => availableIn(reg, slot)) &&
      sides.every((reg) => (busy.get(`${reg.orgId}|${slot.start}`) ?? 0) < Math.max(1, reg.participants.length)) &&
      sides.every((reg) => (totals.get(reg.orgId) ?? 0) < (reg.maxMeetings ?? Infinity));
    if (!fits) {
      ignored.push({
        requestId: lock._id,
        reason: "lock_ignored",
        explanation: "Den låste plassen passer ikke lenger (forespørsel, tidspunkt, bord eller påmelding er endret).",
      });
      continue;
    }
    places.add(`${slot.start}|${lock.table}`);
    for (const reg of sides) {
      busy.set(`${reg.orgId}|${slot.start}`, (busy.get(`${reg.orgId}|${slot.start}`) ?? 0) + 1);
      totals.set(reg.orgId, (totals.get(reg.orgId) ?? 0) + 1);
    }
    locked.push({ requestId: lock._id, start: lock.start.toISOString(), table: lock.table });
  }
  return { locked, ignored };
}

export async function schedulerInput(conference: ConferenceRecord, previous: ScheduleRecord | undefined, seed: number) {
  const id = conference._id.toString();
  const registered = (await conferenceRegistrations(id)).filter((r) => r.status === "registered");
  const regs = new Map(registered.map((r) => [r.orgId, r]));
  const { requests, excluded } = await requestsOf(id, new Set(regs.keys()));
  const { locked, ignored } = usableLocks(await conferenceLocks(id), conference, requests, regs);
  const m = conference.meetings!;
  const ids = new Set(requests.map((r) => r.requestId));
  const input: ScheduleInput = {
    window: {
      start: m.start.toISOString(),
      end: m.end.toISOString(),
      slotMinutes: m.slotMinutes,
      ...(m.breakMinutes !== undefined && { breakMinutes: m.breakMinutes }),
    },
    tables: m.tables,
    participants: registered.map(participantOf),
    requests,
    locked,
    ...(previous && {
      previous: previous.meetings
        .filter((p) => ids.has(p.requestId))
        .map((p) => ({ requestId: p.requestId, start: p.start.toISOString(), table: p.table })),
    }),
    seed,
  };
  return { input, excluded, ignoredLocks: ignored };
}

/** SEQUENCE: the request's last stored sequence, plus one when its time or table is not what it was. */
export function sequenced(meeting: Omit<StoredMeeting, "sequence">, earlier: ScheduleRecord[]): StoredMeeting {
  for (const s of [...earlier].reverse()) {
    const last = s.meetings.find((p) => p.requestId === meeting.requestId);
    if (!last) continue;
    const same = last.table === meeting.table && last.start.getTime() === meeting.start.getTime();
    return { ...meeting, sequence: last.sequence + (same ? 0 : 1) };
  }
  return { ...meeting, sequence: 0 };
}
