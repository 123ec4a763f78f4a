/**
 * Material for equal treatment: what the organiser, or the buyer of a linked need, shares with the
 * suppliers goes to every registered supplier at once, as one message of the ledger (same words, same
 * hash), and stays readable by the registered organisations and the organisers.
 */
import { type Actor, actorOrgId, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden } from "../errors";
import { Need } from "../needs/need.model";
import { isOrganiser } from "./access";
import type { ConferenceRecord } from "./conference.model";
import { conferenceRegistrations, loadConference } from "./conferences.service";
import type { MaterialInput } from "./comms.schemas";
import { ConferenceMaterial, type MaterialRecord } from "./message.model";
import { dispatchMessages, messageId, recordMessage, type ConferenceComms } from "./messages";

const slugOf = (m: MaterialRecord) => `${m.minutesOf ? "minutes_summary" : "material"}.${m._id.toString()}`;

export const presentMaterial = (m: MaterialRecord) => ({
  id: m._id.toString(),
  conferenceId: m.conferenceId,
  title: m.title,
  body: m.body,
  links: m.links,
  byOrgId: m.byOrgId,
  byName: m.byName,
  ...(m.minutesOf && { minutesOf: m.minutesOf }),
  messageId: messageId(m.conferenceId, slugOf(m)),
  createdAt: m.createdAt.toISOString(),
});

async function isLinkedBuyer(actor: Actor, c: ConferenceRecord) {
  const me = actorOrgId(actor);
  if (!me || c.needIds.length === 0) return false;
  const needs = await Promise.all(c.needIds.map((id) => Need.findById(id, { buyerId: 1 }).lean<{ buyerId: object }>()));
  return needs.some((n) => n?.buyerId.toString() === me);
}

/** Stores the material and tells every registered supplier (`minutesOf`: a published minutes summary). */
export async function shareMaterial(
  c: ConferenceRecord,
  input: MaterialInput & { byOrgId: string; byName: string; minutesOf?: string },
  comms?: ConferenceComms,
) {
  if (c.status !== "published") throw conflict(`The conference is ${c.status}: nothing is shared`);
  const created = (await ConferenceMaterial.create({ ...input, conferenceId: c._id.toString() })).toObject();
  const material = created as unknown as MaterialRecord;
  const summary = Boolean(input.minutesOf);
  await recordMessage(c, {
    slug: slugOf(material),
    topic: summary ? "minutes_summary" : "material",
    audience: { type: "participants", statuses: ["registered"], suppliersOnly: true },
    subject: summary ? `Referat fra en-til-en-møte: ${c.title}` : `Nytt fra ${c.title}: ${input.title}`,
    lines: [
      summary
        ? `${input.byName} deler sammendraget av et en-til-en-møte med alle påmeldte leverandører:`
        : `${input.byName} deler dette med alle påmeldte leverandører samtidig:`,
      "",
      input.title,
      "",
      ...input.body.split("\n"),
      ...(input.links?.length ? ["", "Lenker:", ...input.links.map((l) => `- ${l}`)] : []),
    ],
  });
  await dispatchMessages(c._id.toString(), comms);
  return presentMaterial(material);
}

export async function postMaterial(actor: Actor, conferenceId: string, input: MaterialInput, comms?: ConferenceComms) {
  requireAuthenticated(actor);
  const c = await loadConference(actor, conferenceId);
  if (!isOrganiser(actor, c) && !(await isLinkedBuyer(actor, c)))
    throw forbidden("Only the organisers and the buyers of the linked needs share material");
  const by = actor.type === "organization" ? { byOrgId: actor.orgId, byName: actor.name } : undefined;
  return shareMaterial(c, { ...input, ...(by ?? { byOrgId: c.organizerId, byName: c.organizerName }) }, comms);
}

/** The material, oldest first: the organisers and the registered organisations. */
export async function listMaterial(actor: Actor, conferenceId: string) {
  requireAuthenticated(actor);
  const c = await loadConference(actor, conferenceId);
  const me = actorOrgId(actor);
  if (!isOrganiser(actor, c)) {
    const registered = (await conferenceRegistrations(conferenceId)).some(
      (r) => r.orgId === me && r.status === "registered",
    );
    if (!registered) throw forbidden("The material is for the registered organisations and the organisers");
  }
  const rows = await ConferenceMaterial.find({ conferenceId }).lean<MaterialRecord[]>();
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { items: rows.map(presentMaterial) };
}
