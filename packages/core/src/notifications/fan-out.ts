/**
 * match-need: one outbox event becomes one delivery record per (need version, supplier, channel). Inserts
 * keyed by the idempotency key are the exactly-once step; a rerun after a crash inserts nothing twice and
 * hands every pending key on again, so each is enqueued at least once. The records are written and handed
 * on in chunks (the first one small), so the first deliveries go out while later chunks are written.
 */
import { Need, type NeedRecord } from "../needs/need.model";
import { isOpenNeedStatus } from "../needs/lifecycle";
import { Organization } from "../organizations/organization.model";
import { isDuplicateKey } from "../platform/ids";
import type { Channel } from "../subscriptions/subscription.model";
import type { FreshDelivery } from "../queues";
import type { SearchEngine } from "../search/types";
import type { MatchIndex } from "../matching/match-index";
import { matchNeed } from "../matching/match-need";
import { contentHash, noticeContent } from "./content";
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
  /** From the supplier's search document, when the match had one. */
  name?: string;
}

export interface FanOutDeps {
  index: MatchIndex;
  search?: SearchEngine;
  publicUrl: string;
}

/** Records of one chunk to enqueue: the pending ones, and which of them this run inserted. */
export interface LedgerChunk {
  pending: NewDelivery[];
  fresh: Set<string>;
}

export type FanOut =
  | { outcome: "skipped"; why: string }
  | {
      outcome: "fanned-out";
      deliveries: number;
      recipients: number;
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
}

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
        r.webhookUrl ??= source.delivery.webhookUrl;
        r.name ??= match.supplierName;
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
      if (d.channel === "webhook") r.webhookUrl ??= d.target;
    }
  }
  // Who unsubscribed from e-mail is not e-mailed.
  const emailed = [...recipients].filter(([, r]) => r.channels.has("email"));
  const optedOut = await optedOutOf(emailed.map(([id]) => id));
  for (const [id, r] of emailed) if (optedOut.has(id)) r.channels.delete("email");
  return [...recipients].filter(([, r]) => r.channels.size > 0);
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
async function insertLedger(docs: NewDelivery[]): Promise<Set<string>> {
  const ids = docs.map((d) => d._id);
  try {
    await DeliveryEntry.insertMany(docs, { ordered: false });
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

export async function fanOutNeedEvent(
  eventId: string,
  deps: FanOutDeps,
  enqueue: (chunk: LedgerChunk) => Promise<void> = async () => undefined,
): Promise<FanOut> {
  const event = await NotifyEvent.findById(eventId).lean<NotifyEventRecord>();
  if (!event) return { outcome: "skipped", why: "no such event" };
  const need = await Need.findById(event.needId).lean<NeedRecord>();
  if (!need || need.status === "draft") {
    await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date() } });
    return { outcome: "skipped", why: need ? "draft" : "need gone" };
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
  for (let i = 0; i < recipients.length;) {
    const size = i === 0 ? FIRST_CHUNK : CHUNK;
    const docs = await ledgerDocs(recipients.slice(i, i + size), event, hash);
    i += size;
    const fresh = await insertLedger(docs);
    step("write");
    const pending = docs.filter((d) => d.state === "pending");
    deliveries += pending.length;
    await enqueue({ pending, fresh });
    step("enqueue");
  }
  return { outcome: "fanned-out", deliveries, recipients: recipients.length, ms };
}

/**
 * One record per (recipient, channel). The supplier's name (the mail's greeting) and, when no subscription
 * gave one, its e-mail address are read from the organisation now, by `_id`, for those the match did not name.
 */
async function ledgerDocs(
  recipients: [string, Recipient][],
  event: NotifyEventRecord,
  hash: string,
): Promise<NewDelivery[]> {
  const unknown = recipients.filter(([, r]) => r.channels.has("email") && (!r.email || !r.name)).map(([id]) => id);
  const orgs = await Promise.all(unknown.map((id) => Organization.findById(id, { email: 1, name: 1 }).lean()));
  const orgOf = new Map(orgs.flatMap((o) => (o ? [[o._id.toString(), o] as const] : [])));
  return recipients.flatMap(([supplierId, r]) =>
    [...r.channels].sort().map((channel): NewDelivery => {
      const org = orgOf.get(supplierId);
      const email = r.email ?? org?.email ?? undefined;
      const target = channel === "email" ? email : channel === "webhook" ? r.webhookUrl : undefined;
      const name = channel === "email" ? (r.name ?? org?.name) : undefined;
      const noTarget = channel !== "inapp" && !target;
      return {
        _id: deliveryKey(event.needId, event.needVersion, supplierId, channel),
        needId: event.needId,
        needVersion: event.needVersion,
        supplierId,
        channel,
        ...(target && { target }),
        ...(name && { supplierName: name }),
        contentHash: hash,
        state: noTarget ? "failed" : "pending",
        ...(noTarget && { reason: `no ${channel === "email" ? "e-mail address" : "webhook URL"}` }),
      };
    }),
  );
}

export async function markEventDone(eventId: string, recipients: number): Promise<void> {
  await NotifyEvent.updateOne({ _id: eventId }, { $set: { state: "done", doneAt: new Date(), recipients } });
}
