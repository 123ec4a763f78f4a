import { type Actor, actorOrgId, isAdmin, requireAuthenticated, requireOrganization } from "../auth/actor";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { Need } from "../needs/need.model";
import { wasPublished } from "../needs/visibility";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { parseId } from "../platform/ids";
import { withVersionClaim } from "../platform/version-claims";
import { canSeeConference, isOrganiser, ORGANISING_KINDS } from "./access";
import { Conference, type ConferenceRecord } from "./conference.model";
import type { CreateConferenceInput, ListConferencesQuery, UpdateConferenceInput } from "./conferences.schemas";
import { promoteAfter } from "./ledger";
import { afterConferenceWrite } from "./conference-comms";
import { dispatchMessages, type ConferenceComms } from "./messages";
import { occupancyOf, presentConference } from "./present";
import { Registration, type RegistrationRecord } from "./registration.model";
import { conferenceIssues } from "./rules";

/** A conference the actor may see: a draft is its organisers' (others get 404, as if it did not exist). */
export async function loadConference(actor: Actor, id: string): Promise<ConferenceRecord> {
  const conference = await Conference.findById(parseId(id, "conference")).lean<ConferenceRecord>();
  if (!conference || !canSeeConference(actor, conference)) throw notFound("Conference");
  return conference;
}

/** A conference the actor organises: 401 anonymous, 404 a draft it may not see, 403 otherwise. */
export async function loadOrganised(actor: Actor, id: string): Promise<ConferenceRecord> {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, id);
  if (!isOrganiser(actor, conference)) throw forbidden("Only the conference's organisers may do this");
  return conference;
}

export const conferenceRegistrations = (conferenceId: string) =>
  Registration.find({ conferenceId }).lean<RegistrationRecord[]>();

export async function answerConference(conference: ConferenceRecord) {
  return presentConference(conference, occupancyOf(await conferenceRegistrations(conference._id.toString())));
}

const isOrganisingKind = (org: OrganizationRecord | null) =>
  org !== null && (ORGANISING_KINDS as readonly string[]).includes(org.kind) && org.active !== false;

async function resolveOrganizer(actor: Actor, organizerId: string | undefined) {
  if (isAdmin(actor)) {
    const org = organizerId ? await Organization.findById(organizerId).lean<OrganizationRecord>() : null;
    if (!isOrganisingKind(org))
      throw invalid("The admin must name the organising organisation", [
        { path: "organizerId", message: "must name an active buyer or organiser organisation" },
      ]);
    return { id: org!._id.toString(), name: org!.name };
  }
  const org = requireOrganization(actor, [...ORGANISING_KINDS]);
  if (organizerId && organizerId !== org.orgId) throw forbidden("An organisation organises its own conferences");
  return { id: org.orgId, name: org.name };
}

async function checkReferences(input: { needIds?: string[]; coOrganizerIds?: string[] }, ownerId: string) {
  const issues = [];
  for (const [i, id] of (input.needIds ?? []).entries()) {
    const need = await Need.findById(id, { publishedAt: 1 }).lean();
    if (!need || !wasPublished(need)) issues.push({ path: `needIds.${i}`, message: "is not a published need" });
  }
  for (const [i, id] of (input.coOrganizerIds ?? []).entries()) {
    if (id === ownerId) issues.push({ path: `coOrganizerIds.${i}`, message: "is the organiser itself" });
    else if (!isOrganisingKind(await Organization.findById(id).lean<OrganizationRecord>()))
      issues.push({ path: `coOrganizerIds.${i}`, message: "is not an active buyer or organiser organisation" });
  }
  if (issues.length) throw invalid("The conference names records it cannot", issues);
}

const unique = (ids: string[]) => [...new Set(ids)];

export async function createConference(actor: Actor, input: CreateConferenceInput, comms?: ConferenceComms) {
  const { organizerId, ...fields } = input;
  const organizer = await resolveOrganizer(actor, organizerId);
  const issues = conferenceIssues(fields);
  if (issues.length) throw invalid("The conference's times or numbers do not fit together", issues);
  await checkReferences(fields, organizer.id);
  const created = await Conference.create({
    ...fields,
    needIds: unique(fields.needIds),
    coOrganizerIds: unique(fields.coOrganizerIds),
    organizerId: organizer.id,
    organizerName: organizer.name,
  });
  const record = created.toObject() as ConferenceRecord;
  await afterConferenceWrite(undefined, record, comms);
  return presentConference(record, occupancyOf([]));
}

export async function getConference(actor: Actor, id: string) {
  return answerConference(await loadConference(actor, id));
}

export async function listConferences(actor: Actor, query: ListConferencesQuery) {
  const me = actorOrgId(actor);
  const found: ConferenceRecord[] = isAdmin(actor)
    ? await Conference.find({}).lean<ConferenceRecord[]>()
    : [
        ...(await Conference.find({ status: "published" }).lean<ConferenceRecord[]>()),
        ...(await Conference.find({ status: "cancelled" }).lean<ConferenceRecord[]>()),
        ...(me ? await Conference.find({ organizerId: me }).lean<ConferenceRecord[]>() : []),
        ...(me ? await Conference.find({ coOrganizerIds: me }).lean<ConferenceRecord[]>() : []),
      ];
  const byId = new Map(found.map((c) => [c._id.toString(), c]));
  const items = [...byId.values()]
    .filter((c) => canSeeConference(actor, c))
    .filter((c) => query.status === undefined || c.status === query.status)
    .filter((c) => query.organizer === undefined || c.organizerId === query.organizer)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a._id.toString() < b._id.toString() ? -1 : 1));
  const page = items.slice((query.page - 1) * query.limit, query.page * query.limit);
  return {
    items: await Promise.all(page.map(answerConference)),
    total: items.length,
    page: query.page,
    limit: query.limit,
  };
}

/** Writes the conference's next version if nobody wrote in between (409 otherwise). */
export function writeConference(conference: ConferenceRecord, update: { $set?: object; $unset?: object }) {
  const id = conference._id.toString();
  return withVersionClaim("conference", id, conference.version + 1, () =>
    Conference.findByIdAndUpdate(
      conference._id,
      { ...update, $inc: { version: 1 } },
      { returnDocument: "after" },
    ).lean<ConferenceRecord>(),
  );
}

export async function updateConference(
  actor: Actor,
  id: string,
  patch: UpdateConferenceInput,
  comms?: ConferenceComms,
) {
  const conference = await loadOrganised(actor, id);
  if (conference.status === "cancelled") throw conflict("The conference is cancelled; it is not changed any more");
  if (patch.coOrganizerIds && !isAdmin(actor) && actorOrgId(actor) !== conference.organizerId)
    throw forbidden("Only the organising organisation names co-organisers");
  const issues = [];
  if (patch.status === "draft" && conference.status === "published")
    issues.push({ path: "status", message: "a published conference cannot go back to draft" });
  if (patch.capacity !== undefined && conference.status === "published" && patch.capacity < conference.capacity)
    issues.push({ path: "capacity", message: `can only be raised once published (it is ${conference.capacity})` });
  const merged = { ...conference, ...patch } as ConferenceRecord;
  issues.push(...conferenceIssues(merged));
  if (issues.length) throw invalid("The conference would not fit together", issues);
  await checkReferences(patch, conference.organizerId);
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) $unset[key] = 1;
    else $set[key] = key === "needIds" || key === "coOrganizerIds" ? unique(value as string[]) : value;
  }
  const updated = await writeConference(conference, { $set, ...(Object.keys($unset).length > 0 && { $unset }) });
  if (updated.capacity > conference.capacity && updated.status === "published") {
    await promoteAfter(id, `Plass ble ledig da kapasiteten ble økt til ${updated.capacity}.`);
    await dispatchMessages(id, comms);
  }
  await afterConferenceWrite(conference, updated, comms);
  return answerConference(updated);
}
