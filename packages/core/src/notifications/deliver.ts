/**
 * deliver: sends one delivery record over its channel and marks it sent. A record already sent is
 * skipped, so a retried job does not send again, except when the process died between sending and marking
 * (at most one per job running at that moment). The e-mail's Message-ID is derived from the idempotency
 * key, so such a duplicate is recognisable downstream.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Transporter } from "nodemailer";
import { AppError } from "../errors";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import { checkWebhookDestination, type DestinationPolicy } from "../webhooks/destination";
import { renderEmail, summaryOf, type NoticeContent } from "./content";
import {
  DeliveryEntry,
  InboxItem,
  NotifyEvent,
  type DeliveryRecord,
  type NotifyEventRecord,
} from "./notification.model";
import { unsubscribeToken, webhookSignature } from "./tokens";

export interface DeliverDeps {
  mailer?: Transporter;
  mailFrom: string;
  publicUrl: string;
  secret: string;
  destinations: DestinationPolicy;
  webhookTimeoutMs?: number;
}

/** A failure retrying cannot fix (no mailer, a destination refused): the job fails at once. */
export class PermanentDeliveryError extends Error {}

export type DeliverOutcome = "sent" | "already-sent" | "skipped";

export const messageIdOf = (key: string): string => `<${key}@markedsdialog.no>`;

async function inbox(d: DeliveryRecord, c: NoticeContent, changes: NotifyEventRecord["changes"]) {
  try {
    await InboxItem.create({
      _id: d._id,
      supplierId: d.supplierId,
      needId: d.needId,
      needVersion: d.needVersion,
      kind: c.kind,
      title: c.title,
      buyerName: c.buyerName,
      summary: summaryOf(c),
      changes,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

async function email(d: DeliveryRecord, c: NoticeContent, deps: DeliverDeps) {
  if (!deps.mailer) throw new PermanentDeliveryError("no SMTP_URL configured");
  if (!d.target) throw new PermanentDeliveryError("no e-mail address");
  const token = unsubscribeToken(deps.secret, d.supplierId);
  const unsubscribeUrl = `${deps.publicUrl.replace(/\/$/, "")}/api/v1/unsubscribe/${token}`;
  const mail = renderEmail(c, d.supplierName ?? "leverandør", unsubscribeUrl);
  await deps.mailer.sendMail({
    from: deps.mailFrom,
    to: d.target,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdOf(d._id),
    headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    list: { unsubscribe: { url: unsubscribeUrl, comment: "Avslutt varsler" } },
  });
}

async function webhook(d: DeliveryRecord, c: NoticeContent, hash: string, deps: DeliverDeps) {
  if (!d.target) throw new PermanentDeliveryError("no webhook URL");
  let checked;
  try {
    checked = await checkWebhookDestination(d.target, deps.destinations, "target");
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid") throw new PermanentDeliveryError(error.message);
    throw error;
  }
  const body = JSON.stringify({ type: `need.${c.kind}`, deliveryId: d._id, contentHash: hash, need: c });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const address = checked.addresses[0]!;
  const send = checked.url.protocol === "https:" ? httpsRequest : httpRequest;
  await new Promise<void>((resolve, reject) => {
    const req = send(
      checked.url,
      {
        method: "POST",
        timeout: deps.webhookTimeoutMs ?? 10_000,
        // Connect to the address checked, not a fresh lookup of the name.
        lookup: (_host, options, callback) => {
          const family = address.includes(":") ? 6 : 4;
          if ((options as { all?: boolean }).all)
            (callback as (e: null, a: object[]) => void)(null, [{ address, family }]);
          else (callback as (e: null, a: string, f: number) => void)(null, address, family);
        },
        headers: {
          "content-type": "application/json",
          "user-agent": "Markedsdialog-Webhook/1",
          "x-markedsdialog-delivery": d._id,
          "x-markedsdialog-timestamp": timestamp,
          "x-markedsdialog-signature": `sha256=${webhookSignature(deps.secret, timestamp, body)}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else if (status >= 400 && status < 500 && status !== 408 && status !== 429)
            reject(new PermanentDeliveryError(`webhook answered ${status}`));
          else reject(new Error(`webhook answered ${status}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("webhook timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** What every recipient of a version is told: fixed at the first fan-out, so kept per process once read. */
type EventContent = Required<Pick<NotifyEventRecord, "content" | "contentHash">> & Pick<NotifyEventRecord, "changes">;
const contents = new Map<string, EventContent>();
async function contentOf(d: DeliveryRecord): Promise<EventContent> {
  const id = `${d.needId}-v${d.needVersion}`;
  const known = contents.get(id);
  if (known) return known;
  const event = await NotifyEvent.findById(id).lean<NotifyEventRecord>();
  if (!event?.content || !event.contentHash) throw new Error(`event of ${d._id} has no content yet`);
  const content = { content: event.content, contentHash: event.contentHash, changes: event.changes };
  if (contents.size >= 200) contents.delete(contents.keys().next().value!);
  contents.set(id, content);
  return content;
}

/**
 * Sends one delivery record. `fresh`: the record as its fan-out inserted it moments ago (pending, never
 * sent), given by a job on its first start, so it is not read back; otherwise it is read by key.
 */
export async function deliverOne(key: string, deps: DeliverDeps, fresh?: DeliveryRecord): Promise<DeliverOutcome> {
  let d = fresh ?? (await DeliveryEntry.findById(key).lean<DeliveryRecord>());
  if (!d) return "skipped";
  if (d.state === "sent") return "already-sent";
  if (d.state === "failed") return "skipped";
  if (d.channel === "email" && d.supplierName === undefined) {
    // Records fanned out before the name was copied into them.
    const org = await Organization.findById(d.supplierId, { name: 1 }).lean();
    d = { ...d, ...(org?.name && { supplierName: org.name }) };
  }
  const event = await contentOf(d);
  if (d.channel === "inapp") await inbox(d, event.content, event.changes);
  else if (d.channel === "email") await email(d, event.content, deps);
  else await webhook(d, event.content, event.contentHash, deps);
  await DeliveryEntry.updateOne(
    { _id: key },
    { $set: { state: "sent", sentAt: new Date(), ...(d.channel === "email" && { messageId: messageIdOf(key) }) } },
  );
  return "sent";
}

/** After the last attempt (or a permanent failure): the record says why. */
export async function markDeliveryFailed(key: string, reason: string): Promise<void> {
  await DeliveryEntry.updateOne(
    { _id: key, state: "pending" },
    { $set: { state: "failed", reason: reason.slice(0, 500) } },
  );
}
