import { Schema, model, type InferSchemaType, type Types } from "mongoose";

export const USER_ROLES = ["admin", "member"] as const;
export type UserRole = (typeof USER_ROLES)[number];

const userSchema = new Schema(
  {
    /** 12 random bytes, as organisations' ids: not a counter anyone could walk. */
    _id: { type: Schema.Types.ObjectId, required: true },
    /** Lower-cased and trimmed; the unique index below is the claim on it (two racing creations: one wins). */
    email: { type: String, required: true },
    name: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true, ref: "Organization" },
    role: { type: String, enum: USER_ROLES, required: true },
    /** argon2id (PHC string); absent until the user sets a password: sign-in is then by e-mailed link only. */
    passwordHash: String,
  },
  { timestamps: true },
);
// The atomic claim on an address: creating a user, accepting an invitation, the demo seed.
// Also serves sign-in by e-mail (magic link, password).
userSchema.index({ email: 1 }, { unique: true });
// GET /organizations/{id}/users; ending an organisation's sessions when it is deactivated.
userSchema.index({ orgId: 1 });

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const User = model("User", userSchema);

export const TOKEN_PURPOSES = ["sign-in", "invitation"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * A single-use link sent by e-mail: a sign-in link (for an existing user) or an invitation (the user to
 * create). Only the SHA-256 of the token is stored, as `_id`, so a sign-in is one `_id` read.
 */
const accountTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    purpose: { type: String, enum: TOKEN_PURPOSES, required: true },
    email: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    /** Sign-in links: whose. */
    userId: Schema.Types.ObjectId,
    /** Invitations: the user to create. */
    role: { type: String, enum: USER_ROLES },
    name: String,
    /** Invitations: who invited (a user id, or "admin" for the platform admin). */
    invitedBy: String,
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true },
);
// GET /organizations/{id}/invitations: an organisation's open invitations.
accountTokenSchema.index({ orgId: 1 });
export type AccountTokenRecord = InferSchemaType<typeof accountTokenSchema> & { _id: string };
export const AccountToken = model("AccountToken", accountTokenSchema);

/**
 * The use of a token, apart from the token: inserting it with the token's hash as `_id` is the claim (an
 * insert into a unique index is atomic on FerretDB, a conditional update is not), so of two racing uses of
 * one link exactly one succeeds.
 */
const accountTokenUseSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
});
export const AccountTokenUse = model("AccountTokenUse", accountTokenUseSchema);
