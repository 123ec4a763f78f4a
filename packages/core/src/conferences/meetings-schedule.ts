/**
 * The conference's meeting schedule: registrations and accepted requests adapted to the scheduler's input,
 * each generation stored as a new version, published as preliminary or final (final: every participant
 * organisation is e-mailed its agenda), read as JSON, iCalendar and CSV.
 *
 * Who sees what: organisers see the latest version, whatever its state, with every reason. A registered
 * organisation sees only the last published version (preliminary or final) and only its own meetings and
 * unscheduled requests; before anything is published it gets 404.
 */
import { randomInt } from "node:crypto";
import { type Actor, actorOrgId, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden, notFound } from "../errors";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { isOrganiser } from "./access";
import { agendaIcs } from "./agenda-ics";
import type { ConferenceRecord } from "./conference.model";
import { conferenceRegistrations, loadConference, loadOrganised } from "./conferences.service";
import { ConferenceMeetingRequest, type MeetingRequestRecord } from "./meetings.model";
import { dialogueClosed } from "./meetings.service";
import { recordAgendas } from "./agenda-notices";
import { dispatchMessages, type ConferenceComms } from "./messages";
import { scheduleCsv } from "./schedule-csv";
import { renderScheduleGrid } from "./schedule-grid-html";
import {
  ConferenceSchedule,
  conferenceSchedules,
  lastPublished,
  storeNextVersion,
  type ScheduleRecord,
  type StoredMeeting,
} from "./schedule-store";
import {
  scheduleMeetings,
  type MeetingRequest as SchedulerRequest,
  type ScheduleParticipant,
} from "./scheduler/schedule";
import { osloIso } from "./times";

const CLOSED_EXPLANATION = "Dialogen om behovet er avsluttet (konkurransen er kunngjort).";
const UNREGISTERED_EXPLANATION = "En av partene er ikke lenger påmeldt konferansen.";

async function schedulerInput(conference: ConferenceRecord, previous: ScheduleRecord | undefined, seed: number) {
  const id = conference._id.toString();
  const registered = (await conferenceRegistrations(id)).filter((r) => r.status === "registered");
  const participants: ScheduleParticipant[] = registered.map((r) => ({
    orgId: r.orgId,
    representatives: Math.max(1, r.participants.length),
    ...(r.availability && {
      availability: r.availability.map((w) => ({ start: w.start.toISOString(), end: w.end.toISOString() })),
    }),
    ...(r.maxMeetings !== undefined && { maxMeetings: r.maxMeetings }),
  }));
  const known = new Set(registered.map((r) => r.orgId));
  const accepted = (await ConferenceMeetingRequest.find({ conferenceId: id }).lean<MeetingRequestRecord[]>()).filter(
    (r) => r.status === "accepted",
  );
  const requests: SchedulerRequest[] = [];
  const excluded: ScheduleRecord["unscheduled"] = [];
  for (const r of accepted) {
    const requestId = r._id.toString();
    if (!known.has(r.buyerOrgId) || !known.has(r.supplierOrgId))
      excluded.push({ requestId, reason: "not_registered", explanation: UNREGISTERED_EXPLANATION });
    else if (await dialogueClosed(r.needId))
      excluded.push({ requestId, reason: "dialogue_closed", explanation: CLOSED_EXPLANATION });
    else
      requests.push({
        requestId,
        buyerOrgId: r.buyerOrgId,
        supplierOrgId: r.supplierOrgId,
        buyerRank: r.buyerRanking,
        supplierRank: r.supplierRanking,
      });
  }
  const m = conference.meetings!;
  const ids = new Set(requests.map((r) => r.requestId));
  const input = {
    window: {
      start: m.start.toISOString(),
      end: m.end.toISOString(),
      slotMinutes: m.slotMinutes,
      ...(m.breakMinutes !== undefined && { breakMinutes: m.breakMinutes }),
    },
    tables: m.tables,
    participants,
    requests,
    ...(previous && {
      previous: previous.meetings
        .filter((p) => ids.has(p.requestId))
        .map((p) => ({ requestId: p.requestId, start: p.start.toISOString(), table: p.table })),
    }),
    seed,
  };
  return { input, excluded };
}

/** SEQUENCE: the request's last stored sequence, plus one when its time or table is not what it was. */
function sequenced(meeting: Omit<StoredMeeting, "sequence">, earlier: ScheduleRecord[]): StoredMeeting {
  for (const s of [...earlier].reverse()) {
    const last = s.meetings.find((p) => p.requestId === meeting.requestId);
    if (!last) continue;
    const same = last.table === meeting.table && last.start.getTime() === meeting.start.getTime();
    return { ...meeting, sequence: last.sequence + (same ? 0 : 1) };
  }
  return { ...meeting, sequence: 0 };
}

export async function generateSchedule(actor: Actor, conferenceId: string, body: { seed?: number }) {
  const conference = await loadOrganised(actor, conferenceId);
  if (!conference.meetings) throw conflict("The conference has no meetings block (window, slots, tables)");
  const seed = body.seed ?? randomInt(0, 2 ** 31);
  const previous = lastPublished(await conferenceSchedules(conferenceId));
  const { input, excluded } = await schedulerInput(conference, previous, seed);
  const result = scheduleMeetings(input);
  const stored = await storeNextVersion(conferenceId, (_version, earlier) => ({
    conferenceId,
    seed,
    meetings: result.meetings.map((m) =>
      sequenced(
        {
          requestId: m.requestId,
          buyerOrgId: m.buyerOrgId,
          supplierOrgId: m.supplierOrgId,
          table: m.table,
          start: new Date(m.start),
          end: new Date(m.end),
        },
        earlier,
      ),
    ),
    unscheduled: [...result.unscheduled, ...excluded],
    upperBound: result.upperBound,
    boundBy: result.boundBy,
    moved: result.moved,
    ...(previous && { basedOn: previous.version }),
  }));
  return presentSchedule(stored);
}

export function presentSchedule(s: ScheduleRecord, onlyOrg?: string, own?: Set<string>) {
  const meetings = s.meetings.filter((m) => !onlyOrg || m.buyerOrgId === onlyOrg || m.supplierOrgId === onlyOrg);
  const unscheduled = s.unscheduled.filter((u) => !own || own.has(u.requestId));
  return {
    conferenceId: s.conferenceId,
    version: s.version,
    state: s.state,
    seed: s.seed,
    meetings: meetings.map((m) => ({
      requestId: m.requestId,
      buyerOrgId: m.buyerOrgId,
      supplierOrgId: m.supplierOrgId,
      table: m.table,
      start: osloIso(m.start),
      end: osloIso(m.end),
      sequence: m.sequence,
    })),
    unscheduled: unscheduled.map((u) => ({ requestId: u.requestId, reason: u.reason, explanation: u.explanation })),
    scheduled: s.meetings.length,
    upperBound: s.upperBound,
    boundBy: s.boundBy,
    gap: s.upperBound - s.meetings.length,
    moved: s.moved,
    ...(s.basedOn !== undefined && { basedOn: s.basedOn }),
    createdAt: s.createdAt.toISOString(),
    ...(s.publishedAt && { publishedAt: s.publishedAt.toISOString() }),
  };
}

async function requestsOf(conferenceId: string) {
  const all = await ConferenceMeetingRequest.find({ conferenceId }).lean<MeetingRequestRecord[]>();
  return new Map(all.map((r) => [r._id.toString(), r]));
}

export async function getSchedule(actor: Actor, conferenceId: string) {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  const schedules = await conferenceSchedules(conferenceId);
  if (isOrganiser(actor, conference)) {
    const latest = schedules.at(-1);
    if (!latest) throw notFound("Schedule");
    return presentSchedule(latest);
  }
  const me = actorOrgId(actor);
  const registered = (await conferenceRegistrations(conferenceId)).some(
    (r) => r.orgId === me && r.status === "registered",
  );
  const published = lastPublished(schedules);
  if (!me || !registered || !published) throw notFound("Schedule");
  const own = [...(await requestsOf(conferenceId)).values()]
    .filter((r) => r.buyerOrgId === me || r.supplierOrgId === me)
    .map((r) => r._id.toString());
  return presentSchedule(published, me, new Set(own));
}

async function orgNames(ids: string[]) {
  const orgs = await Promise.all([...new Set(ids)].map((id) => Organization.findById(id).lean<OrganizationRecord>()));
  return new Map(orgs.flatMap((o) => (o ? [[o._id.toString(), o.name] as const] : [])));
}

export async function publishSchedule(
  actor: Actor,
  conferenceId: string,
  body: { version?: number; final: boolean },
  comms?: ConferenceComms,
) {
  const conference = await loadOrganised(actor, conferenceId);
  const schedules = await conferenceSchedules(conferenceId);
  const chosen = body.version === undefined ? schedules.at(-1) : schedules.find((s) => s.version === body.version);
  if (!chosen) throw notFound("Schedule");
  const state = body.final ? "final" : "preliminary";
  const publishedAt = new Date();
  await ConferenceSchedule.updateOne({ _id: chosen._id }, { $set: { state, publishedAt } });
  const published = { ...chosen, state, publishedAt } as ScheduleRecord;
  if (body.final) {
    await recordAgendas(conference, published);
    await dispatchMessages(conferenceId, comms);
  }
  return presentSchedule(published);
}

/** The agenda of an organisation: the organisation itself or the organisers; the last published schedule. */
export async function agenda(actor: Actor, conferenceId: string, orgId: string) {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  if (actorOrgId(actor) !== orgId && !isOrganiser(actor, conference))
    throw forbidden("An organisation reads its own agenda; organisers read any");
  const published = lastPublished(await conferenceSchedules(conferenceId));
  if (!published) throw notFound("Schedule");
  const names = await orgNames(published.meetings.flatMap((m) => [m.buyerOrgId, m.supplierOrgId]));
  return agendaIcs(conference, published, orgId, names);
}

export async function scheduleCsvFor(actor: Actor, conferenceId: string) {
  await loadOrganised(actor, conferenceId);
  const latest = (await conferenceSchedules(conferenceId)).at(-1);
  if (!latest) throw notFound("Schedule");
  const names = await orgNames(latest.meetings.flatMap((m) => [m.buyerOrgId, m.supplierOrgId]));
  return scheduleCsv(latest, await requestsOf(conferenceId), names);
}

/** The printable grid of the latest version (organisers). */
export async function scheduleGridFor(actor: Actor, conferenceId: string) {
  const conference = await loadOrganised(actor, conferenceId);
  const latest = (await conferenceSchedules(conferenceId)).at(-1);
  if (!latest) throw notFound("Schedule");
  const names = await orgNames(latest.meetings.flatMap((m) => [m.buyerOrgId, m.supplierOrgId]));
  return renderScheduleGrid(conference, latest, names);
}
