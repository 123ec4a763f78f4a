import { Schema, model, type InferSchemaType } from "mongoose";
import { nameKey } from "./name-key";

export const ORGANIZATION_KINDS = ["buyer", "supplier", "organiser"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Kinds of public buyer: municipality, county municipality, state agency, procurement collaboration. */
export const BUYER_TYPES = ["kommune", "fylkeskommune", "statlig_virksomhet", "innkjopssamarbeid"] as const;

const organizationSchema = new Schema(
  {
    kind: { type: String, enum: ORGANIZATION_KINDS, required: true },
    buyerType: { type: String, enum: BUYER_TYPES },
    name: { type: String, required: true },
    /** The name as two look-alike names share it (name-key.ts); kept in line with `name` below. */
    nameKey: {
      type: String,
      default(this: { name?: string }) {
        return nameKey(this.name ?? "");
      },
    },
    orgNumber: { type: String, required: true },
    municipality: { type: String, required: true },
    county: { type: String, required: true },
    email: String,
    website: String,
    /** False while the admin has deactivated it: its keys stop working, its needs stay public, marked. */
    active: { type: Boolean, default: true },
    /** Increases with every change; a change first claims the next version (platform/version-claims.ts). */
    version: { type: Number, default: 1 },
  },
  { timestamps: true },
);
// A rename keeps the key in line, by document or by query.
organizationSchema.pre("save", function () {
  if (this.isModified("name")) this.nameKey = nameKey(this.name);
});
organizationSchema.pre(["updateOne", "updateMany", "findOneAndUpdate"], function () {
  const update = this.getUpdate() as { name?: unknown; $set?: { name?: unknown } } | null;
  const name = update?.$set?.name ?? update?.name;
  if (typeof name === "string") this.set("nameKey", nameKey(name));
});
// Registration refuses a second organisation with the same number.
organizationSchema.index({ orgNumber: 1 }, { unique: true });
// Admin listing: GET /organizations?kind=buyer sorted by name; the suppliers' reindex reads every supplier's name.
organizationSchema.index({ kind: 1, name: 1 });
// PUT /suppliers/{orgId}/profile: is the profile's name another organisation's registered name?
organizationSchema.index({ nameKey: 1 });

export type OrganizationRecord = InferSchemaType<typeof organizationSchema> & {
  _id: import("mongoose").Types.ObjectId;
};
export const Organization = model("Organization", organizationSchema);

const apiKeySchema = new Schema(
  {
    /** SHA-256 of the token, as the key's id: every request looks its key up by it, an `_id` lookup
     * that FerretDB answers from its `_id` index. The token itself is never stored. The key's public id
     * (in lists and revocations) is the first 24 hex digits of this hash, which cannot be turned back
     * into the token. */
    _id: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true, ref: "Organization" },
    prefix: { type: String, required: true },
    label: String,
    revokedAt: Date,
  },
  { timestamps: true },
);
// GET /organizations/{id}/api-keys and DELETE …/api-keys/{keyId}: an organisation's keys.
apiKeySchema.index({ orgId: 1 });
export const ApiKey = model("ApiKey", apiKeySchema);

/**
 * When a key was last used, apart from the key: FerretDB writes an update back as the whole document, so a
 * last-use write racing a revocation on the key's own document could put the key back as it was, unrevoked.
 */
const apiKeyUseSchema = new Schema({
  /** The key's `_id` (the token's hash). */
  _id: { type: String, required: true },
  orgId: { type: Schema.Types.ObjectId, required: true },
  lastUsedAt: { type: Date, required: true },
});
// GET /organizations/{id}/api-keys: the last use of an organisation's keys, in one query.
apiKeyUseSchema.index({ orgId: 1 });
export const ApiKeyUse = model("ApiKeyUse", apiKeyUseSchema);
