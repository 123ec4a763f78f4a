import { Schema, model, type InferSchemaType, type Types } from "mongoose";
import { PROCEDURES } from "../needs/need.model";

export const CHANNELS = ["inapp", "email", "webhook"] as const;
export type Channel = (typeof CHANNELS)[number];
export const FREQUENCIES = ["instant", "daily", "weekly"] as const;
export const NEAR_SOURCES = ["request", "profile"] as const;

/**
 * A supplier's saved alert: what it wants to hear about (every criterion given must hold; within one, any
 * value will do) and how (channels, frequency). Stored as sent (subscriptions.schemas.ts, normalised), plus
 * the point a radius is measured from and bookkeeping. The matching index in Redis is built from these
 * records (matching/match-index.ts); the database is the truth it is repaired from.
 */
const subscriptionSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, required: true, ref: "Organization" },
    name: String,
    channels: { type: [String], enum: CHANNELS, required: true },
    frequency: { type: String, enum: FREQUENCIES, required: true },
    digestHour: Number,
    digestMinute: Number,
    digestWeekday: Number,
    cpv: { type: [String], default: undefined },
    municipalities: { type: [String], default: undefined },
    counties: { type: [String], default: undefined },
    buyers: { type: [String], default: undefined },
    buyerGroups: { type: [String], default: undefined },
    keywords: { type: [String], default: undefined },
    radiusKm: Number,
    near: { type: new Schema({ lat: Number, lon: Number }, { _id: false }), default: undefined },
    /** Where `near` came from: given in the request, or the supplier profile's location when saved. */
    nearSource: { type: String, enum: NEAR_SOURCES },
    minValue: Number,
    maxValue: Number,
    procedures: { type: [String], enum: PROCEDURES, default: undefined },
    smeOnly: Boolean,
    webhookUrl: String,
    /** When the webhook's signing secret (WebhookSecret, by this `_id`) was made; unset: it has none. */
    webhookSecretCreatedAt: Date,
    email: String,
    /** Increases with every write; the matching index keeps the newest version it was given. */
    version: { type: Number, required: true, default: 1 },
    /** Set when deleted; kept as a tombstone so the index repair knows it is gone, at which version. */
    deletedAt: Date,
  },
  { timestamps: true },
);
// GET /subscriptions and GET /suppliers/{orgId}/matches: a supplier's own subscriptions (equality on a
// top-level scalar, which FerretDB answers from this index with the patch in scripts/ferretdb/).
subscriptionSchema.index({ orgId: 1 });
// The worker's digest sweep: every daily, every weekly subscription (top-level scalar equality).
subscriptionSchema.index({ frequency: 1 });

export type SubscriptionRecord = InferSchemaType<typeof subscriptionSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const Subscription = model("Subscription", subscriptionSchema);

/**
 * A subscription's webhook signing secret (HMAC-SHA256), `_id` the subscription's: shown once, when made or
 * rotated. The worker must sign with it, so it is kept as is, apart from the subscription so that no read of
 * subscriptions (lists, matching, the index) carries it.
 */
const webhookSecretSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  secret: { type: String, required: true },
  createdAt: { type: Date, required: true },
});
export const WebhookSecret = model("WebhookSecret", webhookSecretSchema);
