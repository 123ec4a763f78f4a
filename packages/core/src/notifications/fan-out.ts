/**
 * match-need: one outbox event becomes one delivery record per (need version, supplier, channel). Inserts
 * keyed by the idempotency key are the exactly-once step; a rerun after a crash inserts nothing twice and
 * returns every key again, so the deliver jobs (jobId = key) are all enqueued at least once. Channels that
 * go in a digest get their records too (`via: "digest"`, pending) and then one `DigestEntry` per (version,
 * subscription); the digest sends them (digests.ts), no deliver job does.
 */
import type { NeedRecord } from "../needs/need.model";
import { isOpenNeedStatus } from "../needs/lifecycle";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import type { Channel } from "../subscriptions/subscription.model";
import type { SearchEngine } from "../search/types";
import type { MatchIndex } from "../matching/match-index";
import { matchNeed, type MatchSource } from "../matching/match-need";
import { contentHash, noticeContent } from "./content";
import { DigestEntry } from "./digest.model";
import { needWrittenFor, notifyEventId } from "./outbox";
import {
  DeliveryEntry,
  EmailOptOut,
  NotifyEvent,
  type DeliveryRecord,
  type NotifyEventRecord,
} from "./notification.model";

export const deliveryKey = (needId: string, version: number, supplierId: string, channel: Channel): string =>
  `${needId}-v${version}-${supplierId}-${channel}`;

interface Target {
  channels: Set<Channel>;
  email?: string;
  webhookUrl?: string;
  /** The subscription the webhook URL came from: its secret signs the deliveries. */
  webhookSubscriptionId?: string;
}

/** One supplier: the channels it is told on at once, and per digest subscription those for its digest. */
interface Recipient extends Target {
  digests: Map<string, Target>;
}

export interface FanOutDeps {
  index: MatchIndex;
  search?: SearchEngine;
  publicUrl: string;
}

export type FanOut =
  | { outcome: "skipped"; why: string }
  | { outcome: "fanned-out"; keys: string[]; recipients: number; digestEntries: number };

const FREQUENCY_ORDER: Record<string, number> = { daily: 0, weekly: 1 };
type SubscriptionSource = Extract<MatchSource, { type: "subscription" }>;

/**
 * Who is told of this version, and how. Each (supplier, channel) gets one delivery: at once when any
 * instant source asks for the channel, otherwise in the digest of one digest subscription (daily before
 * weekly, then by id, so a rerun chooses the same). A change also reaches everyone told of an earlier
 * version, on the channels used then; one still waiting in a digest gets the change in that digest.
 */
async function recipientsOf(need: NeedRecord, event: NotifyEventRecord, deps: FanOutDeps) {
  const recipients = new Map<string, Recipient>();
  const at = (id: string) =>
    recipients.get(id) ?? recipients.set(id, { channels: new Set(), digests: new Map() }).get(id)!;
  const digestOf = (r: Recipient, subscriptionId: string) =>
    r.digests.get(subscriptionId) ?? r.digests.set(subscriptionId, { channels: new Set() }).get(subscriptionId)!;
  const covered = (r: Recipient, channel: Channel) =>
    r.channels.has(channel) || [...r.digests.values()].some((t) => t.channels.has(channel));
  if (isOpenNeedStatus(need.status)) {
    for (const match of await matchNeed(need, { index: deps.index, search: deps.search })) {
      const r = at(match.supplierId);
      const digestSources: SubscriptionSource[] = [];
      for (const source of match.sources) {
        if (source.delivery.frequency !== "instant") {
          if (source.type === "subscription") digestSources.push(source);
          continue;
        }
        for (const channel of source.delivery.channels) r.channels.add(channel);
        r.email ??= source.delivery.email;
        if (!r.webhookUrl && source.delivery.webhookUrl) {
          r.webhookUrl = source.delivery.webhookUrl;
          if (source.type === "subscription") r.webhookSubscriptionId = source.subscriptionId;
        }
      }
      digestSources.sort(
        (a, b) =>
          (FREQUENCY_ORDER[a.delivery.frequency] ?? 2) - (FREQUENCY_ORDER[b.delivery.frequency] ?? 2) ||
          (a.subscriptionId < b.subscriptionId ? -1 : 1),
      );
      for (const source of digestSources) {
        for (const channel of source.delivery.channels) {
          if (covered(r, channel)) continue;
          const t = digestOf(r, source.subscriptionId);
          t.channels.add(channel);
          t.email ??= source.delivery.email;
          t.webhookUrl ??= source.delivery.webhookUrl;
        }
      }
    }
  }
  if (event.kind === "changed") {
    // Change alerts: everyone told of an earlier version hears of the change, on the channels used then.
    const before = await DeliveryEntry.find({ needId: event.needId }).lean<DeliveryRecord[]>();
    for (const d of before) {
      if (d.needVersion >= event.needVersion || d.state === "failed" || d.state === "skipped") continue;
      if (d.via === "reminder") continue;
      const r = at(d.supplierId);
      if (covered(r, d.channel)) continue;
      const waiting = d.via === "digest" && d.state === "pending" && d.subscriptionId;
      const into = waiting ? digestOf(r, d.subscriptionId!) : r;
      into.channels.add(d.channel);
      if (d.channel === "email") into.email ??= d.target;
      if (d.channel === "webhook" && !into.webhookUrl) {
        into.webhookUrl = d.target;
        into.webhookSubscriptionId = d.subscriptionId;
      }
    }
  }
  // Who unsubscribed from e-mail is not e-mailed (one `_id` read per recipient asking for e-mail).
  const targets = (r: Recipient) => [r, ...r.digests.values()];
  const emailed = [...recipients].filter(([, r]) => targets(r).some((t) => t.channels.has("email")));
  const optedOut = await Promise.all(emailed.map(([id]) => EmailOptOut.exists({ _id: id })));
  emailed.forEach(([, r], i) => optedOut[i] && targets(r).forEach((t) => t.channels.delete("email")));
  return [...recipients].filter(([, r]) => targets(r).some((t) => t.channels.size > 0));
}

async function insertOnce(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
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
  const lacksEmail = (t: Target) => t.channels.has("email") && !t.email;
  const missingEmail = recipients
    .filter(([, r]) => lacksEmail(r) || [...r.digests.values()].some(lacksEmail))
    .map(([id]) => id);
  const orgs = await Promise.all(missingEmail.map((id) => Organization.findById(id, { email: 1 }).lean()));
  const orgEmail = new Map(orgs.flatMap((o) => (o?.email ? [[o._id.toString(), o.email] as const] : [])));

  const rows = (supplierId: string, t: Target, subscriptionId?: string) =>
    [...t.channels].sort().map((channel) => {
      const target =
        channel === "email" ? (t.email ?? orgEmail.get(supplierId)) : channel === "webhook" ? t.webhookUrl : undefined;
      const noTarget = channel !== "inapp" && !target;
      return {
        _id: deliveryKey(event.needId, event.needVersion, supplierId, channel),
        needId: event.needId,
        needVersion: event.needVersion,
        supplierId,
        channel,
        ...(target && { target }),
        ...(subscriptionId
          ? { subscriptionId }
          : channel === "webhook" && t.webhookSubscriptionId && { subscriptionId: t.webhookSubscriptionId }),
        contentHash: hash,
        state: noTarget ? ("failed" as const) : ("pending" as const),
        ...(noTarget && { reason: `no ${channel === "email" ? "e-mail address" : "webhook URL"}` }),
        via: subscriptionId ? ("digest" as const) : ("instant" as const),
      };
    });
  const instant = recipients.flatMap(([supplierId, r]) => rows(supplierId, r));
  const digests = recipients.flatMap(([supplierId, r]) =>
    [...r.digests].map(([subscriptionId, t]) => ({
      supplierId,
      subscriptionId,
      rows: rows(supplierId, t, subscriptionId),
    })),
  );
  const docs = [...instant, ...digests.flatMap((d) => d.rows)];
  for (let i = 0; i < docs.length; i += 16)
    await Promise.all(docs.slice(i, i + 16).map((doc) => insertOnce(() => DeliveryEntry.create(doc))));
  // Then the digest entries: a digest takes an entry only once its ledger records exist.
  const entries = digests.flatMap(({ supplierId, subscriptionId, rows: of }) => {
    const channels = of.filter((d) => d.state === "pending").map((d) => d.channel);
    if (channels.length === 0) return [];
    return [
      {
        _id: `${notifyEventId(event.needId, event.needVersion)}-${subscriptionId}`,
        subscriptionId,
        supplierId,
        needId: event.needId,
        needVersion: event.needVersion,
        channels,
        pendingFor: subscriptionId,
      },
    ];
  });
  for (let i = 0; i < entries.length; i += 16)
    await Promise.all(entries.slice(i, i + 16).map((doc) => insertOnce(() => DigestEntry.create(doc))));
  return {
    outcome: "fanned-out",
    keys: instant.filter((d) => d.state === "pending").map((d) => d._id),
    recipients: recipients.length,
    digestEntries: entries.length,
  };
}

export async function markEventDone(eventId: string, recipients: number): Promise<void> {
  await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date(), recipients } });
}
