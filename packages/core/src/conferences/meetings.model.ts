import { Schema, model } from "mongoose";

export const MEETING_RANKINGS = ["must", "would_like", "no_thanks"] as const;
export type MeetingRanking = (typeof MEETING_RANKINGS)[number];
export const MEETING_REQUEST_STATES = ["open", "accepted", "declined", "withdrawn"] as const;

/**
 * A one-to-one meeting request between a buyer and a supplier registered for a conference, made by one
 * side (`requestedBy`) with its ranking; the other side accepts with its own ranking or declines.
 * `pairKey` (conferenceId-buyer-supplier-need) is unique, so a pair asks once per need, racing or not.
 * `openClaim` is the requester's claim on one of the organiser's open-request places while it is open.
 */
const meetingRequestSchema = new Schema(
  {
    conferenceId: { type: String, required: true },
    pairKey: { type: String, required: true },
    buyerOrgId: { type: String, required: true },
    supplierOrgId: { type: String, required: true },
    needId: String,
    pitch: String,
    requestedBy: { type: String, required: true },
    buyerRanking: { type: String, enum: MEETING_RANKINGS },
    supplierRanking: { type: String, enum: MEETING_RANKINGS },
    status: { type: String, enum: MEETING_REQUEST_STATES, required: true, default: "open" },
    decidedAt: Date,
    withdrawnAt: Date,
    openClaim: String,
  },
  { timestamps: true },
);
// A conference's requests: the open-request count, the scheduler's input (top-level equality).
meetingRequestSchema.index({ conferenceId: 1 });
// The contact record of a need (GET /needs/{id}/contacts.csv).
meetingRequestSchema.index({ needId: 1 });
// One request per buyer, supplier and need in a conference.
meetingRequestSchema.index({ pairKey: 1 }, { unique: true });

export interface MeetingRequestRecord {
  _id: import("mongoose").Types.ObjectId;
  conferenceId: string;
  pairKey: string;
  buyerOrgId: string;
  supplierOrgId: string;
  needId?: string;
  pitch?: string;
  requestedBy: string;
  buyerRanking?: MeetingRanking;
  supplierRanking?: MeetingRanking;
  status: (typeof MEETING_REQUEST_STATES)[number];
  decidedAt?: Date;
  withdrawnAt?: Date;
  openClaim?: string;
  createdAt: Date;
}
export const ConferenceMeetingRequest = model("ConferenceMeetingRequest", meetingRequestSchema);

/**
 * The one decision on a request: `_id` is the request's; whoever inserts it first decides (accept, decline,
 * or the requester's withdrawal of an open request). A withdrawal also inserts `<request id>-withdrawn`.
 */
const decisionSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } });
export const MeetingDecision = model("ConferenceMeetingDecision", decisionSchema);
