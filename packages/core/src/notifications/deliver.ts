/**
 * deliver: sends one delivery record over its channel and marks it sent. A record already sent is
 * skipped, so a retried job does not send again, except when the process died between sending and marking
 * (at most one per job running at that moment). The e-mail's Message-ID is derived from the idempotency
 * key, so such a duplicate is recognisable downstream. Each attempt's end is written to the record
 * (attempts, last error, next retry), so the supplier sees a delivery retrying, failed, or sent.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Transporter } from "nodemailer";
import { AppError } from "../errors";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import { WebhookSecret } from "../subscriptions/subscription.model";
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

/**
 * The e-mail's Message-ID: the key's, so a retry or a replay of a failed delivery is recognisable as the same
 * mail; an admin's resend of a sent one gets its own (`key.resend-N`), since mail systems drop a Message-ID
 * they have seen.
 */
export function messageIdFor(d: Pick<DeliveryRecord, "_id" | "replays">): string {
  const resends = (d.replays ?? []).filter((r) => r.resend).length;
  return messageIdOf(resends ? `${d._id}.resend-${resends}` : d._id);
}

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
 * One e-mail to a supplier: greeting by its name, its signed one-click unsubscribe link, and the Message-ID
 * given (the delivery's, or a digest's), so a duplicate after a crash is recognisable downstream.
 */
export async function sendSupplierMail(
  deps: DeliverDeps,
  mail: { messageId: string; to: string | undefined; supplierId: string; supplierName?: string; render: RenderMail },
): Promise<void> {
  if (!deps.mailer) throw new PermanentDeliveryError("no SMTP_URL configured");
  if (!mail.to) throw new PermanentDeliveryError("no e-mail address");
  // The name copied into the record at fan-out; read from the organisation for older records and digests.
  const name = mail.supplierName ?? (await Organization.findById(mail.supplierId, { name: 1 }).lean())?.name;
  const token = unsubscribeToken(deps.secret, mail.supplierId);
  const unsubscribeUrl = `${deps.publicUrl.replace(/\/$/, "")}/api/v1/unsubscribe/${token}`;
  const rendered = mail.render(name ?? "leverandør", unsubscribeUrl);
  await deps.mailer.sendMail({
    from: deps.mailFrom,
    to: mail.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: mail.messageId,
    headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    list: { unsubscribe: { url: unsubscribeUrl, comment: "Avslutt varsler" } },
  });
}

/** The subscription's own secret, when there is a subscription that has one; else the platform's. */
async function signingSecret(subscriptionId: string | undefined, deps: DeliverDeps): Promise<string> {
  if (!subscriptionId || !/^[0-9a-f]{24}$/.test(subscriptionId)) return deps.secret;
  const found = await WebhookSecret.findById(subscriptionId).lean();
  return found?.secret ?? deps.secret;
}

/** What the receiver's status means: 2xx sent, 408/429/5xx worth retrying, anything else not. */
function answerError(status: number): Error | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400)
    return new PermanentDeliveryError(`webhook answered ${status} (redirects are not followed)`);
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return new PermanentDeliveryError(`webhook answered ${status}`);
  return new Error(`webhook answered ${status}`);
}

/**
 * POSTs a JSON body to a webhook, at the address its host was checked to have, signed with the
 * subscription's secret (the platform's without one).
 */
export async function postWebhook(
  deps: DeliverDeps,
  hook: { target: string | undefined; deliveryId: string; subscriptionId?: string; body: string },
): Promise<void> {
  const { target, deliveryId, subscriptionId, body } = hook;
  if (!target) throw new PermanentDeliveryError("no webhook URL");
  let checked;
  try {
    checked = await checkWebhookDestination(target, deps.destinations, "target");
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid")
      throw new PermanentDeliveryError(`${error.message}: ${error.issues.map((i) => i.message).join("; ")}`);
    throw error;
  }
  const secret = await signingSecret(subscriptionId, deps);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const address = checked.addresses[0]!;
  const send = checked.url.protocol === "https:" ? httpsRequest : httpRequest;
  const timeoutMs = deps.webhookTimeoutMs ?? 10_000;
  await new Promise<void>((resolve, reject) => {
    const req = send(
      checked.url,
      {
        method: "POST",
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
          ...(subscriptionId && { "x-markedsdialog-subscription": subscriptionId }),
          "x-markedsdialog-timestamp": timestamp,
          "x-markedsdialog-signature": `sha256=${webhookSignature(secret, timestamp, body)}`,
        },
      },
      (res) => {
        res.on("error", fail);
        res.resume();
        res.on("end", () => {
          clearTimeout(deadline);
          const error = answerError(res.statusCode ?? 0);
          if (error) reject(error);
          else resolve();
        });
      },
    );
    function fail(error: Error) {
      clearTimeout(deadline);
      reject(error);
    }
    // The whole exchange, not only a silent socket: a receiver trickling bytes times out too.
    const deadline = setTimeout(() => {
      const error = new Error(`webhook timed out after ${timeoutMs} ms`);
      fail(error);
      req.destroy(error);
    }, timeoutMs);
    req.on("error", fail);
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

/** Who a delivery's e-mail goes to, and its Message-ID. */
const mailOf = (d: DeliveryRecord) => ({
  messageId: messageIdFor(d),
  to: d.target,
  supplierId: d.supplierId,
  ...(d.supplierName !== undefined && { supplierName: d.supplierName }),
});

async function sendNotice(d: DeliveryRecord, deps: DeliverDeps): Promise<void> {
  const event = await contentOf(d);
  const c = event.content;
  if (d.channel === "inapp") await inbox(d, c, event.changes);
  else if (d.channel === "email")
    await sendSupplierMail(deps, {
      ...mailOf(d),
      render: (name, url) => renderEmail(c, name, url),
    });
  else {
    const body = JSON.stringify({ type: `need.${c.kind}`, deliveryId: d._id, contentHash: event.contentHash, need: c });
    await postWebhook(deps, { target: d.target, deliveryId: d._id, subscriptionId: d.subscriptionId, body });
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
      ...mailOf(d),
      render: (name, url) => renderReminderEmail(c, name, url),
    });
  else {
    const body = JSON.stringify({
      type: "need.reminder",
      deliveryId: d._id,
      contentHash: reminder.contentHash,
      reminder: c,
    });
    await postWebhook(deps, { target: d.target, deliveryId: d._id, subscriptionId: d.subscriptionId, body });
  }
}

/**
 * Sends one delivery record. `fresh`: the record as its fan-out inserted it moments ago (pending, never
 * sent), given by a job on its first start, so it is not read back; otherwise it is read by key.
 */
export async function deliverOne(key: string, deps: DeliverDeps, fresh?: DeliveryRecord): Promise<DeliverOutcome> {
  const d = fresh ?? (await DeliveryEntry.findById(key).lean<DeliveryRecord>());
  if (!d) return "skipped";
  if (d.state === "sent") return "already-sent";
  if (d.state !== "pending") return "skipped";
  // Waiting for its digest, which sends it (digests.ts). One the digest has been through (a replay of a
  // failed one) goes on its own, as an instant delivery would.
  if (d.via === "digest" && !d.digestId) return "skipped";
  if (d.via === "reminder") await sendReminder(d, deps);
  else await sendNotice(d, deps);
  const now = new Date();
  await DeliveryEntry.updateOne(
    { _id: key },
    {
      $set: {
        state: "sent",
        sentAt: now,
        lastAttemptAt: now,
        ...(d.channel === "email" && { messageId: messageIdFor(d) }),
      },
      $inc: { attempts: 1 },
      $unset: { nextRetryAt: 1 },
    },
  );
  return "sent";
}

const short = (reason: string) => reason.slice(0, 500);

/** A failed attempt that will be retried: the record says why, and when the next attempt is due. */
export async function recordFailedAttempt(key: string, reason: string, nextRetryAt: Date): Promise<void> {
  await DeliveryEntry.updateOne(
    { _id: key, state: "pending" },
    { $set: { lastError: short(reason), lastAttemptAt: new Date(), nextRetryAt }, $inc: { attempts: 1 } },
  );
}

/** After the last attempt (or a permanent failure): the record says why. */
export async function markDeliveryFailed(key: string, reason: string): Promise<void> {
  const now = new Date();
  await DeliveryEntry.updateOne(
    { _id: key, state: "pending" },
    {
      $set: { state: "failed", reason: short(reason), lastError: short(reason), lastAttemptAt: now, failedAt: now },
      $inc: { attempts: 1 },
      $unset: { nextRetryAt: 1 },
    },
  );
}
