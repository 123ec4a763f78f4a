/**
 * match-need: one outbox event becomes one delivery record per (need version, supplier, channel). Inserts
 * keyed by the idempotency key are the exactly-once step; a rerun after a crash inserts nothing twice and
 * returns every key again, so the deliver jobs (jobId = key) are all enqueued at least once.
 */
import type { NeedRecord } from "../needs/need.model";
import { isOpenNeedStatus } from "../needs/lifecycle";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import type { Channel } from "../subscriptions/subscription.model";
import type { SearchEngine } from "../search/types";
import type { MatchIndex } from "../matching/match-index";
import { matchNeed } from "../matching/match-need";
import { contentHash, noticeContent } from "./content";
import { needWrittenFor } from "./outbox";
import {
  DeliveryEntry,
  EmailOptOut,
  NotifyEvent,
  type DeliveryRecord,
  type NotifyEventRecord,
} from "./notification.model";

export const deliveryKey = (needId: string, version: number, supplierId: string, channel: Channel): string =>
  `${needId}-v${version}-${supplierId}-${channel}`;

interface Recipient {
  channels: Set<Channel>;
  email?: string;
  webhookUrl?: string;
  /** The subscription the webhook URL came from: its secret signs the deliveries. */
  webhookSubscriptionId?: string;
}

export interface FanOutDeps {
  index: MatchIndex;
  search?: SearchEngine;
  publicUrl: string;
}

export type FanOut =
  { outcome: "skipped"; why: string } | { outcome: "fanned-out"; keys: string[]; recipients: number };

async function recipientsOf(need: NeedRecord, event: NotifyEventRecord, deps: FanOutDeps) {
  const recipients = new Map<string, Recipient>();
  const at = (id: string) => recipients.get(id) ?? recipients.set(id, { channels: new Set() }).get(id)!;
  if (isOpenNeedStatus(need.status)) {
    for (const match of await matchNeed(need, { index: deps.index, search: deps.search })) {
      for (const source of match.sources) {
        // Digests (daily, weekly) are not sent yet: instant sources only.
        if (source.delivery.frequency !== "instant") continue;
        const r = at(match.supplierId);
        for (const channel of source.delivery.channels) r.channels.add(channel);
        r.email ??= source.delivery.email;
        if (!r.webhookUrl && source.delivery.webhookUrl) {
          r.webhookUrl = source.delivery.webhookUrl;
          if (source.type === "subscription") r.webhookSubscriptionId = source.subscriptionId;
        }
      }
    }
  }
  if (event.kind === "changed") {
    // Change alerts: everyone told of an earlier version hears of the change, on the channels used then.
    const before = await DeliveryEntry.find({ needId: event.needId }).lean<DeliveryRecord[]>();
    for (const d of before) {
      if (d.needVersion >= event.needVersion || d.state === "failed") continue;
      const r = at(d.supplierId);
      r.channels.add(d.channel);
      if (d.channel === "email") r.email ??= d.target;
      if (d.channel === "webhook" && !r.webhookUrl) {
        r.webhookUrl = d.target;
        r.webhookSubscriptionId = d.subscriptionId;
      }
    }
  }
  // Who unsubscribed from e-mail is not e-mailed (one `_id` read per recipient asking for e-mail).
  const emailed = [...recipients].filter(([, r]) => r.channels.has("email"));
  const optedOut = await Promise.all(emailed.map(([id]) => EmailOptOut.exists({ _id: id })));
  emailed.forEach(([, r], i) => optedOut[i] && r.channels.delete("email"));
  return [...recipients].filter(([, r]) => r.channels.size > 0);
}

async function insertOnce(doc: Record<string, unknown>): Promise<void> {
  try {
    await DeliveryEntry.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

export async function fanOutNeedEvent(eventId: string, deps: FanOutDeps): Promise<FanOut> {
  const recorded = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
  if (!recorded) return { outcome: "skipped", why: "no such event" };
  // Told only once its version is written (outbox.ts); waits while the writer may still write.
  const need = await needWrittenFor(recorded);
  if (!need) return { outcome: "skipped", why: "version never written" };
  // Read again after the need: a writer that took over an abandoned claim replaced the event before writing.
  const event = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
  if (!event) return { outcome: "skipped", why: "no such event" };
  if (need.status === "draft") {
    await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date() } });
    return { outcome: "skipped", why: "draft" };
  }
  let content = event.content;
  let hash = event.contentHash;
  if (!content || !hash) {
    content = { ...noticeContent(need, event.kind, event.changes, deps.publicUrl), needVersion: event.needVersion };
    hash = contentHash(content);
    await NotifyEvent.updateOne({ _id: eventId }, { $set: { content, contentHash: hash } });
  }
  const recipients = await recipientsOf(need, event, deps);
  const missingEmail = recipients.filter(([, r]) => r.channels.has("email") && !r.email).map(([id]) => id);
  const orgs = await Promise.all(missingEmail.map((id) => Organization.findById(id, { email: 1 }).lean()));
  const orgEmail = new Map(orgs.flatMap((o) => (o?.email ? [[o._id.toString(), o.email] as const] : [])));

  const docs = recipients.flatMap(([supplierId, r]) =>
    [...r.channels].sort().map((channel) => {
      const target =
        channel === "email" ? (r.email ?? orgEmail.get(supplierId)) : channel === "webhook" ? r.webhookUrl : undefined;
      const noTarget = channel !== "inapp" && !target;
      return {
        _id: deliveryKey(event.needId, event.needVersion, supplierId, channel),
        needId: event.needId,
        needVersion: event.needVersion,
        supplierId,
        channel,
        ...(target && { target }),
        ...(channel === "webhook" && r.webhookSubscriptionId && { subscriptionId: r.webhookSubscriptionId }),
        contentHash: hash,
        state: noTarget ? "failed" : "pending",
        ...(noTarget && { reason: `no ${channel === "email" ? "e-mail address" : "webhook URL"}` }),
      };
    }),
  );
  for (let i = 0; i < docs.length; i += 16) await Promise.all(docs.slice(i, i + 16).map(insertOnce));
  return {
    outcome: "fanned-out",
    keys: docs.filter((d) => d.state === "pending").map((d) => d._id),
    recipients: recipients.length,
  };
}

export async function markEventDone(eventId: string, recipients: number): Promise<void> {
  await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date(), recipients } });
}
