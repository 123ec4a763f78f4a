import { Schema, model, type InferSchemaType, type Types } from "mongoose";
import { NEED_STATUSES } from "./lifecycle";

export const PROCEDURES = [
  "open",
  "restricted",
  "competitive_dialogue",
  "competitive_negotiation",
  "innovation_partnership",
  "pre_commercial",
  "other",
] as const;

export const MILESTONE_KINDS = ["dialogue_conference", "one_to_one_window", "planned_notice", "other"] as const;

const milestoneSchema = new Schema(
  {
    kind: { type: String, enum: MILESTONE_KINDS, required: true },
    title: String,
    date: Date,
    endDate: Date,
    location: String,
    url: String,
  },
  { _id: false },
);

const needSchema = new Schema(
  {
    buyerId: { type: Schema.Types.ObjectId, required: true, ref: "Organization" },
    buyerName: { type: String, required: true },
    /** False while the buyer's organisation is deactivated; kept in line with it by needs/buyer.ts. */
    buyerActive: { type: Boolean, default: true },
    title: { type: String, required: true },
    challenge: { type: String, required: true },
    description: { type: String, default: "" },
    /** Normalised codes with check digit; the first is the main code. */
    cpv: { type: [String], required: true },
    /** Every code and all its ancestors as 8 digits, so a filter on 45000000 finds 45233140. */
    cpvCodes: { type: [String], default: [] },
    /** Division of the main code: the pipeline's CPV grouping. */
    cpvDivision: { type: String, required: true },
    estimatedValueNok: { type: new Schema({ min: Number, max: Number }, { _id: false }), default: undefined },
    /** Flat copies for sums in the pipeline (FerretDB computes one accumulator per $group). */
    valueMin: Number,
    valueMax: Number,
    municipalities: { type: [String], default: [] },
    /** Counties given explicitly plus those of the municipalities. */
    counties: { type: [String], default: [] },
    national: { type: Boolean, default: false },
    procedure: { type: String, enum: PROCEDURES, required: true },
    timeline: {
      type: new Schema(
        { dialogueOpens: Date, plannedNotice: Date, contractStart: Date, durationMonths: Number },
        { _id: false },
      ),
      default: () => ({}),
    },
    /** Year the procurement is expected to be announced: the pipeline's year grouping. */
    pipelineYear: Number,
    smeSuitable: { type: Boolean, default: false },
    innovation: { type: Boolean, default: false },
    sustainability: { type: Boolean, default: false },
    milestones: { type: [milestoneSchema], default: [] },
    noticeUrl: String,
    contact: { type: new Schema({ name: String, email: String, phone: String }, { _id: false }), default: undefined },
    status: { type: String, enum: NEED_STATUSES, required: true, default: "draft" },
    publishedAt: Date,
    /**
     * Who created the need published: its change-log entry for version 1 (draft → published), kept in the
     * need itself rather than as a change-log document, so a publish inserts one document fewer
     * (history.ts reads it as the first entry).
     */
    createdBy: {
      type: new Schema({ at: Date, type: String, orgId: String, name: String }, { _id: false }),
      default: undefined,
    },
    /** Increases with every write; search-sync jobs carry it so late jobs never win. */
    version: { type: Number, required: true, default: 1 },
  },
  { timestamps: true },
);
// GET /needs: public list by status, newest first.
needSchema.index({ status: 1, publishedAt: -1 });
// GET /needs?buyer=…, the buyer's own list, the pipeline by buyer, and a buyer's needs refreshed after
// the organisation changed (needs/buyer.ts).
needSchema.index({ buyerId: 1, status: 1 });
// GET /needs?cpv=… at any level.
needSchema.index({ cpvCodes: 1, status: 1 });
// GET /needs?municipality=… / ?county=…
needSchema.index({ municipalities: 1, status: 1 });
needSchema.index({ counties: 1, status: 1 });

export type NeedRecord = InferSchemaType<typeof needSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export const Need = model("Need", needSchema);
