import { z } from "zod";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { objectIdSchema, textSchema } from "../shared/schemas";
import { MEETING_RANKINGS, MEETING_REQUEST_STATES } from "./meetings.model";

export const meetingRequestSchema = z
  .strictObject({
    buyerOrgId: objectIdSchema,
    supplierOrgId: objectIdSchema,
    needId: objectIdSchema.optional().meta({ description: "The buyer's need the meeting is about" }),
    pitch: textSchema({ min: 1, max: 1000, multiline: true }).optional(),
    ranking: z.enum(MEETING_RANKINGS).meta({ description: "The requester's ranking; no_thanks is a veto" }),
  })
  .meta({ id: "MeetingRequestInput" });
export type MeetingRequestInput = z.infer<typeof meetingRequestSchema>;

export const acceptMeetingSchema = z
  .strictObject({ ranking: z.enum(MEETING_RANKINGS).meta({ description: "The other side's ranking" }) })
  .meta({ id: "MeetingAcceptInput" });

export const meetingRequestAnswer = z
  .strictObject({
    id: idAnswer,
    conferenceId: idAnswer,
    buyerOrgId: idAnswer,
    supplierOrgId: idAnswer,
    needId: idAnswer.optional(),
    pitch: z.string().optional(),
    requestedBy: idAnswer,
    buyerRanking: z.enum(MEETING_RANKINGS).optional(),
    supplierRanking: z.enum(MEETING_RANKINGS).optional(),
    status: z.enum(MEETING_REQUEST_STATES),
    createdAt: timestampAnswer,
    decidedAt: timestampAnswer.optional(),
    withdrawnAt: timestampAnswer.optional(),
  })
  .meta({ id: "MeetingRequest" });

export const meetingRequestListQuery = z.strictObject({
  conferenceId: objectIdSchema.meta({ description: "The conference whose meeting requests are listed" }),
  status: z.enum(MEETING_REQUEST_STATES).optional(),
});

export const meetingRequestListAnswer = z
  .strictObject({ items: z.array(meetingRequestAnswer) })
  .meta({ id: "MeetingRequests" });
