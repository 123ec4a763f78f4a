/**
 * Sends one ledger record of a conference message over its channel: an inbox item for a supplier, an
 * e-mail to a participant or an organisation's address (greeting by name, Message-ID from the key), or a
 * signed webhook. The words are the message's, fixed when it was recorded; only greeting and links differ.
 */
import {
  messageIdFor,
  PermanentDeliveryError,
  postWebhook,
  writeInboxItem,
  type DeliverDeps,
} from "../notifications/channels";
import type { DeliveryRecord } from "../notifications/notification.model";
import { unsubscribeToken } from "../notifications/tokens";
import { ConferenceMessage, type ConferenceMessageContent, type ConferenceMessageRecord } from "./message.model";

/** Messages never change once recorded: kept per process once read. */
const cache = new Map<string, ConferenceMessageRecord>();
async function messageOf(d: DeliveryRecord): Promise<ConferenceMessageRecord> {
  const id = d.conferenceMessageId ?? "";
  const known = cache.get(id);
  if (known) return known;
  const found = await ConferenceMessage.findById(id).lean<ConferenceMessageRecord>();
  if (!found) throw new PermanentDeliveryError(`message of ${d._id} is missing`);
  if (cache.size >= 200) cache.delete(cache.keys().next().value!);
  cache.set(id, found);
  return found;
}

/** Messages a supplier may turn off (the org's address, not a participant's): they carry the unsubscribe link. */
const UNSUBSCRIBABLE = new Set(["invitation", "reminder_deadline"]);

const base = (publicUrl: string) => publicUrl.replace(/\/$/, "");

/** The e-mail's text: greeting, the shared lines, the link, the organiser's signature. */
export function renderConferenceText(
  c: ConferenceMessageContent,
  name: string,
  publicUrl: string,
  unsubscribe?: string,
) {
  return [
    `Hei ${name},`,
    "",
    ...c.lines,
    "",
    `Lenke: ${base(publicUrl)}${c.link}`,
    "",
    "Vennlig hilsen",
    c.organizerName,
    "(sendt fra Markedsdialog)",
    ...(unsubscribe ? ["", `Vil du ikke ha flere slike e-poster: ${unsubscribe}`] : []),
  ].join("\n");
}

async function sendMail(d: DeliveryRecord, m: ConferenceMessageRecord, deps: DeliverDeps) {
  if (!deps.mailer) throw new PermanentDeliveryError("no SMTP_URL configured");
  if (!d.target) throw new PermanentDeliveryError("no e-mail address");
  const unsubscribeUrl = UNSUBSCRIBABLE.has(m.topic)
    ? `${base(deps.publicUrl)}/api/v1/unsubscribe/${unsubscribeToken(deps.secret, d.supplierId)}`
    : undefined;
  await deps.mailer.sendMail({
    from: deps.mailFrom,
    to: d.target,
    subject: m.content.subject,
    text: renderConferenceText(m.content, d.supplierName ?? "deltaker", deps.publicUrl, unsubscribeUrl),
    messageId: messageIdFor(d),
    ...(unsubscribeUrl && {
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      list: { unsubscribe: { url: unsubscribeUrl, comment: "Avslutt varsler" } },
    }),
  });
}

export async function sendConferenceDelivery(d: DeliveryRecord, deps: DeliverDeps): Promise<void> {
  const m = await messageOf(d);
  const c = m.content;
  if (d.channel === "inapp")
    await writeInboxItem({
      _id: d._id,
      supplierId: d.supplierId,
      conferenceId: m.conferenceId,
      topic: m.topic,
      kind: "conference",
      title: c.subject,
      buyerName: c.organizerName,
      summary: c.lines.filter(Boolean).slice(0, 3).join(" "),
      changes: c.changes ?? [],
    });
  else if (d.channel === "email") await sendMail(d, m, deps);
  else {
    const body = JSON.stringify({
      type: `conference.${m.topic}`,
      deliveryId: d._id,
      contentHash: m.contentHash,
      conference: c,
    });
    await postWebhook(deps, { target: d.target, deliveryId: d._id, subscriptionId: d.subscriptionId, body });
  }
}
