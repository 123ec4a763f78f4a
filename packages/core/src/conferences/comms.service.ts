/**
 * Cancelling a conference, and the organisers' record of what the conference told whom: its messages
 * (content hash, recipients) and every delivery in the notification ledger, with its state.
 */
import type { Actor } from "../auth/actor";
import { conflict } from "../errors";
import { presentDelivery } from "../notifications/deliveries.service";
import { DeliveryEntry, type DeliveryRecord } from "../notifications/notification.model";
import { syncConferenceReminders } from "./conference-reminders";
import { answerConference, conferenceRegistrations, loadOrganised, writeConference } from "./conferences.service";
import { exclusive, isSupplierOrg } from "./ledger";
import { ConferenceMessage, type ConferenceMessageRecord } from "./message.model";
import { dispatchMessages, recordMessage, type ConferenceComms } from "./messages";
import { cancelledMessage, delegation } from "./message-texts";
import { renderConferenceText } from "./message-deliver";

/**
 * POST /conferences/{id}/cancel: as the ledger's only writer, the conference becomes `cancelled` (no
 * registration is seated or promoted after it), everyone registered or waitlisted then is told, and the
 * pending reminders are removed.
 */
export async function cancelConference(actor: Actor, id: string, body: { reason: string }, comms?: ConferenceComms) {
  const conference = await loadOrganised(actor, id);
  if (conference.status === "cancelled") throw conflict("The conference is cancelled already");
  const by = actor.type === "organization" ? actor.name : "administrator";
  const updated = await exclusive(id, async () => {
    const written = await writeConference(conference, {
      $set: { status: "cancelled", cancellation: { reason: body.reason, at: new Date(), by } },
    });
    if (conference.status === "published") {
      const told = (await conferenceRegistrations(id)).filter((r) =>
        ["registered", "waitlisted", "pending"].includes(r.status),
      );
      const people = [];
      for (const reg of told) people.push(...delegation(reg, await isSupplierOrg(reg.orgId)));
      await recordMessage(written, { ...cancelledMessage(written, body.reason), audience: { type: "people", people } });
    }
    return written;
  });
  await syncConferenceReminders(conference, updated, comms);
  await dispatchMessages(id, comms);
  return answerConference(updated);
}

const byCreation = <T extends { createdAt: Date; _id: string }>(a: T, b: T) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1);

/** GET /conferences/{id}/deliveries: the messages and their deliveries, oldest first (organisers). */
export async function listConferenceDeliveries(actor: Actor, id: string, query: { topic?: string; state?: string }) {
  await loadOrganised(actor, id);
  const [messages, deliveries] = await Promise.all([
    ConferenceMessage.find({ conferenceId: id }).lean<ConferenceMessageRecord[]>(),
    DeliveryEntry.find({ conferenceId: id }).lean<DeliveryRecord[]>(),
  ]);
  const rows = deliveries
    .filter((d) => (!query.topic || d.topic === query.topic) && (!query.state || d.state === query.state))
    .sort(byCreation);
  return {
    conferenceId: id,
    messages: messages
      .filter((m) => !query.topic || m.topic === query.topic)
      .sort(byCreation)
      .map((m) => ({
        id: m._id,
        topic: m.topic,
        subject: m.content.subject,
        contentHash: m.contentHash,
        state: m.state,
        ...(m.recipients && { recipients: m.recipients.length }),
        deliveries: deliveries.filter((d) => d.conferenceMessageId === m._id).length,
        createdAt: m.createdAt.toISOString(),
      })),
    items: rows.map(presentDelivery),
  };
}

const NOTICE_STATE = { pending: "pending", sent: "sent", failed: "failed", skipped: "unsent" } as const;

/**
 * GET /conferences/{id}/notices (kept for its first users): the e-mails of messages about registrations
 * and agendas, one per person, as rendered for them.
 */
export async function listNotices(actor: Actor, id: string) {
  await loadOrganised(actor, id);
  const [messages, deliveries] = await Promise.all([
    ConferenceMessage.find({ conferenceId: id }).lean<ConferenceMessageRecord[]>(),
    DeliveryEntry.find({ conferenceId: id }).lean<DeliveryRecord[]>(),
  ]);
  const byId = new Map(messages.map((m) => [m._id, m]));
  const items = deliveries
    .filter((d) => d.channel === "email" && byId.get(d.conferenceMessageId ?? "")?.registrationId)
    .sort(byCreation)
    .map((d) => {
      const m = byId.get(d.conferenceMessageId!)!;
      return {
        id: d._id,
        registrationId: m.registrationId!,
        orgId: d.supplierId,
        kind: m.topic,
        to: d.target ?? "",
        name: d.supplierName ?? "",
        subject: m.content.subject,
        text: renderConferenceText(m.content, d.supplierName ?? "deltaker", ""),
        state: NOTICE_STATE[d.state],
        ...((d.reason ?? d.lastError) && { reason: d.reason ?? d.lastError }),
        createdAt: d.createdAt.toISOString(),
        ...(d.sentAt && { sentAt: d.sentAt.toISOString() }),
      };
    });
  return { items };
}
