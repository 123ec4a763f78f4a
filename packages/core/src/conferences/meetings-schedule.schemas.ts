import { z } from "zod";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { objectIdSchema } from "../shared/schemas";
import { SCHEDULE_STATES } from "./schedule-store";
import { osloTimeAnswer } from "./times";

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
      }),
    ),
    unscheduled: z.array(
      z.strictObject({
        requestId: idAnswer,
        reason: z.string().meta({
          description:
            "The scheduler's (veto, no_common_availability, buyer_maximum_reached, supplier_maximum_reached, no_common_free_slot, tables_full), or dialogue_closed, not_registered",
        }),
        explanation: z.string().meta({ description: "In Norwegian" }),
      }),
    ),
    scheduled: z.int().min(0),
    upperBound: z.int().min(0).meta({ description: "No schedule of this input holds more meetings" }),
    boundBy: z.string(),
    gap: z.int().min(0),
    moved: z.int().min(0).meta({ description: "Meetings of the last published schedule at another slot or table" }),
    basedOn: z.int().optional().meta({ description: "The published version it kept meetings of" }),
    createdAt: timestampAnswer,
    publishedAt: timestampAnswer.optional(),
  })
  .meta({ id: "MeetingSchedule" });
