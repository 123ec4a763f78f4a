/**
 * The conference's meeting schedule: registrations and accepted requests adapted to the scheduler's input,
 * each generation stored as a new version, published as preliminary or final (final: every participant
 * organisation is e-mailed its agenda), read as JSON, iCalendar and CSV.
 *
 * Who sees what: organisers see the latest version, whatever its state, with every reason. A registered
 * organisation sees only the last published version (preliminary or final) and only its own meetings and
 * unscheduled requests; before anything is published it gets 404. Publications are a log
 * (schedule-store.ts): the last one decides which version is published, racing or not.
 */
import { randomInt } from "node:crypto";
import { type Actor, actorOrgId, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden, notFound } from "../errors";
import { isOrganiser } from "./access";
import { agendaIcs } from "./agenda-ics";
import { conferenceRegistrations, loadConference, loadOrganised } from "./conferences.service";
import { orgNames, recordAgendas } from "./meetings-agendas";
import { schedulerInput, sequenced } from "./meetings-input";
import { ConferenceMeetingRequest, type MeetingRequestRecord } from "./meetings.model";
import { dispatchMessages, type ConferenceComms } from "./messages";
import { scheduleCsv } from "./schedule-csv";
import { renderScheduleGrid } from "./schedule-grid-html";
import {
  conferenceSchedules,
  lastPublished,
  recordPublication,
  storeNextVersion,
  type ScheduleRecord,
} from "./schedule-store";
import { scheduleMeetings } from "./scheduler/schedule";
import { osloIso } from "./times";

export async function generateSchedule(actor: Actor, conferenceId: string, body: { seed?: number }) {
  const conference = await loadOrganised(actor, conferenceId);
  if (!conference.meetings) throw conflict("The conference has no meetings block (window, slots, tables)");
  const seed = body.seed ?? randomInt(0, 2 ** 31);
  const previous = lastPublished(await conferenceSchedules(conferenceId));
  const { input, excluded, ignoredLocks } = await schedulerInput(conference, previous, seed);
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
          ...(m.locked && { locked: true }),
        },
        earlier,
      ),
    ),
    unscheduled: [...result.unscheduled, ...excluded],
    upperBound: result.upperBound,
    boundBy: result.boundBy,
    moved: result.moved,
    ...(previous && { basedOn: previous.version }),
    belowMinimum: result.belowMinimum,
    ignoredLocks,
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
      locked: m.locked === true,
    })),
    unscheduled: unscheduled.map((u) => ({ requestId: u.requestId, reason: u.reason, explanation: u.explanation })),
    belowMinimum: (s.belowMinimum ?? []).filter((b) => !onlyOrg || b.orgId === onlyOrg),
    ...(!onlyOrg && {
      ignoredLocks: (s.ignoredLocks ?? []).map((l) => ({ requestId: l.requestId, explanation: l.explanation })),
    }),
    scheduled: s.meetings.length,
    upperBound: s.upperBound,
    boundBy: s.boundBy,
    gap: s.upperBound - s.meetings.length,
    moved: s.moved,
    ...(s.basedOn !== undefined && { basedOn: s.basedOn }),
    createdAt: s.createdAt.toISOString(),
    ...(s.publishedAt && { publishedAt: s.publishedAt.toISOString() }),
    ...(s.publication !== undefined && { publication: s.publication }),
  };
}

/** Every version in order with its state (organisers): which one participants see, which were before. */
export async function scheduleVersions(actor: Actor, conferenceId: string) {
  await loadOrganised(actor, conferenceId);
  const items = (await conferenceSchedules(conferenceId)).map((s) => ({
    version: s.version,
    state: s.state,
    seed: s.seed,
    scheduled: s.meetings.length,
    upperBound: s.upperBound,
    moved: s.moved,
    createdAt: s.createdAt.toISOString(),
    ...(s.publishedAt && { publishedAt: s.publishedAt.toISOString() }),
    ...(s.publication !== undefined && { publication: s.publication }),
  }));
  return { items };
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
  const publication = await recordPublication(conferenceId, chosen.version, body.final, actorOrgId(actor));
  // A publication that another followed at once sends no agendas: the later one's are what counts.
  if (body.final && (await publication.isLast())) {
    await recordAgendas(conference, chosen);
    await dispatchMessages(conferenceId, comms);
  }
  const published = (await conferenceSchedules(conferenceId)).find((s) => s.version === chosen.version)!;
  return { ...presentSchedule(published), publication: publication.n };
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
