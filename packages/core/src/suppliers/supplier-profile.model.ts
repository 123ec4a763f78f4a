import { Schema, model, type InferSchemaType, type Types } from "mongoose";
import { CERTIFICATION_CODES } from "../reference/certifications";

/** Certification codes (reference/certifications.ts has their labels and the forms people type). */
export const CERTIFICATIONS = CERTIFICATION_CODES;
export const SUPPLIER_SIZES = ["micro", "small", "medium", "large"] as const;

/**
 * The stored profile: what the supplier sent (SupplierProfileInput, suppliers.schemas.ts) under the same
 * field names, plus what is derived from it (county, cpvCodes, a default location) and bookkeeping.
 */
const supplierProfileSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, required: true, ref: "Organization" },
    orgNumber: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: "" },
    capabilities: { type: String, default: "" },
    cpv: { type: [String], default: [] },
    cpvCodes: { type: [String], default: [] },
    nace: { type: [String], default: [] },
    municipality: { type: String, required: true },
    county: { type: String, required: true },
    location: { type: new Schema({ lat: Number, lon: Number }, { _id: false }), required: true },
    serviceArea: {
      type: new Schema(
        { national: { type: Boolean, default: false }, counties: [String], municipalities: [String] },
        { _id: false },
      ),
      default: () => ({}),
    },
    certifications: { type: [String], default: [] },
    size: { type: String, enum: SUPPLIER_SIZES },
    contact: { type: new Schema({ name: String, email: String, phone: String }, { _id: false }), default: undefined },
    website: String,
    /** Opted in to profile-based matching (matching/profiles.ts). */
    matchOnProfile: { type: Boolean, default: false },
    version: { type: Number, required: true, default: 1 },
    /** Set when the profile is withdrawn; kept as a tombstone so late index jobs cannot resurrect it. */
    deletedAt: Date,
  },
  { timestamps: true },
);
// One profile per organisation; GET/PUT /suppliers/{orgId}.
supplierProfileSchema.index({ orgId: 1 }, { unique: true });
// Matching needs to suppliers by CPV at any level.
supplierProfileSchema.index({ cpvCodes: 1 });
// Local suppliers for a municipality or county.
supplierProfileSchema.index({ municipality: 1 });
supplierProfileSchema.index({ county: 1 });

export type SupplierProfileRecord = InferSchemaType<typeof supplierProfileSchema> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const SupplierProfile = model("SupplierProfile", supplierProfileSchema);
