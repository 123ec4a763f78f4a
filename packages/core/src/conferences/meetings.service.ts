/**
 * One-to-one meeting requests at a conference: a supplier asks a buyer (or a buyer a supplier) with a pitch
 * and its ranking; the other side accepts with its own ranking or declines; the requester may withdraw it.
 * Both must be registered; a request about a need whose dialogue has closed (tender_announced or later) is
 * refused. The organiser's maximum of open requests holds under concurrency: each open request holds one
 * of the places `conferenceId-orgId-open-1 … max` (claims.ts), freed when it is decided or withdrawn.
 */
import { Types } from "mongoose";
import { type Actor, actorOrgId, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden, invalid, notFound, type FieldIssue } from "../errors";
import { Need } from "../needs/need.model";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { isDuplicateKey, parseId } from "../platform/ids";
import { isOrganiser } from "./access";
import { claimFirstFree, releaseClaims, type StillNeeded } from "./claims";
import { loadConference } from "./conferences.service";
import {
  ConferenceMeetingRequest,
  MeetingDecision,
  type MeetingRanking,
  type MeetingRequestRecord,
} from "./meetings.model";
import { dropLock } from "./meeting-lock.model";
import type { MeetingRequestInput } from "./meetings.schemas";
import { Registration, type RegistrationRecord } from "./registration.model";

/** Need statuses after which there is no more dialogue about the need. */
export const DIALOGUE_CLOSED = ["tender_announced", "awarded", "cancelled"];

export const presentMeetingRequest = (r: MeetingRequestRecord) => ({
  id: r._id.toString(),
  conferenceId: r.conferenceId,
  buyerOrgId: r.buyerOrgId,
  supplierOrgId: r.supplierOrgId,
  ...(r.needId && { needId: r.needId }),
  ...(r.pitch && { pitch: r.pitch }),
  requestedBy: r.requestedBy,
  ...(r.buyerRanking && { buyerRanking: r.buyerRanking }),
  ...(r.supplierRanking && { supplierRanking: r.supplierRanking }),
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  ...(r.decidedAt && { decidedAt: r.decidedAt.toISOString() }),
  ...(r.withdrawnAt && { withdrawnAt: r.withdrawnAt.toISOString() }),
});

const openPlaces = (conferenceId: string, orgId: string, max: number) =>
  Array.from({ length: max }, (_, i) => `${conferenceId}-${orgId}-open-${i + 1}`);
/** An open-request place is needed while its request exists and is open. */
const stillOpen: StillNeeded = async (c) =>
  (await ConferenceMeetingRequest.findById(c.owner, { status: 1 }).lean<{ status: string }>())?.status === "open";

/** Is the need's dialogue closed (tender announced, awarded or cancelled)? */
export async function dialogueClosed(needId: string | undefined): Promise<boolean> {
  if (!needId) return false;
  const need = await Need.findById(needId, { status: 1 }).lean<{ status: string }>();
  return need !== null && DIALOGUE_CLOSED.includes(need.status);
}

async function checkSides(conferenceId: string, input: MeetingRequestInput): Promise<void> {
  const issues: FieldIssue[] = [];
  const registered = (await Registration.find({ conferenceId }).lean<RegistrationRecord[]>()).filter(
    (r) => r.status === "registered",
  );
  for (const [field, kind] of [
    ["buyerOrgId", "buyer"],
    ["supplierOrgId", "supplier"],
  ] as const) {
    const org = await Organization.findById(input[field]).lean<OrganizationRecord>();
    if (!org || org.kind !== kind) issues.push({ path: field, message: `is not a ${kind} organisation` });
    else if (!registered.some((r) => r.orgId === input[field]))
      issues.push({ path: field, message: "is not registered for the conference" });
  }
  if (input.needId) {
    const need = await Need.findById(input.needId, { buyerId: 1 }).lean<{ buyerId: unknown }>();
    if (!need || String(need.buyerId) !== input.buyerOrgId)
      issues.push({ path: "needId", message: "is not a need of the buyer" });
  }
  if (issues.length) throw invalid("The meeting request names what it cannot", issues);
}

export async function requestMeeting(actor: Actor, conferenceId: string, input: MeetingRequestInput) {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  if (input.buyerOrgId === input.supplierOrgId)
    throw invalid("A meeting request to oneself", [{ path: "supplierOrgId", message: "is the buyer itself" }]);
  const me = actorOrgId(actor);
  if (me !== input.buyerOrgId && me !== input.supplierOrgId)
    throw forbidden("The requesting organisation must be the buyer or the supplier");
  await checkSides(conferenceId, input);
  if (await dialogueClosed(input.needId))
    throw conflict("The dialogue about this need has closed (the tender is announced)");
  const id = conference._id.toString();
  const max = conference.meetings?.maxOpenRequests;
  const requestId = new Types.ObjectId();
  const openClaim =
    max === undefined ? undefined : await claimFirstFree(openPlaces(id, me!, max), id, String(requestId), stillOpen);
  if (max !== undefined && !openClaim)
    throw conflict(`The organisation has ${max} open meeting requests, the organiser's maximum`);
  const buyerSide = me === input.buyerOrgId;
  try {
    const created = await ConferenceMeetingRequest.create({
      _id: requestId,
      conferenceId: id,
      pairKey: `${id}-${input.buyerOrgId}-${input.supplierOrgId}-${input.needId ?? "none"}`,
      buyerOrgId: input.buyerOrgId,
      supplierOrgId: input.supplierOrgId,
      needId: input.needId,
      pitch: input.pitch,
      requestedBy: me,
      ...(buyerSide ? { buyerRanking: input.ranking } : { supplierRanking: input.ranking }),
      openClaim,
    });
    return presentMeetingRequest(created.toObject() as MeetingRequestRecord);
  } catch (error) {
    if (openClaim) await releaseClaims([openClaim], String(requestId));
    if (isDuplicateKey(error)) throw conflict("This buyer and supplier have a request about this need already");
    throw error;
  }
}

/**
 * A conference's meeting requests as the actor may see them, newest first: its organisers (and the admin)
 * every one, a participant those its organisation is a side of (none: an empty list). A draft conference
 * the actor may not see is 404. Read by the conference index and filtered here.
 */
export async function listMeetingRequests(actor: Actor, conferenceId: string, status?: MeetingRequestRecord["status"]) {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  const me = actorOrgId(actor);
  const all = isOrganiser(actor, conference);
  const records = await ConferenceMeetingRequest.find({ conferenceId: conference._id.toString() }).lean<
    MeetingRequestRecord[]
  >();
  const items = records
    .filter((r) => all || r.buyerOrgId === me || r.supplierOrgId === me)
    .filter((r) => !status || r.status === status)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || String(b._id).localeCompare(String(a._id)));
  return { items: items.map(presentMeetingRequest) };
}

/** The request as the actor may see it: its two sides and the conference's organisers (others: 404). */
async function loadRequest(actor: Actor, id: string) {
  requireAuthenticated(actor);
  const request = await ConferenceMeetingRequest.findById(parseId(id, "meeting request")).lean<MeetingRequestRecord>();
  if (!request) throw notFound("Meeting request");
  const me = actorOrgId(actor);
  const conference = await loadConference(actor, request.conferenceId);
  if (me !== request.buyerOrgId && me !== request.supplierOrgId && !isOrganiser(actor, conference))
    throw notFound("Meeting request");
  return request;
}

export async function decideMeeting(actor: Actor, id: string, decision: { ranking: MeetingRanking } | "decline") {
  const request = await loadRequest(actor, id);
  const me = actorOrgId(actor);
  const other = request.requestedBy === request.buyerOrgId ? request.supplierOrgId : request.buyerOrgId;
  if (me !== other) throw forbidden("Only the side that was asked accepts or declines");
  if (request.status !== "open") throw conflict(`The request is ${request.status} already`);
  if (decision !== "decline" && (await dialogueClosed(request.needId)))
    throw conflict("The dialogue about this need has closed (the tender is announced)");
  if (!(await insertDecision(request._id.toString()))) throw conflict("The request was decided meanwhile");
  const field = other === request.buyerOrgId ? "buyerRanking" : "supplierRanking";
  const $set =
    decision === "decline"
      ? { status: "declined", decidedAt: new Date() }
      : { status: "accepted", decidedAt: new Date(), [field]: decision.ranking };
  const updated = await ConferenceMeetingRequest.findByIdAndUpdate(request._id, { $set }, { returnDocument: "after" });
  if (request.openClaim) await releaseClaims([request.openClaim], request._id.toString());
  return presentMeetingRequest(updated!.toObject() as MeetingRequestRecord);
}

async function insertDecision(id: string): Promise<boolean> {
  try {
    await MeetingDecision.create({ _id: id, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * The requester withdraws its request, open or accepted: it is no longer scheduled (a published meeting of
 * it is dropped at the next generation), its lock, its open-request place and its pair key are freed. An open request
 * is withdrawn by taking its decision, so a racing accept or decline gets 409, or wins and this does.
 */
export async function withdrawMeeting(actor: Actor, id: string) {
  const request = await loadRequest(actor, id);
  if (actorOrgId(actor) !== request.requestedBy) throw forbidden("Only the side that asked withdraws the request");
  if (request.status === "declined" || request.status === "withdrawn")
    throw conflict(`The request is ${request.status} already`);
  const requestId = request._id.toString();
  if (request.status === "open" && !(await insertDecision(requestId))) {
    const now = await ConferenceMeetingRequest.findById(request._id, { status: 1 }).lean<{ status: string }>();
    if (now?.status !== "accepted") throw conflict("The request was decided meanwhile");
  }
  if (!(await insertDecision(`${requestId}-withdrawn`))) throw conflict("The request was withdrawn meanwhile");
  const updated = await ConferenceMeetingRequest.findByIdAndUpdate(
    request._id,
    // The pair and need may ask anew: the withdrawn request gives up its key.
    { $set: { status: "withdrawn", withdrawnAt: new Date(), pairKey: `${request.pairKey}~withdrawn~${requestId}` } },
    { returnDocument: "after" },
  );
  if (request.openClaim) await releaseClaims([request.openClaim], requestId);
  await dropLock(requestId);
  return presentMeetingRequest(updated!.toObject() as MeetingRequestRecord);
}
