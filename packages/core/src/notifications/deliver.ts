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
import { renderEmail, renderReminderEmail, summaryOf, type NoticeContent } from "./content";
import {
  DeliveryEntry,
  InboxItem,
  NotifyEvent,
  type DeliveryRecord,
  type InboxRecord,
  type NotifyEventRecord,
} from "./notification.model";
import { Reminder, type ReminderRecord } from "./reminder.model";
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

/** One inbox item; its `_id` is the delivery's key, so writing it twice leaves one. */
export async function writeInboxItem(item: Omit<InboxRecord, "read" | "createdAt">): Promise<void> {
  try {
    await InboxItem.create(item);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

const inbox = (d: DeliveryRecord, c: NoticeContent, changes: NotifyEventRecord["changes"]) =>
  writeInboxItem({
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

type RenderMail = (recipientName: string, unsubscribeUrl: string) => { subject: string; text: string; html: string };

/**
 * One e-mail to a supplier: greeting by its name, its signed one-click unsubscribe link, and a Message-ID
 * from `key` (the delivery's, or a digest's), so a duplicate after a crash is recognisable downstream.
 */
export async function sendSupplierMail(
  deps: DeliverDeps,
  mail: { key: string; to: string | undefined; supplierId: string; render: RenderMail },
): Promise<void> {
  if (!deps.mailer) throw new PermanentDeliveryError("no SMTP_URL configured");
  if (!mail.to) throw new PermanentDeliveryError("no e-mail address");
  const org = await Organization.findById(mail.supplierId, { name: 1 }).lean();
  const token = unsubscribeToken(deps.secret, mail.supplierId);
  const unsubscribeUrl = `${deps.publicUrl.replace(/\/$/, "")}/api/v1/unsubscribe/${token}`;
  const rendered = mail.render(org?.name ?? "leverandør", unsubscribeUrl);
  await deps.mailer.sendMail({
    from: deps.mailFrom,
    to: mail.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: messageIdOf(mail.key),
    headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    list: { unsubscribe: { url: unsubscribeUrl, comment: "Avslutt varsler" } },
  });
}

/** POSTs a signed JSON body to a webhook, at the address its host was checked to have. */
export async function postWebhook(
  deps: DeliverDeps,
  hook: { target: string | undefined; deliveryId: string; body: string },
): Promise<void> {
  const { target, deliveryId, body } = hook;
  if (!target) throw new PermanentDeliveryError("no webhook URL");
  let checked;
  try {
    checked = await checkWebhookDestination(target, deps.destinations, "target");
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid") throw new PermanentDeliveryError(error.message);
    throw error;
  }
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
          "x-markedsdialog-delivery": deliveryId,
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

async function sendNotice(d: DeliveryRecord, deps: DeliverDeps): Promise<void> {
  const event = await NotifyEvent.findById(`${d.needId}-v${d.needVersion}`).lean<NotifyEventRecord>();
  if (!event?.content || !event.contentHash) throw new Error(`event of ${d._id} has no content yet`);
  const c = event.content;
  if (d.channel === "inapp") await inbox(d, c, event.changes);
  else if (d.channel === "email")
    await sendSupplierMail(deps, {
      key: d._id,
      to: d.target,
      supplierId: d.supplierId,
      render: (name, url) => renderEmail(c, name, url),
    });
  else {
    const body = JSON.stringify({ type: `need.${c.kind}`, deliveryId: d._id, contentHash: event.contentHash, need: c });
    await postWebhook(deps, { target: d.target, deliveryId: d._id, body });
  }
}

/** A milestone reminder (reminders.ts): its content is the reminder's, fixed when it fired. */
async function sendReminder(d: DeliveryRecord, deps: DeliverDeps): Promise<void> {
  const reminder = d.reminderKey ? await Reminder.findById(d.reminderKey).lean<ReminderRecord>() : null;
  if (!reminder) throw new PermanentDeliveryError(`reminder of ${d._id} is missing`);
  const c = reminder.content;
  if (d.channel === "inapp")
    await writeInboxItem({
      _id: d._id,
      supplierId: d.supplierId,
      needId: d.needId,
      needVersion: d.needVersion,
      kind: "reminder",
      title: c.title,
      buyerName: c.buyerName,
      summary: `${c.line} (${c.when}).`,
      changes: [],
    });
  else if (d.channel === "email")
    await sendSupplierMail(deps, {
      key: d._id,
      to: d.target,
      supplierId: d.supplierId,
      render: (name, url) => renderReminderEmail(c, name, url),
    });
  else {
    const body = JSON.stringify({
      type: "need.reminder",
      deliveryId: d._id,
      contentHash: reminder.contentHash,
      reminder: c,
    });
    await postWebhook(deps, { target: d.target, deliveryId: d._id, body });
  }
}

export async function deliverOne(key: string, deps: DeliverDeps): Promise<DeliverOutcome> {
  const d = await DeliveryEntry.findById(key).lean<DeliveryRecord>();
  if (!d) return "skipped";
  if (d.state === "sent") return "already-sent";
  if (d.state !== "pending") return "skipped";
  // A digest's records are sent by the digest (digests.ts), never one by one.
  if (d.via === "digest") return "skipped";
  if (d.via === "reminder") await sendReminder(d, deps);
  else await sendNotice(d, deps);
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
