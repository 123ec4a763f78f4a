import { randomBytes } from "node:crypto";
import { type Actor, actorOrgId, isAdmin, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden, invalid, notFound, type FieldIssue } from "../errors";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import { isOrganiser, outsideAudience } from "./access";
import type { ConferenceRecord } from "./conference.model";
import { conferenceRegistrations, loadConference } from "./conferences.service";
import { settle } from "./ledger";
import { dispatchMessages, type ConferenceComms } from "./messages";
import { occupancyOf, presentRegistration, waitlistPositions } from "./present";
import { Cancellation, Registration, type RegistrationRecord } from "./registration.model";
import type { RegisterInput } from "./registrations.schemas";
import { osloIso } from "./times";

async function registrant(actor: Actor, orgId: string | undefined): Promise<OrganizationRecord> {
  requireAuthenticated(actor);
  const me = actorOrgId(actor);
  if (!isAdmin(actor) && orgId !== undefined && orgId !== me)
    throw forbidden("An organisation registers itself; the admin may register any");
  const id = orgId ?? me;
  if (!id) throw invalid("The admin must name the organisation", [{ path: "orgId", message: "is required" }]);
  const org = await Organization.findById(id).lean<OrganizationRecord>();
  if (!org || org.active === false)
    throw invalid("Unknown organisation", [{ path: "orgId", message: "is not an active organisation" }]);
  return org;
}

/** What the request itself gets wrong, whoever else registers: quota, capacity, duplicates, times, requests. */
async function inputIssues(conference: ConferenceRecord, org: OrganizationRecord, input: RegisterInput) {
  const issues: FieldIssue[] = [];
  const count = input.participants.length;
  if (conference.perOrgQuota && count > conference.perOrgQuota)
    issues.push({ path: "participants", message: `at most ${conference.perOrgQuota} per organisation (perOrgQuota)` });
  else if (count > conference.capacity)
    issues.push({ path: "participants", message: `more than the conference's capacity (${conference.capacity})` });
  const emails = new Map<string, number>();
  input.participants.forEach((p, i) => {
    const key = p.email.toLowerCase();
    if (emails.has(key))
      issues.push({ path: `participants.${i}.email`, message: `is listed twice (${emails.get(key)})` });
    else emails.set(key, i);
  });
  input.availability?.forEach((w, i) => {
    if (w.end <= w.start) issues.push({ path: `availability.${i}.end`, message: "must be after its start" });
    else if (w.start < conference.startsAt || w.end > conference.endsAt)
      issues.push({ path: `availability.${i}`, message: "must lie within the conference's startsAt and endsAt" });
  });
  if (input.minMeetings !== undefined && input.maxMeetings !== undefined && input.minMeetings > input.maxMeetings)
    issues.push({ path: "minMeetings", message: `must not exceed maxMeetings (${input.maxMeetings})` });
  const wanted = new Set<string>();
  for (const [i, request] of (input.meetingRequests ?? []).entries()) {
    const path = `meetingRequests.${i}.orgId`;
    if (request.orgId === org._id.toString()) issues.push({ path, message: "is your own organisation" });
    else if (wanted.has(request.orgId)) issues.push({ path, message: "is asked for twice" });
    else if (!(await Organization.exists({ _id: request.orgId })))
      issues.push({ path, message: "is not an organisation" });
    wanted.add(request.orgId);
  }
  return issues;
}

const participantId = () => `p${randomBytes(5).toString("hex")}`;
const statusOf = async (id: string) => (await Registration.findById(id, { status: 1 }).lean())?.status;

/**
 * Registers an organisation's delegation. Everything refusable is refused before anything is stored; then
 * the registration is stored as pending and the request waits until the ledger has seated or waitlisted it.
 */
export async function register(actor: Actor, conferenceId: string, input: RegisterInput, comms?: ConferenceComms) {
  const conference = await loadConference(actor, conferenceId);
  const org = await registrant(actor, input.orgId);
  if (conference.status === "cancelled") throw conflict("The conference is cancelled: registrations are closed");
  if (conference.status !== "published") throw conflict("The conference is not published yet");
  if (Date.now() > conference.registrationDeadline.getTime())
    throw conflict(`Registration closed at ${osloIso(conference.registrationDeadline)}`);
  const outside = outsideAudience(conference.audience, org);
  if (outside) throw forbidden(outside);
  const issues = await inputIssues(conference, org, input);
  if (issues.length) throw invalid("The registration cannot be accepted as sent", issues);

  const orgId = org._id.toString();
  const earlier = (await conferenceRegistrations(conferenceId)).filter((r) => r.orgId === orgId);
  if (earlier.some((r) => r.status !== "cancelled"))
    throw conflict("The organisation is registered already: cancel that registration to register anew");
  const id = `${conferenceId}-${orgId}-r${earlier.length + 1}`;
  try {
    await Registration.create({
      _id: id,
      conferenceId,
      orgId,
      orgName: org.name,
      orgKind: org.kind,
      status: "pending",
      participants: input.participants.map((p) => ({ id: participantId(), ...p })),
      submittedAt: new Date(),
      availability: input.availability,
      minMeetings: input.minMeetings,
      maxMeetings: input.maxMeetings,
      meetingRequests: input.meetingRequests,
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict("The organisation registered at the same moment from elsewhere");
    throw error;
  }
  await settle(conferenceId, async () => (await statusOf(id)) !== "pending");
  await dispatchMessages(conferenceId, comms);
  if ((await statusOf(id)) === "cancelled") throw conflict("The conference was cancelled: registrations are closed");
  return ownAnswer(conferenceId, id);
}

async function ownAnswer(conferenceId: string, id: string) {
  const regs = await conferenceRegistrations(conferenceId);
  const reg = regs.find((r) => r._id === id);
  if (!reg) throw notFound("Registration");
  return presentRegistration(reg, true, waitlistPositions(regs).get(id));
}

/**
 * The organisers see every registration in full; another organisation sees its own in full and the
 * registered ones by name and role only (no e-mail addresses, history or waiting list).
 */
export async function listRegistrations(actor: Actor, conferenceId: string) {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  const organiser = isOrganiser(actor, conference);
  const me = actorOrgId(actor);
  const regs = await conferenceRegistrations(conferenceId);
  const positions = waitlistPositions(regs);
  const visible = regs
    .filter((r) => organiser || r.orgId === me || r.status === "registered")
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a._id < b._id ? -1 : 1));
  const { registeredParticipants } = occupancyOf(regs);
  return {
    items: visible.map((r) => presentRegistration(r, organiser || r.orgId === me, positions.get(r._id))),
    total: visible.length,
    capacity: conference.capacity,
    registeredParticipants,
    seatsLeft: Math.max(0, conference.capacity - registeredParticipants),
  };
}

/** Cancels the organisation's registration (its own, or any for the organisers) and waits for the ledger. */
export async function cancelRegistration(
  actor: Actor,
  conferenceId: string,
  query: { orgId?: string },
  comms?: ConferenceComms,
) {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  const organiser = isOrganiser(actor, conference);
  const me = actorOrgId(actor);
  const orgId = query.orgId ?? me;
  if (!orgId) throw invalid("The admin must name the organisation", [{ path: "orgId", message: "is required" }]);
  if (orgId !== me && !organiser) throw forbidden("Only the organisers may cancel another organisation's registration");
  const reg = (await conferenceRegistrations(conferenceId)).find(
    (r: RegistrationRecord) => r.orgId === orgId && r.status !== "cancelled",
  );
  if (!reg) throw notFound("Registration");
  const by = actor.type === "organization" ? actor.name : "administrator";
  const reason = orgId === me ? `Avmeldt av ${by}.` : `Avmeldt av arrangøren (${by}).`;
  try {
    await Cancellation.create({ _id: reg._id, conferenceId, reason, at: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // asked for already: wait for it like its first asker
  }
  await settle(conferenceId, async () => (await statusOf(reg._id)) === "cancelled");
  await dispatchMessages(conferenceId, comms);
  return ownAnswer(conferenceId, reg._id);
}
