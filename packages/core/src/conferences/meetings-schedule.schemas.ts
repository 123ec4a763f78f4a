import { z } from "zod";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { objectIdSchema, textSchema } from "../shared/schemas";
import { SCHEDULE_STATES } from "./schedule-store";
import { UNSCHEDULED_REASONS } from "./scheduler/types";
import { instantSchema, osloTimeAnswer } from "./times";

/** Why an accepted (or still open) request has no meeting: the scheduler's reasons and the conference's. */
export const UNSCHEDULED_REASON_CODES = [
  ...UNSCHEDULED_REASONS,
  "dialogue_closed",
  "not_registered",
  "not_answered",
] as const;

export const generateScheduleSchema = z
  .strictObject({
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional()
      .meta({ description: "Breaks ties: the same registrations, requests and seed give the same schedule" }),
  })
  .meta({ id: "ScheduleGenerateInput" });

export const publishScheduleSchema = z
  .strictObject({
    version: z.int().min(1).optional().meta({ description: "Which version (default: the latest)" }),
    final: z
      .boolean()
      .default(false)
      .meta({ description: "false: preliminary (participants see it); true: final, each one is e-mailed its agenda" }),
  })
  .meta({ id: "SchedulePublishInput" });

export const agendaQuery = z.strictObject({ org: objectIdSchema.meta({ description: "Whose agenda" }) });

export const scheduleAnswer = z
  .strictObject({
    conferenceId: idAnswer,
    version: z.int().min(1),
    state: z.enum(SCHEDULE_STATES),
    seed: z.int(),
    meetings: z.array(
      z.strictObject({
        requestId: idAnswer,
        buyerOrgId: idAnswer,
        supplierOrgId: idAnswer,
        table: z.string(),
        start: osloTimeAnswer,
        end: osloTimeAnswer,
        sequence: z.int().min(0).meta({ description: "iCalendar SEQUENCE: times its slot or table changed" }),
        locked: z.boolean().meta({ description: "Locked by the organiser: kept here by every generation" }),
      }),
    ),
    unscheduled: z.array(
      z.strictObject({
        requestId: idAnswer,
        reason: z.enum(UNSCHEDULED_REASON_CODES).meta({
          description:
            "The scheduler's (veto, no_common_availability, buyer_maximum_reached, supplier_maximum_reached, no_common_free_slot, tables_full), or dialogue_closed (the need's tender is announced), not_registered (a side cancelled or is waitlisted), not_answered (still open)",
        }),
        explanation: z.string().meta({ description: "In Norwegian" }),
      }),
    ),
    belowMinimum: z
      .array(z.strictObject({ orgId: idAnswer, minimum: z.int().min(0), scheduled: z.int().min(0) }))
      .meta({ description: "Participants with fewer meetings than their registration's minMeetings" }),
    ignoredLocks: z
      .array(z.strictObject({ requestId: idAnswer, explanation: z.string() }))
      .optional()
      .meta({
        description: "Organisers: locks that no longer fit (the request, grid, tables or a registration changed)",
      }),
    scheduled: z.int().min(0),
    upperBound: z.int().min(0).meta({ description: "No schedule of this input holds more meetings" }),
    boundBy: z.string(),
    gap: z.int().min(0),
    moved: z.int().min(0).meta({ description: "Meetings of the last published schedule at another slot or table" }),
    basedOn: z.int().optional().meta({ description: "The published version it kept meetings of" }),
    createdAt: timestampAnswer,
    publishedAt: timestampAnswer.optional(),
    publication: z.int().min(1).optional().meta({ description: "The number of its last publication" }),
  })
  .meta({ id: "MeetingSchedule" });

export const scheduleVersionsAnswer = z
  .strictObject({
    items: z.array(
      z.strictObject({
        version: z.int().min(1),
        state: z.enum(SCHEDULE_STATES).meta({
          description: "Only the last publication's version is preliminary or final; earlier published ones superseded",
        }),
        seed: z.int(),
        scheduled: z.int().min(0),
        upperBound: z.int().min(0),
        moved: z.int().min(0),
        createdAt: timestampAnswer,
        publishedAt: timestampAnswer.optional(),
        publication: z.int().min(1).optional(),
      }),
    ),
  })
  .meta({ id: "MeetingScheduleVersions" });

export const lockMeetingSchema = z
  .strictObject({
    requestId: objectIdSchema.meta({ description: "An accepted meeting request of the conference" }),
    table: textSchema({ min: 1, max: 100 })
      .optional()
      .meta({ description: "With start: the place picked (a move); without both: its place in the latest version" }),
    start: instantSchema.optional().meta({ description: "The start of a slot of the meetings grid" }),
  })
  .meta({ id: "MeetingLockInput" });

export const meetingLockAnswer = z
  .strictObject({
    requestId: idAnswer,
    conferenceId: idAnswer,
    buyerOrgId: idAnswer,
    supplierOrgId: idAnswer,
    table: z.string(),
    start: osloTimeAnswer,
    end: osloTimeAnswer,
    lockedAt: timestampAnswer,
  })
  .meta({ id: "MeetingLock" });

export const meetingLockListAnswer = z.strictObject({ items: z.array(meetingLockAnswer) }).meta({ id: "MeetingLocks" });
