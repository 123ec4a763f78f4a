/**
 * The channels' senders, shared by need notices and conference messages: an inbox item, an e-mail with the
 * Message-ID from the idempotency key, a signed webhook POST to the address its host was checked to have.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Transporter } from "nodemailer";
import { AppError } from "../errors";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import { WebhookSecret } from "../subscriptions/subscription.model";
import { checkWebhookDestination, type DestinationPolicy } from "../webhooks/destination";
import { InboxItem, type DeliveryRecord, type InboxRecord } from "./notification.model";
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

type RenderMail = (recipientName: string, unsubscribeUrl: string) => { subject: string; text: string; html: string };

/**
 * One e-mail to a supplier: greeting by its name, its signed one-click unsubscribe (the header, and a link to
 * the unsubscribe page in the text), and the Message-ID
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
  const base = deps.publicUrl.replace(/\/$/, "");
  // The header is for mail clients (RFC 8058: they POST to it); the link in the text opens the web app's
  // page, which says what unsubscribing does, does it on a button, and can undo it.
  const unsubscribeUrl = `${base}/api/v1/unsubscribe/${token}`;
  const rendered = mail.render(name ?? "leverandør", `${base}/avmelding?token=${encodeURIComponent(token)}`);
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
