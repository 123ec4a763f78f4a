/**
 * A supplier's deliveries (the admin: everyone's), and replaying one. A replay puts a failed delivery back to
 * pending and queues one deliver job for it. Two replays racing are told apart by a unique-key claim
 * (`<key>-replay-N`, N the replay's number): one insert wins, the other answers 409, so the delivery is sent
 * again once. A delivery already sent is not replayed (409), except by the admin asking to `resend`.
 */
import { type Actor, requireAuthenticated } from "../auth/actor";
import { AppError, conflict, forbidden, notFound } from "../errors";
import { isDuplicateKey } from "../platform/ids";
import { replayJobId, type DeliverJob } from "../queues";
import type { Channel } from "../subscriptions/subscription.model";
import {
  DeliveryEntry,
  DeliveryReplayClaim,
  type DeliveryRecord,
  type DeliveryReplayEntry,
} from "./notification.model";
import type { ListDeliveriesQuery, ReplayDeliveryInput } from "./notifications.schemas";

export interface ReplayDeps {
  /** Queues the deliver job `jobId` (one key) on its channel's queue. */
  enqueue(job: DeliverJob, jobId: string): Promise<void>;
  /** The state of the deliver job `jobId`: BullMQ's, or "unknown" when there is none. */
  jobState(jobId: string, channel: Channel): Promise<string>;
  /**
   * A replay's claim, or a pending record, untouched this long with no job behind it, was abandoned by a
   * crash (DELIVERY_ABANDONED_MS, 60 s).
   */
  abandonedMs?: number;
}

const ABANDONED_MS = 60_000;

/** A need version's delivery key, a milestone reminder's (reminders.ts), or a conference message's. */
const DELIVERY_KEY =
  /^[0-9a-f]{24}-((v\d{1,9}|r-[a-z_]{1,40}-\d{1,15})-[0-9a-f]{24}|c-[a-z_]{1,40}(\.[0-9a-z_]{1,40}){0,3}-(p[0-9a-f]{10}|[0-9a-f]{24}))-(inapp|email|webhook)$/;

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined);

export function presentDelivery(d: DeliveryRecord) {
  return {
    id: d._id,
    ...(d.needId && { needId: d.needId, needVersion: d.needVersion ?? 0 }),
    ...(d.conferenceId && {
      conferenceId: d.conferenceId,
      topic: d.topic ?? "",
      conferenceMessageId: d.conferenceMessageId ?? "",
      ...(d.recipientId && { recipientId: d.recipientId }),
      ...(d.supplierName && { recipientName: d.supplierName }),
    }),
    supplierId: d.supplierId,
    channel: d.channel,
    ...(d.target && { target: d.target }),
    ...(d.subscriptionId && { subscriptionId: d.subscriptionId }),
    state: d.state,
    attempts: d.attempts ?? 0,
    ...(d.lastAttemptAt && { lastAttemptAt: iso(d.lastAttemptAt) }),
    ...(d.lastError && { lastError: d.lastError }),
    ...(d.state === "pending" && d.nextRetryAt && { nextRetryAt: iso(d.nextRetryAt) }),
    ...((d.state === "failed" || d.state === "skipped") && d.reason && { reason: d.reason }),
    ...(d.state === "failed" && d.failedAt && { failedAt: iso(d.failedAt) }),
    ...(d.sentAt && { sentAt: iso(d.sentAt) }),
    ...(d.messageId && { messageId: d.messageId }),
    ...(d.contentHash && { contentHash: d.contentHash }),
    replays: (d.replays ?? []).map((r) => ({
      n: r.n,
      at: iso(r.at)!,
      by: r.by,
      resend: r.resend,
      previousState: r.previousState,
      ...(r.previousReason && { previousReason: r.previousReason }),
      ...(r.previousSentAt && { previousSentAt: iso(r.previousSentAt) }),
    })),
    createdAt: iso(d.createdAt)!,
    updatedAt: iso(d.updatedAt)!,
  };
}

/** Whose deliveries the caller may see: a supplier its own, the admin all; others none. */
function ownerOf(actor: Actor): string | undefined {
  requireAuthenticated(actor);
  if (actor.type === "admin") return undefined;
  if (actor.type !== "organization" || actor.kind !== "supplier")
    throw forbidden("Only suppliers receive deliveries; a need's buyer finds them at /needs/{id}/notifications");
  return actor.orgId;
}

export async function listDeliveries(actor: Actor, query: ListDeliveriesQuery) {
  const own = ownerOf(actor);
  if (own && query.supplierId && query.supplierId !== own) throw forbidden("A supplier sees its own deliveries only");
  const supplierId = own ?? query.supplierId;
  // One indexed equality (a need's deliveries when asked for, else the supplier's); the rest is filtered here.
  const filter = query.needId ? { needId: query.needId } : supplierId ? { supplierId } : {};
  const rows = (await DeliveryEntry.find(filter).lean<DeliveryRecord[]>()).filter(
    (d) =>
      (!supplierId || d.supplierId === supplierId) &&
      (!query.needId || d.needId === query.needId) &&
      (!query.state || d.state === query.state) &&
      (!query.channel || d.channel === query.channel),
  );
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1));
  const start = (query.page - 1) * query.limit;
  return {
    items: rows.slice(start, start + query.limit).map(presentDelivery),
    total: rows.length,
    page: query.page,
    limit: query.limit,
  };
}

/** The delivery, when the caller may see it; another supplier's is answered as missing. */
async function loadDelivery(actor: Actor, id: string): Promise<DeliveryRecord> {
  const own = ownerOf(actor);
  if (!DELIVERY_KEY.test(id)) throw notFound("Delivery");
  const d = await DeliveryEntry.findById(id).lean<DeliveryRecord>();
  if (!d || (own && d.supplierId !== own)) throw notFound("Delivery");
  return d;
}

export async function getDelivery(actor: Actor, id: string) {
  return presentDelivery(await loadDelivery(actor, id));
}

/**
 * The job that should be delivering a pending record: the last replay's, or the batch its fan-out queued
 * it in (records from before `job` was recorded: a one-key job of its own key, as replays' were).
 */
const currentJobId = (d: DeliveryRecord) =>
  d.replays?.length ? replayJobId(d._id, d.replays.length) : (d.job ?? d._id);

/**
 * A pending record nobody is delivering: untouched for a while, and its job gone or finished (a crash). One
 * whose batch is still waiting, delayed or running is not: that job will send it (it skips only what is
 * sent), so replaying it would send it twice.
 */
async function abandoned(d: DeliveryRecord, deps: ReplayDeps): Promise<boolean> {
  if (Date.now() - new Date(d.updatedAt).getTime() < (deps.abandonedMs ?? ABANDONED_MS)) return false;
  const state = await deps.jobState(currentJobId(d), d.channel);
  return state === "unknown" || state === "completed" || state === "failed";
}

/** Claims replay `n` of the record; a claim left by a replay that crashed before its write is taken over. */
async function claimReplay(id: string, abandonedMs: number): Promise<void> {
  try {
    await DeliveryReplayClaim.create({ _id: id, at: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const stale = await DeliveryReplayClaim.deleteOne({ _id: id, at: { $lt: new Date(Date.now() - abandonedMs) } });
    if (stale.deletedCount !== 1) throw conflict("The delivery is being replayed already");
    return claimReplay(id, abandonedMs);
  }
}

/** The record as it was, restored when the job could not be queued, so that it can be replayed again. */
const restore = (d: DeliveryRecord) => ({
  $set: {
    state: d.state,
    replays: d.replays ?? [],
    ...(d.reason && { reason: d.reason }),
    ...(d.failedAt && { failedAt: d.failedAt }),
    ...(d.sentAt && { sentAt: d.sentAt }),
  },
});

export async function replayDelivery(actor: Actor, id: string, input: ReplayDeliveryInput, deps: ReplayDeps) {
  ownerOf(actor);
  if (input.resend && actor.type !== "admin") throw forbidden("Only the admin sends a delivered notification again");
  const d = await loadDelivery(actor, id);
  if (d.state === "skipped")
    throw conflict(`The delivery was left out on purpose (${d.reason ?? "skipped"}); it is not replayed`);
  if (d.state === "sent" && !input.resend)
    throw conflict("The delivery was sent; it is not replayed (the admin may send it again with resend: true)");
  if (d.state === "pending" && !(await abandoned(d, deps)))
    throw conflict("The delivery is pending: it is being delivered or retried (see nextRetryAt)");
  const n = (d.replays?.length ?? 0) + 1;
  const jobId = replayJobId(d._id, n);
  await claimReplay(jobId, deps.abandonedMs ?? ABANDONED_MS);
  const entry: DeliveryReplayEntry = {
    n,
    at: new Date(),
    by: actor.type === "admin" ? "admin" : "supplier",
    resend: d.state === "sent",
    previousState: d.state,
    ...(d.reason && { previousReason: d.reason }),
    ...(d.sentAt && { previousSentAt: d.sentAt }),
  };
  const replays = [...(d.replays ?? []), entry];
  // The claim makes this the only writer of the record now: no job runs for a failed, sent or abandoned one.
  await DeliveryEntry.updateOne(
    { _id: d._id },
    { $set: { state: "pending", replays }, $unset: { reason: 1, failedAt: 1, nextRetryAt: 1, sentAt: 1 } },
  );
  try {
    const of = d.conferenceId ? { conferenceId: d.conferenceId } : { needId: d.needId, needVersion: d.needVersion };
    await deps.enqueue({ ...of, channel: d.channel, keys: [d._id] }, jobId);
  } catch (error) {
    await DeliveryEntry.updateOne({ _id: d._id }, restore(d));
    await DeliveryReplayClaim.deleteOne({ _id: jobId });
    throw new AppError("unavailable", "The delivery queue could not be reached; nothing was replayed, try again", {
      cause: error,
    });
  }
  const { reason: _reason, failedAt: _failedAt, nextRetryAt: _next, sentAt: _sentAt, ...kept } = d;
  return presentDelivery({ ...kept, state: "pending", replays, updatedAt: new Date() });
}
