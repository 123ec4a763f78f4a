/** The equal-treatment record of a need's notifications, and a supplier's inbox. */
import { type Actor, requireAuthenticated, requireOrganization } from "../auth/actor";
import { forbidden, invalid, notFound } from "../errors";
import { Need, type NeedRecord } from "../needs/need.model";
import { Organization } from "../organizations/organization.model";
import { parseId } from "../platform/ids";
import { isDuplicateKey } from "../platform/ids";
import { verifyUnsubscribeToken } from "./tokens";
import {
  DeliveryEntry,
  EmailOptOut,
  InboxItem,
  NotifyEvent,
  type DeliveryRecord,
  type InboxRecord,
  type NotifyEventRecord,
} from "./notification.model";
import { Reminder, type ReminderRecord } from "./reminder.model";
import type { InboxQuery } from "./notifications.schemas";

async function ownNeed(actor: Actor, needId: string): Promise<NeedRecord> {
  requireAuthenticated(actor);
  const need = await Need.findById(parseId(needId, "need")).lean<NeedRecord>();
  if (!need) throw notFound("Need");
  const own = actor.type === "admin" || (actor.type === "organization" && actor.orgId === need.buyerId.toString());
  if (!own && need.status === "draft") throw notFound("Need");
  if (!own) throw forbidden("Only the need's buyer and the admin see whom it was sent to");
  return need;
}

export async function needNotifications(actor: Actor, needId: string) {
  const need = await ownNeed(actor, needId);
  const id = need._id.toString();
  const [rows, events] = await Promise.all([
    DeliveryEntry.find({ needId: id }).lean<DeliveryRecord[]>(),
    NotifyEvent.find({ needId: id }).lean<NotifyEventRecord[]>(),
  ]);
  const ids = [...new Set(rows.map((r) => r.supplierId))];
  const orgs = await Promise.all(ids.map((s) => Organization.findById(s, { name: 1 }).lean()));
  const names = new Map(orgs.flatMap((o) => (o ? [[o._id.toString(), o.name] as const] : [])));
  rows.sort((a, b) => (a.needVersion ?? 0) - (b.needVersion ?? 0) || (a._id < b._id ? -1 : 1));
  const reminders = new Map(
    (
      await Promise.all(
        [...new Set(rows.flatMap((r) => (r.reminderKey ? [r.reminderKey] : [])))].map((key) =>
          Reminder.findById(key, { milestone: 1, date: 1 }).lean<ReminderRecord>(),
        ),
      )
    ).flatMap((r) => (r ? [[r._id, r] as const] : [])),
  );
  const items = rows.map((r) => ({
    supplierId: r.supplierId,
    ...(names.has(r.supplierId) && { supplierName: names.get(r.supplierId)! }),
    channel: r.channel,
    state: r.state,
    ...(r.reason && { reason: r.reason }),
    needVersion: r.needVersion,
    ...(r.contentHash && { contentHash: r.contentHash }),
    createdAt: r.createdAt.toISOString(),
    ...(r.sentAt && { sentAt: r.sentAt.toISOString() }),
    attempts: r.attempts ?? 0,
    ...(r.replays?.length && {
      replays: r.replays.map((p) => ({ at: new Date(p.at).toISOString(), by: p.by, resend: p.resend })),
    }),
    via: r.via ?? "instant",
    ...(r.digestId && { digestId: r.digestId }),
    ...(r.reminderKey &&
      reminders.has(r.reminderKey) && {
        reminder: {
          milestone: reminders.get(r.reminderKey)!.milestone,
          date: new Date(reminders.get(r.reminderKey)!.date).toISOString(),
        },
      }),
  }));
  // Per version: its own deliveries, at once or in digests (reminders are listed as items only).
  const versions = events
    .sort((a, b) => (a.needVersion ?? 0) - (b.needVersion ?? 0))
    .map((e) => {
      const of = rows.filter((r) => r.needVersion === e.needVersion && r.via !== "reminder");
      const sent = of.flatMap((r) => (r.sentAt ? [r.sentAt.getTime()] : []));
      const first = sent.length ? Math.min(...sent) : undefined;
      const last = sent.length ? Math.max(...sent) : undefined;
      return {
        needVersion: e.needVersion,
        kind: e.kind,
        ...(e.contentHash && { contentHash: e.contentHash }),
        recipients: new Set(of.map((r) => r.supplierId)).size,
        sent: sent.length,
        ...(first !== undefined && { first: new Date(first).toISOString() }),
        ...(last !== undefined && { last: new Date(last).toISOString() }),
        ...(first !== undefined && last !== undefined && { spreadMs: last - first }),
      };
    });
  return { needId: id, items, versions };
}

/** A cell a spreadsheet would read as a formula gets a leading apostrophe; quotes are doubled. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function needNotificationsCsv(actor: Actor, needId: string): Promise<string> {
  const { items } = await needNotifications(actor, needId);
  const header = [
    "needVersion",
    "supplierId",
    "supplierName",
    "channel",
    "state",
    "reason",
    "sentAt",
    "contentHash",
    "via",
  ];
  const lines = items.map((i) =>
    [i.needVersion, i.supplierId, i.supplierName, i.channel, i.state, i.reason, i.sentAt, i.contentHash, i.via]
      .map(csvCell)
      .join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

const presentItem = (i: InboxRecord) => ({
  id: i._id,
  ...(i.needId && { needId: i.needId, needVersion: i.needVersion ?? 0 }),
  ...(i.conferenceId && { conferenceId: i.conferenceId, topic: i.topic ?? "" }),
  kind: i.kind,
  title: i.title,
  buyerName: i.buyerName,
  summary: i.summary,
  changes: i.changes ?? [],
  read: i.read,
  createdAt: i.createdAt.toISOString(),
});

/** The calling supplier's inbox, newest first. */
export async function listInbox(actor: Actor, query: InboxQuery) {
  const org = requireOrganization(actor, ["supplier"]);
  const rows = await InboxItem.find({ supplierId: org.orgId }).lean<InboxRecord[]>();
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1));
  const items = rows.filter((r) => query.unread !== true || !r.read).map(presentItem);
  return { items, unread: rows.filter((r) => !r.read).length };
}

/** Marks one of the supplier's own items read; another's is 404 (its existence is not told). */
export async function markInboxRead(actor: Actor, id: string) {
  const org = requireOrganization(actor, ["supplier"]);
  const item = await InboxItem.findById(id).lean<InboxRecord>();
  if (!item || item.supplierId !== org.orgId) throw notFound("Inbox item");
  if (!item.read) await InboxItem.updateOne({ _id: id }, { $set: { read: true } });
  return presentItem({ ...item, read: true });
}

function tokenSupplier(secret: string, token: string): string {
  const supplierId = verifyUnsubscribeToken(secret, token);
  if (!supplierId)
    throw invalid("The unsubscribe link is not valid or has expired", [
      { path: "params.token", message: "is not a valid or current token" },
    ]);
  return supplierId;
}

const optedOut = async (supplierId: string) => Boolean(await EmailOptOut.exists({ _id: supplierId }));

/** Stops (`unsubscribed`) or resumes e-mail notifications to the supplier; inbox and webhooks go on either way. */
async function setOptOut(supplierId: string, unsubscribed: boolean) {
  if (!unsubscribed) await EmailOptOut.deleteOne({ _id: supplierId });
  else
    try {
      await EmailOptOut.create({ _id: supplierId, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  return { supplierId, unsubscribed };
}

/** What an unsubscribe link would do, for the page it opens (no change: mail scanners follow links). */
export async function unsubscribeStatus(secret: string, token: string) {
  const supplierId = tokenSupplier(secret, token);
  return { supplierId, unsubscribed: await optedOut(supplierId) };
}

/** RFC 8058 one-click: the supplier gets no more e-mail notifications (inbox and webhooks go on). */
export async function unsubscribe(secret: string, token: string) {
  return setOptOut(tokenSupplier(secret, token), true);
}

/**
 * The unsubscribe undone, from the same link (the page it opens offers it): e-mail notifications resume
 * with the next delivery. Whoever holds the link may do either, as with the one-click itself.
 */
export async function resubscribe(secret: string, token: string) {
  return setOptOut(tokenSupplier(secret, token), false);
}

/** The signed-in supplier's own e-mail notifications: whether it unsubscribed (by a link or here). */
export async function emailNotifications(actor: Actor) {
  const { orgId } = requireOrganization(actor, ["supplier"]);
  return { supplierId: orgId, unsubscribed: await optedOut(orgId) };
}

/** The signed-in supplier stops or resumes its e-mail notifications, without a link. */
export async function setEmailNotifications(actor: Actor, body: { unsubscribed: boolean }) {
  return setOptOut(requireOrganization(actor, ["supplier"]).orgId, body.unsubscribed);
}
