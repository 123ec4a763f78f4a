/**
 * deliver: sends one delivery record over its channel and marks it sent. A record already sent is
 * skipped, so a retried job does not send again, except when the process died between sending and marking
 * (at most one per job running at that moment). The e-mail's Message-ID is derived from the idempotency
 * key, so such a duplicate is recognisable downstream. Each attempt's end is written to the record
 * (attempts, last error, next retry), so the supplier sees a delivery retrying, failed, or sent.
 */
import type { mongo } from "mongoose";
import { sendConferenceDelivery } from "../conferences/message-deliver";
import {
  messageIdFor,
  PermanentDeliveryError,
  postWebhook,
  sendSupplierMail,
  writeInboxItem,
  type DeliverDeps,
} from "./channels";
import { renderEmail, renderReminderEmail, summaryOf, type NoticeContent } from "./content";
import {
  deliveryCollection,
  DeliveryEntry,
  NotifyEvent,
  type DeliveryRecord,
  type NotifyEventRecord,
} from "./notification.model";
import { Reminder, type ReminderRecord } from "./reminder.model";

export {
  messageIdFor,
  messageIdOf,
  PermanentDeliveryError,
  postWebhook,
  sendSupplierMail,
  writeInboxItem,
  type DeliverDeps,
} from "./channels";

export type DeliverOutcome = "sent" | "already-sent" | "skipped";

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
export async function deliverOne(
  key: string,
  deps: DeliverDeps,
  fresh?: DeliveryRecord,
): Promise<{ outcome: DeliverOutcome; sentAt?: Date }> {
  const d = fresh ?? (await DeliveryEntry.findById(key).lean<DeliveryRecord>());
  if (!d) return { outcome: "skipped" };
  if (d.state === "sent") return { outcome: "already-sent" };
  if (d.state !== "pending") return { outcome: "skipped" };
  // Waiting for its digest, which sends it (digests.ts). One the digest has been through (a replay of a
  // failed one) goes on its own, as an instant delivery would.
  if (d.via === "digest" && !d.digestId) return { outcome: "skipped" };
  if (d.conferenceId) await sendConferenceDelivery(d, deps);
  else if (d.via === "reminder") await sendReminder(d, deps);
  else await sendNotice(d, deps);
  const now = new Date();
  // Through the driver (one per delivery: mongoose's query building is a fifth of its cost), so the
  // timestamp mongoose would set is set here.
  const mark: mongo.UpdateFilter<{ _id: string }> = {
    $set: {
      state: "sent",
      sentAt: now,
      lastAttemptAt: now,
      updatedAt: now,
      ...(d.channel === "email" && { messageId: messageIdFor(d) }),
    },
    $inc: { attempts: 1 },
    $unset: { nextRetryAt: 1 },
  };
  await deliveryCollection<{ _id: string }>().updateOne({ _id: key }, mark);
  return { outcome: "sent", sentAt: now };
}

const short = (reason: string) => reason.slice(0, 500);

/** A failed attempt that will be retried: the record says why, and when the next attempt is due. */
export async function recordFailedAttempt(key: string, reason: string, nextRetryAt: Date): Promise<void> {
  await DeliveryEntry.updateOne(
    { _id: key, state: "pending" },
    { $set: { lastError: short(reason), lastAttemptAt: new Date(), nextRetryAt }, $inc: { attempts: 1 } },
  );
}

/** After the last attempt (or a permanent failure): the record says why. False if it was not pending. */
export async function markDeliveryFailed(key: string, reason: string): Promise<boolean> {
  const now = new Date();
  const result = await DeliveryEntry.updateOne(
    { _id: key, state: "pending" },
    {
      $set: { state: "failed", reason: short(reason), lastError: short(reason), lastAttemptAt: now, failedAt: now },
      $inc: { attempts: 1 },
      $unset: { nextRetryAt: 1 },
    },
  );
  return result.modifiedCount === 1;
}
