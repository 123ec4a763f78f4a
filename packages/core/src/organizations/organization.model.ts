import { Schema, model, type InferSchemaType } from "mongoose";

export const ORGANIZATION_KINDS = ["buyer", "supplier", "organiser"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Kinds of public buyer: municipality, county municipality, state agency, procurement collaboration. */
export const BUYER_TYPES = ["kommune", "fylkeskommune", "statlig_virksomhet", "innkjopssamarbeid"] as const;

const organizationSchema = new Schema(
  {
    kind: { type: String, enum: ORGANIZATION_KINDS, required: true },
    buyerType: { type: String, enum: BUYER_TYPES },
    name: { type: String, required: true },
    orgNumber: { type: String, required: true },
    municipality: { type: String, required: true },
    county: { type: String, required: true },
    email: String,
    website: String,
  },
  { timestamps: true },
);
// Registration refuses a second organisation with the same number.
organizationSchema.index({ orgNumber: 1 }, { unique: true });
// Admin listing: GET /organizations?kind=buyer sorted by name.
organizationSchema.index({ kind: 1, name: 1 });

export type OrganizationRecord = InferSchemaType<typeof organizationSchema> & { _id: import("mongoose").Types.ObjectId };
export const Organization = model("Organization", organizationSchema);

const apiKeySchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, required: true, ref: "Organization" },
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: { type: String, required: true },
    prefix: { type: String, required: true },
    label: String,
    revokedAt: Date,
  },
  { timestamps: true },
);
// Every authenticated request looks its key up by hash.
apiKeySchema.index({ tokenHash: 1 }, { unique: true });
export const ApiKey = model("ApiKey", apiKeySchema);
