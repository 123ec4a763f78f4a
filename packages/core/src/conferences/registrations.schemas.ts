import { z } from "zod";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { objectIdSchema, textSchema } from "../shared/schemas";
import { CONFERENCE_TOPICS } from "./message.model";
import { HISTORY_EVENTS, NOTICE_STATES } from "./registration.model";
import { instantSchema, osloTimeAnswer } from "./times";

export const MEETING_RANKS = ["must", "would_like", "no_thanks"] as const;

export const registerSchema = z
  .strictObject({
    orgId: objectIdSchema
      .optional()
      .meta({ description: "The registering organisation: the caller's own (admin: any)" }),
    participants: z
      .array(
        z.strictObject({
          name: textSchema({ min: 1, max: 200 }),
          email: z.email().max(320),
          role: textSchema({ min: 1, max: 100 })
            .optional()
            .meta({ description: "e.g. innkjøper, fagperson, leder: discussion groups mix roles" }),
        }),
      )
      .min(1)
      .max(200)
      .meta({ description: "In order of priority: a fair reduction cuts from the end" }),
    availability: z
      .array(z.strictObject({ start: instantSchema, end: instantSchema }))
      .min(1)
      .max(20)
      .optional()
      .meta({ description: "When the organisation can hold one-to-one meetings" }),
    minMeetings: z.int().min(0).max(100).optional().meta({
      description: "One-to-one meetings it wants at least: preferred after fairness, reported when not reached",
    }),
    maxMeetings: z.int().min(0).max(100).optional(),
    meetingRequests: z
      .array(z.strictObject({ orgId: objectIdSchema, rank: z.enum(MEETING_RANKS).optional() }))
      .max(200)
      .optional()
      .meta({ description: "Organisations it wants to meet one to one (not itself)" }),
  })
  .meta({ id: "RegistrationInput" });
export type RegisterInput = z.infer<typeof registerSchema>;

export const cancelQuery = z.strictObject({
  orgId: objectIdSchema.optional().meta({ description: "Whose registration: the caller's own (organisers: any)" }),
});

export const reduceSchema = z
  .strictObject({
    apply: z.boolean().default(false).meta({ description: "false (default): a dry run that changes nothing" }),
    planId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional()
      .meta({ description: "The dry run's planId: the apply is refused (409) when the plan would differ" }),
  })
  .meta({ id: "ReductionInput" });

// Answers

const participantAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string().optional().meta({ description: "To the organisation itself and the organisers only" }),
  role: z.string().optional(),
  seat: z.int().optional(),
});

export const registrationAnswer = z
  .strictObject({
    id: z.string(),
    conferenceId: idAnswer,
    orgId: idAnswer,
    orgName: z.string(),
    orgKind: z
      .enum(["buyer", "supplier", "organiser"])
      .optional()
      .meta({ description: "The organisation's kind (absent on registrations made before it was kept)" }),
    status: z.enum(["registered", "waitlisted", "cancelled"]),
    pending: z.literal(true).optional().meta({ description: "Stored, not yet decided (for milliseconds)" }),
    waitlistNumber: z.int().optional().meta({ description: "Its place in the waiting list's recorded order" }),
    waitlistPosition: z.int().optional().meta({ description: "How many waitlisted are before it, plus one" }),
    participants: z.array(participantAnswer),
    removedParticipants: z
      .array(participantAnswer.omit({ seat: true }).extend({ round: z.int(), reason: z.string(), at: timestampAnswer }))
      .optional(),
    availability: z.array(z.strictObject({ start: osloTimeAnswer, end: osloTimeAnswer })).optional(),
    minMeetings: z.int().optional(),
    maxMeetings: z.int().optional(),
    meetingRequests: z.array(z.strictObject({ orgId: idAnswer, rank: z.enum(MEETING_RANKS).optional() })).optional(),
    history: z
      .array(z.strictObject({ at: timestampAnswer, event: z.enum(HISTORY_EVENTS), reason: z.string() }))
      .optional()
      .meta({ description: "To the organisation itself and the organisers only" }),
    submittedAt: timestampAnswer,
  })
  .meta({ id: "Registration" });

export const registrationListAnswer = z
  .strictObject({
    items: z.array(registrationAnswer),
    total: z.int().min(0),
    capacity: z.int(),
    registeredParticipants: z.int().min(0),
    seatsLeft: z.int().min(0),
  })
  .meta({ id: "RegistrationList" });

const cutAnswer = z.strictObject({
  round: z.int().min(1),
  registrationId: z.string(),
  orgId: idAnswer,
  orgName: z.string(),
  participantId: z.string(),
  participantName: z.string(),
  delegationBefore: z.int(),
  delegationAfter: z.int(),
  reason: z.string().meta({ description: "Why this participant, in Norwegian" }),
});

export const reductionPlanAnswer = z
  .strictObject({
    conferenceId: idAnswer,
    planId: z.string().meta({ description: "Send it with apply: true to apply exactly this plan" }),
    applied: z.boolean(),
    capacity: z.int(),
    demand: z.int().meta({ description: "Participants of the registered and waitlisted organisations" }),
    limitPerOrganisation: z.int().optional().meta({ description: "The largest delegation after the cuts" }),
    rounds: z.int().min(0),
    cuts: z.array(cutAnswer),
    admitted: z.array(
      z.strictObject({ registrationId: z.string(), orgId: idAnswer, orgName: z.string(), participants: z.int() }),
    ),
    stillWaitlisted: z.array(z.strictObject({ registrationId: z.string(), orgId: idAnswer, orgName: z.string() })),
    summary: z.string().meta({ description: "The plan in Norwegian" }),
  })
  .meta({ id: "ReductionPlan" });

export const noticeListAnswer = z
  .strictObject({
    items: z.array(
      z.strictObject({
        id: z.string(),
        registrationId: z.string(),
        orgId: idAnswer,
        kind: z.enum(CONFERENCE_TOPICS),
        to: z.string(),
        name: z.string(),
        subject: z.string(),
        text: z.string(),
        state: z.enum(NOTICE_STATES),
        reason: z.string().optional(),
        createdAt: timestampAnswer,
        sentAt: timestampAnswer.optional(),
      }),
    ),
  })
  .meta({ id: "ConferenceNotices" });
