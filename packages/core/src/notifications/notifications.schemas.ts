import { z } from "zod";
import { CHANNELS } from "../subscriptions/subscription.model";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { DELIVERY_STATES, DELIVERY_VIAS, INBOX_KINDS } from "./notification.model";

export const inboxQuerySchema = z.strictObject({
  unread: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .meta({ description: "true: unread items only" }),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

// Answers

const changeAnswer = z.strictObject({ field: z.string(), from: z.unknown(), to: z.unknown() });

/** GET /needs/{id}/notifications: who was told what, when (the equal-treatment record). */
export const needNotificationsAnswer = z
  .strictObject({
    needId: idAnswer,
    items: z.array(
      z.strictObject({
        supplierId: idAnswer,
        supplierName: z.string().optional(),
        channel: z.enum(CHANNELS),
        state: z.enum(DELIVERY_STATES),
        reason: z.string().optional(),
        needVersion: z.number().int(),
        contentHash: z.string().optional(),
        createdAt: timestampAnswer,
        sentAt: timestampAnswer.optional().meta({ description: "In a digest: when the digest went" }),
        via: z.enum(DELIVERY_VIAS).meta({
          description: "instant: on its own; digest: in the subscription's digest; reminder: a milestone reminder",
        }),
        digestId: z.string().optional().meta({ description: "The digest that carried it (or left it out, with why)" }),
        reminder: z
          .strictObject({ milestone: z.string(), date: timestampAnswer })
          .optional()
          .meta({ description: "Reminders: the milestone and its date" }),
      }),
    ),
    versions: z.array(
      z.strictObject({
        needVersion: z.number().int(),
        kind: z.enum(["published", "changed"]),
        contentHash: z.string().optional(),
        recipients: z.number().int(),
        sent: z.number().int(),
        first: timestampAnswer.optional(),
        last: timestampAnswer.optional(),
        spreadMs: z.number().int().optional(),
      }),
    ),
  })
  .meta({ id: "NeedNotifications" });

const inboxItemAnswer = z.strictObject({
  id: z.string(),
  needId: idAnswer,
  needVersion: z.number().int(),
  kind: z.enum(INBOX_KINDS).meta({ description: "published, changed, or a milestone reminder" }),
  title: z.string(),
  buyerName: z.string(),
  summary: z.string(),
  changes: z.array(changeAnswer),
  read: z.boolean(),
  createdAt: timestampAnswer,
});

export const inboxAnswer = z
  .strictObject({ items: z.array(inboxItemAnswer), unread: z.number().int() })
  .meta({ id: "Inbox" });
export const inboxItemReadAnswer = inboxItemAnswer.meta({ id: "InboxItem" });

export const unsubscribeAnswer = z
  .strictObject({ supplierId: idAnswer, unsubscribed: z.boolean() })
  .meta({ id: "Unsubscribe" });
