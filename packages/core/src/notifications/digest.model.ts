import { Schema, model } from "mongoose";
import { CHANNELS, type Channel } from "../subscriptions/subscription.model";

/**
 * A need version waiting for a subscription's digest: one per (need version, subscription), `_id`
 * `needId-vN-subscriptionId`, inserted at fan-out after its ledger records. `pendingFor` holds the
 * subscription's id until a digest has taken the entry, then is removed, so a digest reads exactly the
 * entries still waiting by top-level equality (indexed).
 */
const digestEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    supplierId: { type: String, required: true },
    needId: { type: String, required: true },
    needVersion: { type: Number, required: true },
    /** The channels this entry goes out on (its ledger records are `needId-vN-supplierId-channel`). */
    channels: { type: [String], enum: CHANNELS, required: true },
    pendingFor: String,
    /** The digest that took it. */
    digestId: String,
  },
  { timestamps: true },
);
// A digest run: the entries still waiting for its subscription (top-level scalar equality).
digestEntrySchema.index({ pendingFor: 1 });
export interface DigestEntryRecord {
  _id: string;
  subscriptionId: string;
  supplierId: string;
  needId: string;
  needVersion: number;
  channels: Channel[];
  pendingFor?: string;
  digestId?: string;
  createdAt: Date;
}
export const DigestEntry = model("DigestEntry", digestEntrySchema);

/**
 * Which digest took an entry: `_id` is the entry's, so the insert is the one atomic step (FerretDB loses
 * racing conditional updates, never a unique insert). A second digest racing for it finds it taken.
 */
const digestClaimSchema = new Schema({
  _id: { type: String, required: true },
  digestId: { type: String, required: true },
  at: { type: Date, required: true },
});
export const DigestClaim = model("DigestClaim", digestClaimSchema);

/**
 * One digest of one subscription: `_id` `subscriptionId-dueMs` (scheduled) or
 * `subscriptionId-now-ms-token` (asked for). The first run fixes the candidate entries, so a rerun after a crash sends the same list;
 * `sent` records each channel as it is done, so a rerun does not send it again.
 */
const digestSchema = new Schema(
  {
    _id: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    supplierId: { type: String, required: true },
    dueAt: { type: Date, required: true },
    candidates: { type: [String], default: [] },
    /** Per channel: when it was sent, or why it failed. */
    sent: { type: Schema.Types.Mixed, default: () => ({}) },
    items: Number,
    doneAt: Date,
  },
  { timestamps: true },
);
export interface DigestRecord {
  _id: string;
  subscriptionId: string;
  supplierId: string;
  dueAt: Date;
  candidates: string[];
  sent: Partial<Record<Channel, { at: string } | { failed: string }>>;
  items?: number;
  doneAt?: Date;
}
export const Digest = model("Digest", digestSchema);
