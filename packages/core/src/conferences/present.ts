import type { ConferenceRecord } from "./conference.model";
import type { RegistrationRecord } from "./registration.model";
import { osloIso } from "./times";

/** What a conference's seats look like at one moment, for its answers. */
export interface Occupancy {
  registeredParticipants: number;
  waitlistedRegistrations: number;
}

export const occupancyOf = (regs: RegistrationRecord[]): Occupancy => ({
  registeredParticipants: regs
    .filter((r) => r.status === "registered")
    .reduce((sum, r) => sum + r.participants.length, 0),
  waitlistedRegistrations: regs.filter((r) => r.status === "waitlisted" || r.status === "pending").length,
});

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export function presentConference(c: ConferenceRecord, occupancy: Occupancy, now = new Date()) {
  return {
    id: c._id.toString(),
    title: c.title,
    description: optional(c.description),
    venue: c.venue,
    address: optional(c.address),
    location: c.location ? { lat: c.location.lat, lon: c.location.lon } : undefined,
    startsAt: osloIso(c.startsAt),
    endsAt: osloIso(c.endsAt),
    registrationDeadline: osloIso(c.registrationDeadline),
    registrationOpen: c.status === "published" && now <= c.registrationDeadline,
    capacity: c.capacity,
    perOrgQuota: optional(c.perOrgQuota),
    audience: c.audience ?? undefined,
    needIds: c.needIds,
    programme: c.programme.map((p) => ({
      startsAt: osloIso(p.startsAt),
      endsAt: p.endsAt ? osloIso(p.endsAt) : undefined,
      title: p.title,
      speaker: optional(p.speaker),
      description: optional(p.description),
    })),
    sessions: c.sessions.map((s) => ({
      title: s.title,
      startsAt: osloIso(s.startsAt),
      endsAt: osloIso(s.endsAt),
      venue: optional(s.venue),
    })),
    meetings: c.meetings
      ? {
          start: osloIso(c.meetings.start),
          end: osloIso(c.meetings.end),
          slotMinutes: c.meetings.slotMinutes,
          breakMinutes: optional(c.meetings.breakMinutes),
          maxOpenRequests: optional(c.meetings.maxOpenRequests),
          tables: c.meetings.tables,
        }
      : undefined,
    groups: c.groups.map((g) => ({ name: g.name, topic: optional(g.topic) })),
    status: c.status,
    ...(c.cancellation && {
      cancellation: { reason: c.cancellation.reason, at: c.cancellation.at.toISOString(), by: c.cancellation.by },
    }),
    organizerId: c.organizerId,
    organizerName: c.organizerName,
    coOrganizerIds: c.coOrganizerIds,
    registeredParticipants: occupancy.registeredParticipants,
    seatsLeft: Math.max(0, c.capacity - occupancy.registeredParticipants),
    waitlistedRegistrations: occupancy.waitlistedRegistrations,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * A registration as the caller may see it: `full` (the organisation itself, the organisers) with e-mail
 * addresses, history and removed participants; otherwise names and roles only.
 */
export function presentRegistration(r: RegistrationRecord, full: boolean, waitlistPosition?: number) {
  const seatOf = new Map(r.seats.map((s) => [s.participantId, s.seat]));
  const status = r.status === "pending" ? "waitlisted" : r.status;
  return {
    id: r._id,
    conferenceId: r.conferenceId,
    orgId: r.orgId,
    orgName: r.orgName,
    ...(r.orgKind && { orgKind: r.orgKind }),
    status,
    ...(r.status === "pending" && { pending: true as const }),
    ...((full || status === "waitlisted") &&
      r.waitlistNo !== undefined &&
      r.waitlistNo !== null && { waitlistNumber: r.waitlistNo }),
    ...(waitlistPosition !== undefined && { waitlistPosition }),
    participants: r.participants.map((p) => ({
      id: p.id,
      name: p.name,
      ...(full && { email: p.email }),
      ...(p.role && { role: p.role }),
      ...(full && seatOf.has(p.id) && { seat: seatOf.get(p.id)! }),
    })),
    ...(full &&
      r.removedParticipants.length > 0 && {
        removedParticipants: r.removedParticipants.map((p) => ({
          id: p.id,
          name: p.name,
          email: p.email,
          ...(p.role && { role: p.role }),
          round: p.round,
          reason: p.reason,
          at: p.at.toISOString(),
        })),
      }),
    ...(full &&
      r.availability && {
        availability: r.availability.map((w) => ({ start: osloIso(w.start), end: osloIso(w.end) })),
      }),
    ...(full && r.minMeetings !== undefined && r.minMeetings !== null && { minMeetings: r.minMeetings }),
    ...(full && r.maxMeetings !== undefined && r.maxMeetings !== null && { maxMeetings: r.maxMeetings }),
    ...(full && r.meetingRequests && { meetingRequests: r.meetingRequests }),
    ...(full && { history: r.history.map((h) => ({ at: h.at.toISOString(), event: h.event, reason: h.reason })) }),
    submittedAt: r.submittedAt.toISOString(),
  };
}

/** Current places in the waiting list (1 = next), by recorded number; undecided ones after them. */
export function waitlistPositions(regs: RegistrationRecord[]): Map<string, number> {
  const waiting = regs
    .filter((r) => r.status === "waitlisted" || r.status === "pending")
    .sort(
      (a, b) =>
        (a.waitlistNo ?? Infinity) - (b.waitlistNo ?? Infinity) ||
        a.submittedAt.getTime() - b.submittedAt.getTime() ||
        (a._id < b._id ? -1 : 1),
    );
  return new Map(waiting.map((r, i) => [r._id, i + 1]));
}
