/**
 * conference-notify: one conference message becomes one ledger record per (recipient, channel), keyed
 * `messageId-recipientId-channel` (invitations `conferenceId-c-invitation-supplierId-channel`, so a
 * supplier is invited once per conference). The audience is resolved at the first run and stored on the
 * message, so a rerun after a crash writes the same keys and inserts nothing twice; every pending key is
 * handed on again, and the deliver job skips one already sent.
 */
import type { MatchIndex } from "../matching/match-index";
import { matchNeed } from "../matching/match-need";
import { Need, type NeedRecord } from "../needs/need.model";
import { DeliveryEntry, EmailOptOut } from "../notifications/notification.model";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import type { SearchEngine } from "../search/types";
import type { Channel } from "../subscriptions/subscription.model";
import { Conference, type ConferenceRecord } from "./conference.model";
import {
  ConferenceMessage,
  type ConferenceMessageRecord,
  type MessageAudience,
  type MessageRecipient,
} from "./message.model";
import { messageId } from "./messages";
import { delegation } from "./message-texts";
import { Registration, type RegistrationRecord } from "./registration.model";

export interface MessageFanOutDeps {
  index: MatchIndex;
  search?: SearchEngine;
}

export interface ConferenceDeliveryRow {
  _id: string;
  conferenceId: string;
  conferenceMessageId: string;
  topic: string;
  recipientId: string;
  supplierId: string;
  supplierName: string;
  channel: Channel;
  target?: string;
  subscriptionId?: string;
  contentHash: string;
  state: "pending";
}

const orgOf = (id: string) => Organization.findById(id).lean<OrganizationRecord>();

async function participants(conferenceId: string, audience: Extract<MessageAudience, { type: "participants" }>) {
  const regs = (await Registration.find({ conferenceId }).lean<RegistrationRecord[]>()).filter((r) =>
    (audience.statuses as string[]).includes(r.status),
  );
  const out: MessageRecipient[] = [];
  for (const reg of regs) {
    const supplier = (await orgOf(reg.orgId))?.kind === "supplier";
    if (audience.suppliersOnly && !supplier) continue;
    out.push(...delegation(reg, supplier));
  }
  return out;
}

/** The suppliers matched to the conference's linked needs, each through its subscriptions' channels. */
async function invited(c: ConferenceRecord, deps: MessageFanOutDeps): Promise<MessageRecipient[]> {
  const bySupplier = new Map<string, MessageRecipient & { wantsEmail: boolean }>();
  for (const needId of c.needIds) {
    const need = await Need.findById(needId).lean<NeedRecord>();
    if (!need) continue;
    for (const match of await matchNeed(need, { index: deps.index, search: deps.search })) {
      const r = bySupplier.get(match.supplierId) ?? {
        id: match.supplierId,
        orgId: match.supplierId,
        name: match.supplierName ?? "",
        wantsEmail: false,
      };
      for (const source of match.sources) {
        const channels = source.delivery.channels;
        if (channels.includes("inapp")) r.inapp = true;
        if (channels.includes("email")) {
          r.wantsEmail = true;
          r.email ??= source.delivery.email;
        }
        if (channels.includes("webhook") && source.delivery.webhookUrl && !r.webhook)
          r.webhook = {
            url: source.delivery.webhookUrl,
            ...(source.type === "subscription" && { subscriptionId: source.subscriptionId }),
          };
      }
      bySupplier.set(match.supplierId, r);
    }
  }
  const out: MessageRecipient[] = [];
  for (const { wantsEmail, email: subscribed, ...r } of bySupplier.values()) {
    const org = await orgOf(r.id);
    if (!org || org.active === false) continue;
    // E-mail to the subscription's address, or the organisation's contact address.
    const email = wantsEmail ? (subscribed ?? org.email) : undefined;
    out.push({ ...r, name: r.name || org.name, ...(email && { email }) });
  }
  return out;
}

async function resolve(m: ConferenceMessageRecord, deps: MessageFanOutDeps): Promise<MessageRecipient[]> {
  const audience = m.audience;
  if (audience.type === "people") return audience.people;
  if (audience.type === "participants") return participants(m.conferenceId, audience);
  const conference = await Conference.findById(m.conferenceId).lean<ConferenceRecord>();
  if (!conference) return [];
  const all = await invited(conference, deps);
  if (audience.type === "invited") return all;
  const regs = await Registration.find({ conferenceId: m.conferenceId }).lean<RegistrationRecord[]>();
  const taking = new Set(regs.filter((r) => r.status !== "cancelled").map((r) => r.orgId));
  return all.filter((r) => !taking.has(r.orgId));
}

/** Invitations and deadline reminders go to organisations' addresses: who unsubscribed is not e-mailed. */
const OPT_OUT_TOPICS = new Set(["invitation", "reminder_deadline"]);

function rowsOf(m: ConferenceMessageRecord, recipients: MessageRecipient[], optedOut: Set<string>) {
  const keyBase = m.topic === "invitation" ? messageId(m.conferenceId, "invitation") : m._id;
  const rows: ConferenceDeliveryRow[] = [];
  for (const r of recipients) {
    const row = (channel: Channel, extra: { target?: string; subscriptionId?: string } = {}) =>
      rows.push({
        _id: `${keyBase}-${r.id}-${channel}`,
        conferenceId: m.conferenceId,
        conferenceMessageId: m._id,
        topic: m.topic,
        recipientId: r.id,
        supplierId: r.orgId,
        supplierName: r.name,
        channel,
        ...extra,
        contentHash: m.contentHash,
        state: "pending",
      });
    if (r.inapp) row("inapp");
    if (r.email && !(OPT_OUT_TOPICS.has(m.topic) && optedOut.has(r.orgId))) row("email", { target: r.email });
    if (r.webhook)
      row("webhook", {
        target: r.webhook.url,
        ...(r.webhook.subscriptionId && { subscriptionId: r.webhook.subscriptionId }),
      });
  }
  return rows;
}

export type MessageFanOut =
  { outcome: "skipped"; why: string } | { outcome: "fanned-out"; records: ConferenceDeliveryRow[]; recipients: number };

export async function fanOutConferenceMessage(id: string, deps: MessageFanOutDeps): Promise<MessageFanOut> {
  const m = await ConferenceMessage.findById(id).lean<ConferenceMessageRecord>();
  if (!m) return { outcome: "skipped", why: "no such message" };
  let recipients = m.recipients;
  if (!recipients) {
    recipients = await resolve(m, deps);
    await ConferenceMessage.updateOne({ _id: id }, { $set: { recipients } });
  }
  const optedOut = new Set<string>();
  if (OPT_OUT_TOPICS.has(m.topic))
    for (const r of recipients) if (await EmailOptOut.exists({ _id: r.orgId })) optedOut.add(r.orgId);
  const rows = rowsOf(m, recipients, optedOut);
  for (const row of rows)
    await DeliveryEntry.create(row).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  if (m.state !== "done")
    await ConferenceMessage.updateOne({ _id: id }, { $set: { state: "done", doneAt: new Date() } });
  return { outcome: "fanned-out", records: rows, recipients: recipients.length };
}
