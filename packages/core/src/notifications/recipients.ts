/**
 * Who is told of a need version, and how: the matches' instant and digest channels, everyone told of an
 * earlier version when it is a change, minus e-mail to those who unsubscribed.
 */
import type { NeedRecord } from "../needs/need.model";
import { isOpenNeedStatus } from "../needs/lifecycle";
import type { Channel } from "../subscriptions/subscription.model";
import type { SearchEngine } from "../search/types";
import type { MatchIndex } from "../matching/match-index";
import { matchNeed, type MatchSource } from "../matching/match-need";
import { DeliveryEntry, EmailOptOut, type DeliveryRecord, type NotifyEventRecord } from "./notification.model";

export interface Target {
  channels: Set<Channel>;
  email?: string;
  webhookUrl?: string;
  /** The subscription the webhook URL came from: its secret signs the deliveries. */
  webhookSubscriptionId?: string;
}

/** One supplier: the channels it is told on at once, and per digest subscription those for its digest. */
export interface Recipient extends Target {
  digests: Map<string, Target>;
  /** From the supplier's search document, when the match had one. */
  name?: string;
}

export interface MatchDeps {
  index: MatchIndex;
  search?: SearchEngine;
}

const FREQUENCY_ORDER: Record<string, number> = { daily: 0, weekly: 1 };
type SubscriptionSource = Extract<MatchSource, { type: "subscription" }>;

/**
 * Each (supplier, channel) gets one delivery: at once when any instant source asks for the channel,
 * otherwise in the digest of one digest subscription (daily before weekly, then by id, so a rerun chooses
 * the same). A change also reaches everyone told of an earlier version, on the channels used then; one
 * still waiting in a digest gets the change in that digest. In match order, so a rerun cuts the same chunks.
 */
export async function recipientsOf(
  need: NeedRecord,
  event: NotifyEventRecord,
  deps: MatchDeps,
): Promise<[string, Recipient][]> {
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
    // Every earlier version's fan-out has finished (fan-out.ts waits for it), so its records are all here.
    const before = await DeliveryEntry.find({ needId: event.needId }).lean<DeliveryRecord[]>();
    // In a fixed order (version, then key), so a rerun cuts the same chunks whatever order the scan returns.
    before.sort((a, b) => (a.needVersion ?? 0) - (b.needVersion ?? 0) || (a._id < b._id ? -1 : 1));
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
