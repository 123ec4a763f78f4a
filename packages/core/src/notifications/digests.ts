/**
 * digest: one subscription's digest, sent when due (digest-jobs.ts) or when asked for. One message per
 * channel lists every entry waiting since the last digest: one e-mail, one webhook call, one inbox item per
 * need. Exactly once, on FerretDB too:
 * - the first run fixes the candidates in the `Digest` record (`_id` the digest's id), so a rerun after a
 *   crash sends the same list;
 * - each entry is claimed by a unique insert (`DigestClaim`, `_id` the entry's), so two digests racing
 *   (a scheduled one and "send now") never both carry it;
 * - each channel is recorded in `Digest.sent` once done, and a rerun skips it; only a process killed between
 *   sending and recording sends that one message again (with the same Message-ID), as a single delivery does.
 * Each need version carried keeps its ledger records (`via: "digest"`), marked sent at the digest's time.
 * A need no longer open when the digest goes is left out (its records `skipped`, with why), as is an older
 * version of a need whose newer version is in the same digest.
 */
import { isOpenNeedStatus } from "../needs/lifecycle";
import { Need, type NeedRecord } from "../needs/need.model";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey, isObjectId } from "../platform/ids";
import { digestJobId, type DigestJob } from "../queues";
import { CHANNELS, Subscription, type Channel, type SubscriptionRecord } from "../subscriptions/subscription.model";
import { renderDigestEmail, summaryOf } from "./content";
import { Digest, DigestClaim, DigestEntry, type DigestEntryRecord, type DigestRecord } from "./digest.model";
import { isDueInstant, scheduleOf } from "./digest-jobs";
import {
  messageIdOf,
  PermanentDeliveryError,
  postWebhook,
  sendSupplierMail,
  writeInboxItem,
  type DeliverDeps,
} from "./deliver";
import { deliveryKey } from "./ledger-records";
import { DeliveryEntry, EmailOptOut, NotifyEvent, type NotifyEventRecord } from "./notification.model";

export type DigestOutcome =
  | { outcome: "skipped"; why: string }
  | { outcome: "already-sent"; digestId: string }
  | { outcome: "sent"; digestId: string; items: number; skipped: number; channels: Channel[] };

interface Item {
  entry: DigestEntryRecord;
  event: NotifyEventRecord & { content: NonNullable<NotifyEventRecord["content"]> };
}

/** The run's record: made by the first run with the entries then waiting, read by every rerun. */
async function fixCandidates(digestId: string, sub: SubscriptionRecord, dueAt: number): Promise<DigestRecord> {
  const existing = await Digest.findById(digestId).lean<DigestRecord>();
  if (existing) return existing;
  // DigestEntry's `pendingFor` index: the entries still waiting for this subscription.
  const waiting = await DigestEntry.find({ pendingFor: sub._id.toString() }, { _id: 1 }).lean<{ _id: string }[]>();
  try {
    const created = await Digest.create({
      _id: digestId,
      subscriptionId: sub._id.toString(),
      supplierId: sub.orgId.toString(),
      dueAt: new Date(dueAt),
      candidates: waiting.map((e) => e._id).sort(),
    });
    return created.toObject() as unknown as DigestRecord;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return (await Digest.findById(digestId).lean<DigestRecord>())!;
  }
}

/** The candidates this digest holds the claim of: claimed now, or by an earlier run of the same digest. */
async function claimed(run: DigestRecord): Promise<DigestEntryRecord[]> {
  const ours: DigestEntryRecord[] = [];
  for (const id of run.candidates) {
    let mine = true;
    try {
      await DigestClaim.create({ _id: id, digestId: run._id, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      mine = (await DigestClaim.findById(id).lean<{ digestId: string }>())?.digestId === run._id;
    }
    const entry = mine ? await DigestEntry.findById(id).lean<DigestEntryRecord>() : null;
    if (entry) ours.push(entry);
  }
  return ours;
}

/** What goes out and what is left out (with why): withdrawn needs, older versions of a need carried. */
async function sortOut(entries: DigestEntryRecord[], deleted: boolean) {
  const skip: { entry: DigestEntryRecord; reason: string }[] = [];
  const items: Item[] = [];
  const needs = new Map<string, NeedRecord | null>();
  const newest = new Map<string, number>();
  for (const e of entries) newest.set(e.needId, Math.max(newest.get(e.needId) ?? 0, e.needVersion));
  for (const entry of entries) {
    if (deleted) {
      skip.push({ entry, reason: "the subscription was deleted before its digest" });
      continue;
    }
    if (!needs.has(entry.needId))
      needs.set(entry.needId, isObjectId(entry.needId) ? await Need.findById(entry.needId).lean<NeedRecord>() : null);
    const need = needs.get(entry.needId);
    if (!need || !isOpenNeedStatus(need.status)) {
      skip.push({ entry, reason: `the need was ${need?.status ?? "removed"} before the digest` });
      continue;
    }
    const latest = newest.get(entry.needId)!;
    if (entry.needVersion < latest) {
      skip.push({ entry, reason: `version ${latest} of the need is in the same digest` });
      continue;
    }
    const event = await NotifyEvent.findById(`${entry.needId}-v${entry.needVersion}`).lean<NotifyEventRecord>();
    if (!event?.content) throw new Error(`event of digest entry ${entry._id} has no content`);
    items.push({ entry, event: event as Item["event"] });
  }
  items.sort(
    (a, b) => a.entry.createdAt.getTime() - b.entry.createdAt.getTime() || (a.entry._id < b.entry._id ? -1 : 1),
  );
  return { items, skip };
}

const keyOf = (e: DigestEntryRecord, channel: Channel) => deliveryKey(e.needId, e.needVersion, e.supplierId, channel);

async function markRows(keys: string[], set: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < keys.length; i += 16)
    await Promise.all(
      keys.slice(i, i + 16).map((key) => DeliveryEntry.updateOne({ _id: key, state: "pending" }, { $set: set })),
    );
}

/** Sends one channel's message of the digest; returns the target used. */
async function send(channel: Channel, items: Item[], sub: SubscriptionRecord, digestId: string, deps: DeliverDeps) {
  const supplierId = sub.orgId.toString();
  const frequency = sub.frequency === "weekly" ? "weekly" : "daily";
  if (channel === "inapp") {
    for (const { entry, event } of items)
      await writeInboxItem({
        _id: keyOf(entry, "inapp"),
        supplierId,
        needId: entry.needId,
        needVersion: entry.needVersion,
        kind: event.content.kind,
        title: event.content.title,
        buyerName: event.content.buyerName,
        summary: summaryOf(event.content),
        changes: event.changes ?? [],
      });
    return undefined;
  }
  if (channel === "email") {
    if (await EmailOptOut.exists({ _id: supplierId })) throw new PermanentDeliveryError("unsubscribed from e-mail");
    const to = sub.email ?? (await Organization.findById(supplierId, { email: 1 }).lean())?.email ?? undefined;
    const contents = items.map((i) => i.event.content);
    await sendSupplierMail(deps, {
      messageId: messageIdOf(`${digestId}-email`),
      to,
      supplierId,
      render: (name, url) => renderDigestEmail(contents, frequency, name, url, sub.name ?? undefined),
    });
    return to;
  }
  const body = JSON.stringify({
    type: "digest",
    digestId,
    deliveryId: `${digestId}-webhook`,
    subscriptionId: sub._id.toString(),
    frequency,
    items: items.map(({ entry, event }) => ({
      deliveryId: keyOf(entry, "webhook"),
      contentHash: event.contentHash,
      need: event.content,
    })),
  });
  await postWebhook(deps, {
    target: sub.webhookUrl ?? undefined,
    deliveryId: `${digestId}-webhook`,
    subscriptionId: sub._id.toString(),
    body,
  });
  return sub.webhookUrl ?? undefined;
}

/**
 * Runs one digest job. `final`: the job's last attempt, after which a channel still failing is recorded
 * as failed instead of being retried. A scheduled job at an instant the schedule no longer has does nothing.
 */
export async function runDigest(job: DigestJob, deps: DeliverDeps, final: boolean): Promise<DigestOutcome> {
  const sub = isObjectId(job.subscriptionId)
    ? await Subscription.findById(job.subscriptionId).lean<SubscriptionRecord>()
    : null;
  if (!sub) return { outcome: "skipped", why: "no such subscription" };
  const deleted = Boolean(sub.deletedAt);
  if (!job.now && !deleted && sub.frequency !== "instant" && !isDueInstant(scheduleOf(sub), job.dueAt))
    return { outcome: "skipped", why: "the schedule changed" };
  const digestId = digestJobId(job);
  const run = await fixCandidates(digestId, sub, job.dueAt);
  if (run.doneAt) return { outcome: "already-sent", digestId };
  const { items, skip } = await sortOut(await claimed(run), deleted);
  for (const { entry, reason } of skip)
    await markRows(
      entry.channels.map((c) => keyOf(entry, c)),
      { state: "skipped", reason, digestId },
    );

  const sent = { ...run.sent };
  const done: Channel[] = [];
  let retry: unknown;
  for (const channel of CHANNELS) {
    const carried = items.filter((i) => i.entry.channels.includes(channel));
    if (carried.length === 0 || sent[channel]) continue;
    const keys = carried.map((i) => keyOf(i.entry, channel));
    if (!sub.channels.includes(channel)) {
      await markRows(keys, { state: "skipped", reason: "the channel was taken off the subscription", digestId });
      sent[channel] = { failed: "channel removed" };
    } else {
      try {
        const target = await send(channel, carried, sub, digestId, deps);
        const at = new Date();
        await markRows(keys, {
          state: "sent",
          sentAt: at,
          digestId,
          ...(target && { target }),
          ...(channel === "email" && { messageId: messageIdOf(`${digestId}-email`) }),
        });
        sent[channel] = { at: at.toISOString() };
        done.push(channel);
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        if (!(error instanceof PermanentDeliveryError) && !final) {
          retry ??= error;
          continue;
        }
        await markRows(keys, { state: "failed", reason, digestId });
        sent[channel] = { failed: reason };
      }
    }
    await Digest.updateOne({ _id: digestId }, { $set: { [`sent.${channel}`]: sent[channel] } });
  }
  if (retry) throw retry; // the channels done are not sent again
  const ours = [...items.map((i) => i.entry), ...skip.map((s) => s.entry)];
  for (const entry of ours)
    await DigestEntry.updateOne({ _id: entry._id }, { $unset: { pendingFor: 1 }, $set: { digestId } });
  await Digest.updateOne({ _id: digestId }, { $set: { doneAt: new Date(), items: items.length } });
  return { outcome: "sent", digestId, items: items.length, skipped: skip.length, channels: done };
}
