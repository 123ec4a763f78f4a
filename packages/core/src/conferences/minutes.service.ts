/**
 * Minutes of a one-to-one: the buyer writes them; the confidential part is readable only by the buyer and
 * the supplier of that meeting (and the admin); the organisers read the summary only, other organisations
 * nothing. Publishing sends the summary to every registered supplier through the ledger (as material),
 * once per version of the minutes.
 */
import { type Actor, actorOrgId, isAdmin, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden, notFound } from "../errors";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { isObjectId } from "../platform/ids";
import { isOrganiser } from "./access";
import { Conference, type ConferenceRecord } from "./conference.model";
import type { MinutesInput } from "./comms.schemas";
import { ConferenceMeetingRequest, type MeetingRequestRecord } from "./meetings.model";
import type { ConferenceComms } from "./messages";
import { shareMaterial } from "./material.service";
import { MeetingMinutes, type MinutesRecord } from "./minutes.model";

async function meetingOf(actor: Actor, requestId: string) {
  requireAuthenticated(actor);
  const request = isObjectId(requestId)
    ? await ConferenceMeetingRequest.findById(requestId).lean<MeetingRequestRecord>()
    : null;
  const conference = request ? await Conference.findById(request.conferenceId).lean<ConferenceRecord>() : null;
  if (!request || !conference) throw notFound("Meeting");
  const me = actorOrgId(actor);
  const side = isAdmin(actor) || me === request.buyerOrgId || me === request.supplierOrgId;
  if (!side && !isOrganiser(actor, conference))
    throw forbidden("Only the meeting's buyer and supplier read its minutes");
  return { request, conference, side };
}

function present(m: MinutesRecord, withConfidential: boolean) {
  return {
    requestId: m._id,
    conferenceId: m.conferenceId,
    buyerOrgId: m.buyerOrgId,
    supplierOrgId: m.supplierOrgId,
    summary: m.summary,
    ...(withConfidential && { confidential: m.confidential }),
    version: m.version,
    ...(m.publishedVersion !== undefined && { publishedVersion: m.publishedVersion }),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const requireBuyer = (actor: Actor, request: MeetingRequestRecord) => {
  if (!isAdmin(actor) && actorOrgId(actor) !== request.buyerOrgId)
    throw forbidden("Only the meeting's buyer writes and publishes its minutes");
};

export async function putMinutes(actor: Actor, requestId: string, input: MinutesInput) {
  const { request } = await meetingOf(actor, requestId);
  requireBuyer(actor, request);
  if (request.status !== "accepted") throw conflict("The meeting was not agreed: it has no minutes");
  const written = await MeetingMinutes.findByIdAndUpdate(
    requestId,
    {
      $set: {
        ...input,
        conferenceId: request.conferenceId,
        buyerOrgId: request.buyerOrgId,
        supplierOrgId: request.supplierOrgId,
      },
      $inc: { version: 1 },
    },
    { upsert: true, returnDocument: "after" },
  ).lean<MinutesRecord>();
  return present(written!, true);
}

export async function getMinutes(actor: Actor, requestId: string) {
  const { side } = await meetingOf(actor, requestId);
  const minutes = await MeetingMinutes.findById(requestId).lean<MinutesRecord>();
  if (!minutes) throw notFound("Minutes");
  return present(minutes, side);
}

export async function publishMinutes(actor: Actor, requestId: string, comms?: ConferenceComms) {
  const { request, conference } = await meetingOf(actor, requestId);
  requireBuyer(actor, request);
  const minutes = await MeetingMinutes.findById(requestId).lean<MinutesRecord>();
  if (!minutes || !minutes.summary) throw conflict("The minutes have no summary to publish");
  if (minutes.publishedVersion === minutes.version) throw conflict("This version of the summary is published already");
  const buyer = await Organization.findById(request.buyerOrgId).lean<OrganizationRecord>();
  const material = await shareMaterial(
    conference,
    {
      title: `Sammendrag av møte med ${buyer?.name ?? "kjøper"} (versjon ${minutes.version})`,
      body: minutes.summary,
      byOrgId: request.buyerOrgId,
      byName: buyer?.name ?? "Kjøper",
      minutesOf: requestId,
    },
    comms,
  );
  await MeetingMinutes.updateOne({ _id: requestId }, { $set: { publishedVersion: minutes.version } });
  return { ...present({ ...minutes, publishedVersion: minutes.version }, true), material };
}
