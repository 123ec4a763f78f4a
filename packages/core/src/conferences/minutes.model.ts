import { Schema, model } from "mongoose";

/**
 * The minutes of one one-to-one meeting, `_id` the meeting request's id. Written by the meeting's buyer
 * only (one writer). `confidential` (trade secrets, FOA § 7-4) is shown to that buyer, that supplier and
 * the admin, never to anyone else; `summary` may be published to every registered supplier
 * (`publishedVersion`: the version last published).
 */
const minutesSchema = new Schema(
  {
    _id: { type: String, required: true },
    conferenceId: { type: String, required: true },
    buyerOrgId: { type: String, required: true },
    supplierOrgId: { type: String, required: true },
    confidential: { type: String, default: "" },
    summary: { type: String, default: "" },
    version: { type: Number, required: true },
    publishedVersion: Number,
  },
  { timestamps: true },
);
export interface MinutesRecord {
  _id: string;
  conferenceId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  confidential: string;
  summary: string;
  version: number;
  publishedVersion?: number;
  updatedAt: Date;
}
export const MeetingMinutes = model("MeetingMinutes", minutesSchema);
