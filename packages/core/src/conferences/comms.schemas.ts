import { z } from "zod";
import { DELIVERY_STATES } from "../notifications/notification.model";
import { deliveryAnswer } from "../notifications/notifications.schemas";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { httpUrlSchema, textSchema } from "../shared/schemas";
import { CONFERENCE_TOPICS } from "./message.model";

export const cancelConferenceSchema = z
  .strictObject({ reason: textSchema({ min: 1, max: 1000, multiline: true }) })
  .meta({ id: "ConferenceCancelInput" });

export const conferenceDeliveriesQuery = z.strictObject({
  topic: z.enum(CONFERENCE_TOPICS).optional(),
  state: z.enum(DELIVERY_STATES).optional(),
});

export const conferenceDeliveriesAnswer = z
  .strictObject({
    conferenceId: idAnswer,
    messages: z.array(
      z.strictObject({
        id: z.string(),
        topic: z.enum(CONFERENCE_TOPICS),
        subject: z.string(),
        contentHash: z.string().meta({ description: "SHA-256 of the words every recipient got (greeting aside)" }),
        state: z.enum(["pending", "done"]).meta({ description: "done: fanned out into the ledger" }),
        recipients: z.int().min(0).optional(),
        deliveries: z.int().min(0),
        createdAt: timestampAnswer,
      }),
    ),
    items: z.array(deliveryAnswer),
  })
  .meta({ id: "ConferenceDeliveries" });

export const materialInputSchema = z
  .strictObject({
    title: textSchema({ min: 1, max: 200 }),
    body: textSchema({ min: 1, max: 20_000, multiline: true }),
    links: z.array(httpUrlSchema).max(20).optional(),
  })
  .meta({ id: "ConferenceMaterialInput" });
export type MaterialInput = z.infer<typeof materialInputSchema>;

const materialAnswer = z.strictObject({
  id: idAnswer,
  conferenceId: idAnswer,
  title: z.string(),
  body: z.string(),
  links: z.array(z.string()),
  byOrgId: idAnswer,
  byName: z.string(),
  minutesOf: idAnswer.optional().meta({ description: "The meeting request whose minutes' summary this is" }),
  messageId: z.string().meta({ description: "The ledger's message: GET /conferences/{id}/deliveries?topic=material" }),
  createdAt: timestampAnswer,
});
export const materialItemAnswer = materialAnswer.meta({ id: "ConferenceMaterial" });
export const materialListAnswer = z
  .strictObject({ items: z.array(materialAnswer) })
  .meta({ id: "ConferenceMaterialList" });

export const minutesInputSchema = z
  .strictObject({
    confidential: textSchema({ max: 20_000, multiline: true }).meta({
      description: "Trade secrets (FOA § 7-4): readable only by the buyer and the supplier of the meeting",
    }),
    summary: textSchema({ max: 20_000, multiline: true }).meta({
      description: "Shareable: the buyer may publish it to every registered supplier",
    }),
  })
  .meta({ id: "MeetingMinutesInput" });
export type MinutesInput = z.infer<typeof minutesInputSchema>;

export const minutesAnswer = z
  .strictObject({
    requestId: idAnswer,
    conferenceId: idAnswer,
    buyerOrgId: idAnswer,
    supplierOrgId: idAnswer,
    summary: z.string(),
    confidential: z.string().optional().meta({ description: "Only to the buyer, the supplier and the admin" }),
    version: z.int().min(1),
    publishedVersion: z.int().optional(),
    updatedAt: timestampAnswer,
  })
  .meta({ id: "MeetingMinutes" });
