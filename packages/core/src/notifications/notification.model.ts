import { Schema, model, type mongo, type Types } from "mongoose";
import { CHANNELS } from "../subscriptions/subscription.model";
import type { NoticeContent } from "./content";

/**
 * The outbox: one event per need version worth telling suppliers about (published, or changed in value,
 * CPV, place, timeline, milestones or status). `_id` is `needId-vN`, so the insert is the exactly-once
 * point (unique `_id`, atomic on FerretDB too); the worker's sweeper re-enqueues events still pending.
 */
const notifyEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    needId: { type: String, required: true },
    needVersion: { type: Number, required: true },
    kind: { type: String, enum: ["published", "changed"], required: true },
    /** What changed (field, from, to), for change alerts. */
    changes: { type: [Schema.Types.Mixed], default: [] },
    state: { type: String, enum: ["pending", "done"], required: true, default: "pending" },
    /** What every recipient of this version is told (content.ts), fixed at the first fan-out. */
    content: Schema.Types.Mixed,
    contentHash: String,
    recipients: Number,
    doneAt: Date,
  },
  { timestamps: true },
);
// The sweeper: events not yet fanned out (top-level scalar equality, answered from this index by FerretDB).
notifyEventSchema.index({ state: 1 });
// A change waiting for its need's earlier versions to fan out (fan-out.ts: earlierPending).
notifyEventSchema.index({ needId: 1, state: 1 });
export interface NotifyEventRecord {
  _id: string;
  needId: string;
  needVersion: number;
  kind: "published" | "changed";
  changes: { field: string; from: unknown; to: unknown }[];
  state: "pending" | "done";
  content?: NoticeContent;
  contentHash?: string;
  recipients?: number;
  createdAt: Date;
}
export const NotifyEvent = model("NotifyEvent", notifyEventSchema);

/** What a need version tells suppliers. */
export interface Notice {
  kind: NotifyEventRecord["kind"];
  changes?: NotifyEventRecord["changes"];
  /** What every recipient is told (content.ts), when the writer knows it: fixed with the event. */
  content?: NoticeContent;
}

/** skipped: never sent, and never to be (the need was withdrawn before its digest, a newer version took its place). */
export const DELIVERY_STATES = ["pending", "sent", "failed", "skipped"] as const;
/** How a delivery goes: on its own at once, in a subscription's digest, or as a milestone reminder. */
export const DELIVERY_VIAS = ["instant", "digest", "reminder"] as const;
export type DeliveryVia = (typeof DELIVERY_VIAS)[number];

/**
 * The ledger: one delivery per (need version, supplier, channel). `_id` is the idempotency key
 * (`needId-vN-supplierId-channel`): inserting it is the one atomic step, a duplicate key means it exists.
 * A reminder's deliveries are keyed by the reminder (`reminderKey-supplierId-channel`, reminders.ts).
 * A conference message's (conferences/message.model.ts) have `conferenceId`, `conferenceMessageId` and `topic`
 * instead of a need, keyed `<message id>-recipientId-channel`; `supplierId` is then the recipient's
 * organisation (any kind) and `recipientId` the participant or organisation.
 */
const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    needId: String,
    needVersion: Number,
    conferenceId: String,
    /** The conference message (conferences/message.model.ts); not `messageId`, the e-mail's Message-ID. */
    conferenceMessageId: String,
    topic: String,
    recipientId: String,
    supplierId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    /** E-mail address or webhook URL; none for the inbox. */
    target: String,
    /** The supplier's name when fanned out, for the e-mail's greeting (no read of the organisation per send). */
    supplierName: String,
    /**
     * Webhooks: the subscription whose URL this is; its secret signs the body (the platform's without one).
     * Digests (every channel): the subscription whose digest carries it.
     */
    subscriptionId: String,
    state: { type: String, enum: DELIVERY_STATES, required: true, default: "pending" },
    /** Why it failed, when failed. */
    reason: String,
    sentAt: Date,
    /** SHA-256 of what every recipient of this version is told (without greeting and links). */
    contentHash: String,
    messageId: String,
    /** Attempts ended so far, over every replay: one `$inc` per attempt, by the one job running it. */
    attempts: Number,
    lastAttemptAt: Date,
    /** The last failed attempt's error; kept after a later success. */
    lastError: String,
    /** While pending after a failed attempt: when the next one is due (BullMQ's backoff). */
    nextRetryAt: Date,
    failedAt: Date,
    /** Each replay (deliveries.service.ts): by whom, when, and what the record said before it. */
    replays: { type: [Schema.Types.Mixed], default: undefined },
    /** Unset on records from before digests: instant. */
    via: { type: String, enum: DELIVERY_VIAS },
    /** Digests: the digest that carried it (or left it out). */
    digestId: String,
    /** Reminders: the reminder (need, milestone, date), see reminders.ts. */
    reminderKey: String,
    /**
     * The deliver job its fan-out queued it in (a batch's jobId), so a replay can tell a record waiting in
     * its batch from one whose job is gone. Unset on records from before it, and on digest records.
     */
    job: String,
  },
  { timestamps: true },
);
// GET /needs/{id}/notifications and change alerts: a need's deliveries (top-level scalar equality).
deliverySchema.index({ needId: 1 });
// GET /deliveries: a supplier's deliveries (top-level scalar equality).
deliverySchema.index({ supplierId: 1 });
// GET /conferences/{id}/deliveries and notices: a conference's deliveries (top-level scalar equality).
deliverySchema.index({ conferenceId: 1 });

/** One replay of a delivery, as its record keeps it. */
export interface DeliveryReplayEntry {
  n: number;
  at: Date;
  by: "supplier" | "admin";
  /** The admin sent a delivery again that was sent already. */
  resend: boolean;
  previousState: (typeof DELIVERY_STATES)[number];
  previousReason?: string;
  previousSentAt?: Date;
}

export interface DeliveryRecord {
  _id: string;
  /** Need notices and reminders; unset on conference deliveries. */
  needId?: string;
  needVersion?: number;
  conferenceId?: string;
  conferenceMessageId?: string;
  topic?: string;
  recipientId?: string;
  supplierId: string;
  channel: (typeof CHANNELS)[number];
  target?: string;
  supplierName?: string;
  subscriptionId?: string;
  state: (typeof DELIVERY_STATES)[number];
  reason?: string;
  sentAt?: Date;
  contentHash?: string;
  messageId?: string;
  attempts?: number;
  lastAttemptAt?: Date;
  lastError?: string;
  nextRetryAt?: Date;
  failedAt?: Date;
  replays?: DeliveryReplayEntry[];
  via?: DeliveryVia;
  digestId?: string;
  reminderKey?: string;
  /** The deliver job (a batch's jobId) its fan-out queued it in. */
  job?: string;
  createdAt: Date;
  updatedAt: Date;
}
export const DeliveryEntry = model("Delivery", deliverySchema);
/**
 * The deliveries' collection through the driver, keyed by string ids, for the two writes done once per
 * delivery (the fan-out's insert, the mark sent), where mongoose's casting costs more than the write. The
 * caller sets `createdAt`/`updatedAt` itself.
 */
type DeliveryDocument = { _id: string } & Record<string, unknown>;
export const deliveryCollection = <T extends mongo.Document = DeliveryDocument>(): mongo.Collection<T> =>
  DeliveryEntry.collection as unknown as mongo.Collection<T>;

/**
 * The claim of one replay: `_id` is `<delivery key>-replay-N`, so of two replays racing for the same N only
 * one insert succeeds (unique `_id`, atomic on FerretDB too) and the delivery is sent again once.
 */
const replayClaimSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
});
export const DeliveryReplayClaim = model("DeliveryReplayClaim", replayClaimSchema);

export const INBOX_KINDS = ["published", "changed", "reminder", "conference"] as const;

/** A supplier's in-app inbox: one item per inapp delivery, `_id` its idempotency key. */
const inboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    supplierId: { type: String, required: true },
    /** Need items; a conference's (kind `conference`) have `conferenceId` and `topic` instead. */
    needId: String,
    needVersion: Number,
    conferenceId: String,
    topic: String,
    kind: { type: String, enum: INBOX_KINDS, required: true },
    title: { type: String, required: true },
    buyerName: { type: String, required: true },
    summary: { type: String, required: true },
    changes: { type: [Schema.Types.Mixed], default: [] },
    read: { type: Boolean, required: true, default: false },
  },
  { timestamps: true },
);
// GET /inbox: a supplier's items (top-level scalar equality).
inboxSchema.index({ supplierId: 1 });
export interface InboxRecord {
  _id: string;
  supplierId: string;
  needId?: string;
  needVersion?: number;
  conferenceId?: string;
  topic?: string;
  kind: (typeof INBOX_KINDS)[number];
  title: string;
  buyerName: string;
  summary: string;
  changes: { field: string; from: unknown; to: unknown }[];
  read: boolean;
  createdAt: Date;
}
export const InboxItem = model("InboxItem", inboxSchema);

/** Suppliers who unsubscribed from e-mail (one-click or the link): `_id` is the supplier's id. */
const optOutSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } });
export const EmailOptOut = model("EmailOptOut", optOutSchema);

export type IdLike = string | Types.ObjectId;
