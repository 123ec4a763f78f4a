/**
 * The ledger records of a fan-out: one per (recipient, channel), at once or per digest subscription, each
 * instant one naming the deliver job it goes in; and one digest entry per (version, subscription).
 */
import { Organization } from "../organizations/organization.model";
import type { Channel } from "../subscriptions/subscription.model";
import type { DeliverChannel, FreshDelivery } from "../queues";
import { cutBatches } from "./channel-plans";
import { notifyEventId } from "./outbox";
import type { Recipient, Target } from "./recipients";
import type { NotifyEventRecord } from "./notification.model";

export const deliveryKey = (needId: string, version: number, supplierId: string, channel: Channel): string =>
  `${needId}-v${version}-${supplierId}-${channel}`;

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
  job?: string;
}

export interface DigestRows {
  supplierId: string;
  subscriptionId: string;
  rows: NewDelivery[];
}

type OrgFacts = { name?: string; email?: string | null };
export type Organizations = Map<string, OrgFacts>;

/** Those whose greeting or e-mail address the match did not give: their organisation is read. */
export function lackingOrganization(recipients: [string, Recipient][]): string[] {
  const lacks = (r: Recipient, t: Target) => t.channels.has("email") && (!t.email || !r.name);
  return recipients
    .filter(([, r]) => lacks(r, r) || [...r.digests.values()].some((t) => lacks(r, t)))
    .map(([id]) => id);
}

/**
 * Name and e-mail address of these organisations. A few (up to 50) are read by `_id`, all at once. For more,
 * when they are at least an eighth of all organisations, every organisation is read in one pass (name and
 * e-mail only) and those asked for kept: FerretDB answers `$in` by comparing each document with the whole
 * list (3.5 s for 10,000 ids among 10,000, against 1 s for the pass and 13 s for 10,000 lookups by `_id`).
 * Otherwise they are read by `_id`, 16 at a time.
 */
export async function readOrganizations(ids: string[]): Promise<Organizations> {
  const projection = { email: 1, name: 1 };
  const facts = (o: { _id: unknown; name?: string; email?: string | null } | null) =>
    o ? [[String(o._id), { name: o.name, email: o.email }] as const] : [];
  if (ids.length <= 50) {
    const orgs = await Promise.all(ids.map((id) => Organization.findById(id, projection).lean()));
    return new Map(orgs.flatMap(facts));
  }
  if (ids.length * 8 >= (await Organization.estimatedDocumentCount())) {
    const wanted = new Set(ids);
    const all = await Organization.find({}, projection).lean();
    return new Map(all.filter((o) => wanted.has(String(o._id))).flatMap(facts));
  }
  const found: Organizations = new Map();
  for (let i = 0; i < ids.length; i += 16) {
    const orgs = await Promise.all(ids.slice(i, i + 16).map((id) => Organization.findById(id, projection).lean()));
    for (const [id, f] of orgs.flatMap(facts)) found.set(id, f);
  }
  return found;
}

/**
 * One record per (recipient, channel), at once or per digest subscription. The supplier's name (the mail's
 * greeting) and, when no subscription gave one, its e-mail address come from its organisation (`orgs`) for
 * those the match did not name. Each pending instant record names its deliver job: the chunk's records of
 * one channel cut in batches of `batchSize(channel)`, as the enqueue cuts them (deliver-jobs.ts).
 */
export function ledgerDocs(
  recipients: [string, Recipient][],
  event: NotifyEventRecord,
  hash: string,
  orgs: Organizations,
  batchSize: (channel: DeliverChannel) => number,
): { instant: NewDelivery[]; digests: DigestRows[] } {
  const rows = (supplierId: string, r: Recipient, t: Target, subscriptionId?: string) =>
    [...t.channels].sort().map((channel): NewDelivery => {
      const org = orgs.get(supplierId);
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
  const pending = instant.filter((d) => d.state === "pending");
  for (const channel of new Set(pending.map((d) => d.channel)))
    for (const { jobId, records } of cutBatches(
      pending.filter((d) => d.channel === channel),
      batchSize(channel),
    ))
      for (const d of records) d.job = jobId;
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
export function digestEntriesOf(digests: DigestRows[], event: NotifyEventRecord) {
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
