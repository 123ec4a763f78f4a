import { Schema, model, type InferSchemaType, type Types } from "mongoose";

export const BUYER_GROUP_KINDS = ["procurement_collaboration", "learning_network", "other"] as const;

const buyerGroupSchema = new Schema(
  {
    name: { type: String, required: true },
    slug: { type: String, required: true },
    kind: { type: String, enum: BUYER_GROUP_KINDS, required: true },
    description: { type: String, default: "" },
    members: { type: [Schema.Types.ObjectId], default: [], ref: "Organization" },
    /** Suppliers following the group's needs. */
    followers: { type: [Schema.Types.ObjectId], default: [], ref: "Organization" },
  },
  { timestamps: true },
);
// Groups are addressed by slug in links ("follo") and must be unique.
buyerGroupSchema.index({ slug: 1 }, { unique: true });
// "Which groups is this buyer in?" for the pipeline and need pages.
buyerGroupSchema.index({ members: 1 });
// GET /suppliers/{orgId}/matches: the groups a supplier follows.
buyerGroupSchema.index({ followers: 1 });

export type BuyerGroupRecord = InferSchemaType<typeof buyerGroupSchema> & { _id: Types.ObjectId };
export const BuyerGroup = model("BuyerGroup", buyerGroupSchema);
