/**
 * match-need: one outbox event becomes one delivery record per (need version, supplier, channel). Inserts
 * keyed by the idempotency key are the exactly-once step; a rerun after a crash inserts nothing twice and
 * hands every pending key on again, so each is enqueued at least once. The records are written and handed
 * on in chunks (the first one small), so the first deliveries go out while later chunks are written.
 * Channels that go in a digest get their records too (`via: "digest"`, pending) and then one `DigestEntry`
 * per (version, subscription); the digest sends them (digests.ts), no deliver job does.
 */
import type { NeedRecord } from "../needs/need.model";
import { isOpenNeedStatus } from "../needs/lifecycle";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import type { Channel } from "../subscriptions/subscription.model";
import type { FreshDelivery } from "../queues";
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
  /** From the supplier's search document, when the match had one. */
  name?: string;
}

export interface FanOutDeps {
  index: MatchIndex;
  search?: SearchEngine;
  publicUrl: string;
}

/** Records of one chunk to enqueue: the pending instant ones, and which of them this run inserted. */
export interface LedgerChunk {
  pending: NewDelivery[];
  fresh: Set<string>;
}

export type FanOut =
  | { outcome: "skipped"; why: string }
  | {
      outcome: "fanned-out";
      /** Pending instant deliveries handed on to be sent. */
      deliveries: number;
      recipients: number;
      digestEntries: number;
      ms: Record<"match" | "write" | "enqueue", number>;
    };

/** A delivery record as the fan-out writes it. */
export interface NewDelivery extends FreshDelivery {
  _id: string;
  needId: string;
  needVersion: number;
  channel: Channel;
  contentHash: string;
  state: "pending" | "failed";
  reason?: string;
  via: "instant" | "digest";
}

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
      r.name ??= match.supplierName;
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
      if ((d.needVersion ?? 0) >= event.needVersion || d.state === "failed" || d.state === "skipped") continue;
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
  // Who unsubscribed from e-mail is not e-mailed.
  const targets = (r: Recipient) => [r, ...r.digests.values()];
  const emailed = [...recipients].filter(([, r]) => targets(r).some((t) => t.channels.has("email")));
  const optedOut = await optedOutOf(emailed.map(([id]) => id));
  for (const [id, r] of emailed) if (optedOut.has(id)) targets(r).forEach((t) => t.channels.delete("email"));
  return [...recipients].filter(([, r]) => targets(r).some((t) => t.channels.size > 0));
}

/**
 * Which of these suppliers unsubscribed from e-mail: a few are looked up by `_id`; for many, the opt-outs
 * are read in one go (one short record per supplier who opted out: fewer than the recipients of a large
 * fan-out, and FerretDB would answer `$in` by reading them all anyway).
 */
async function optedOutOf(ids: string[]): Promise<Set<string>> {
  if (ids.length <= 50) {
    const found = await Promise.all(ids.map((id) => EmailOptOut.exists({ _id: id })));
    return new Set(ids.filter((_, i) => found[i]));
  }
  const all = await EmailOptOut.find({}, { _id: 1 }).lean<{ _id: string }[]>();
  return new Set(all.map((o) => o._id));
}

/** Inserts the records, skipping those already there (a rerun); the ids inserted now. */
async function insertMissing(insert: (docs: { _id: string }[]) => Promise<unknown>, docs: { _id: string }[]) {
  const ids = docs.map((d) => d._id);
  if (ids.length === 0) return new Set<string>();
  try {
    await insert(docs);
    return new Set(ids);
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { index: number; code?: number; err?: { code?: number } }[] })
      .writeErrors;
    if (!writeErrors?.length || !writeErrors.every((e) => isDuplicateKey(e) || isDuplicateKey(e.err))) throw error;
    const existing = new Set(writeErrors.map((e) => ids[e.index]));
    return new Set(ids.filter((id) => !existing.has(id)));
  }
}

/** Recipients per chunk: the first chunk small, so its deliveries start while the rest is written. */
const FIRST_CHUNK = 50;
const CHUNK = 500;

/** `written`: the event and need of a job its writer enqueued after the write (outbox.ts: writtenNotice). */
export async function fanOutNeedEvent(
  eventId: string,
  deps: FanOutDeps,
  enqueue: (chunk: LedgerChunk) => Promise<void> = async () => undefined,
  written?: { event: NotifyEventRecord; need: NeedRecord },
): Promise<FanOut> {
  let need = written?.need;
  let event: NotifyEventRecord | null | undefined = written?.event;
  if (!need || !event) {
    const recorded = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
    if (!recorded) return { outcome: "skipped", why: "no such event" };
    // Told only once its version is written (outbox.ts); waits while the writer may still write.
    need = await needWrittenFor(recorded);
    if (!need) return { outcome: "skipped", why: "version never written" };
    // Read again after the need: a writer that took over an abandoned claim replaced the event before writing.
    event = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
    if (!event) return { outcome: "skipped", why: "no such event" };
  }
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
  const ms = { match: 0, write: 0, enqueue: 0 };
  let lap = performance.now();
  const step = (name: keyof typeof ms) => {
    const now = performance.now();
    ms[name] += Math.round(now - lap);
    lap = now;
  };
  const recipients = await recipientsOf(need, event, deps);
  step("match");
  let deliveries = 0;
  let digestEntries = 0;
  for (let i = 0; i < recipients.length;) {
    const size = i === 0 ? FIRST_CHUNK : CHUNK;
    const { instant, digests } = await ledgerDocs(recipients.slice(i, i + size), event, hash);
    i += size;
    const docs = [...instant, ...digests.flatMap((d) => d.rows)];
    const fresh = await insertMissing((d) => DeliveryEntry.insertMany(d, { ordered: false }), docs);
    // Then the digest entries: a digest takes an entry only once its ledger records exist.
    const entries = digestEntriesOf(digests, event);
    await insertMissing((d) => DigestEntry.insertMany(d, { ordered: false }), entries);
    digestEntries += entries.length;
    step("write");
    const pending = instant.filter((d) => d.state === "pending");
    deliveries += pending.length;
    await enqueue({ pending, fresh });
    step("enqueue");
  }
  return { outcome: "fanned-out", deliveries, recipients: recipients.length, digestEntries, ms };
}

interface DigestRows {
  supplierId: string;
  subscriptionId: string;
  rows: NewDelivery[];
}

/**
 * One record per (recipient, channel), at once or per digest subscription. The supplier's name (the mail's
 * greeting) and, when no subscription gave one, its e-mail address are read from the organisation now, by
 * `_id`, for those the match did not name.
 */
async function ledgerDocs(
  recipients: [string, Recipient][],
  event: NotifyEventRecord,
  hash: string,
): Promise<{ instant: NewDelivery[]; digests: DigestRows[] }> {
  const lacks = (r: Recipient, t: Target) => t.channels.has("email") && (!t.email || !r.name);
  const unknown = recipients
    .filter(([, r]) => lacks(r, r) || [...r.digests.values()].some((t) => lacks(r, t)))
    .map(([id]) => id);
  const orgs = await Promise.all(unknown.map((id) => Organization.findById(id, { email: 1, name: 1 }).lean()));
  const orgOf = new Map(orgs.flatMap((o) => (o ? [[o._id.toString(), o] as const] : [])));

  const rows = (supplierId: string, r: Recipient, t: Target, subscriptionId?: string) =>
    [...t.channels].sort().map((channel): NewDelivery => {
      const org = orgOf.get(supplierId);
      const email = t.email ?? org?.email ?? undefined;
      const target = channel === "email" ? email : channel === "webhook" ? t.webhookUrl : undefined;
      const name = channel === "email" ? (r.name ?? org?.name) : undefined;
      const noTarget = channel !== "inapp" && !target;
      const webhookSubscription = channel === "webhook" ? t.webhookSubscriptionId : undefined;
      const subscription = subscriptionId ?? webhookSubscription;
      return {
        _id: deliveryKey(event.needId, event.needVersion, supplierId, channel),
        needId: event.needId,
        needVersion: event.needVersion,
        supplierId,
        channel,
        ...(target && { target }),
        ...(name && { supplierName: name }),
        ...(subscription && { subscriptionId: subscription }),
        contentHash: hash,
        state: noTarget ? "failed" : "pending",
        ...(noTarget && { reason: `no ${channel === "email" ? "e-mail address" : "webhook URL"}` }),
        via: subscriptionId ? "digest" : "instant",
      };
    });
  const instant = recipients.flatMap(([supplierId, r]) => rows(supplierId, r, r));
  const digests = recipients.flatMap(([supplierId, r]) =>
    [...r.digests].map(([subscriptionId, t]) => ({
      supplierId,
      subscriptionId,
      rows: rows(supplierId, r, t, subscriptionId),
    })),
  );
  return { instant, digests };
}

/** One digest entry per (version, subscription) with a pending record. */
function digestEntriesOf(digests: DigestRows[], event: NotifyEventRecord) {
  return digests.flatMap(({ supplierId, subscriptionId, rows: of }) => {
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
}

export async function markEventDone(eventId: string, recipients: number): Promise<void> {
  await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date(), recipients } });
}
