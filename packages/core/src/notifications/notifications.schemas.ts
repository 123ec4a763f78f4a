import { z } from "zod";
import { CHANNELS } from "../subscriptions/subscription.model";
import { idAnswer, pageAnswer, timestampAnswer } from "../shared/answers";
import { objectIdSchema, pageQuery } from "../shared/schemas";
import { DELIVERY_STATES, DELIVERY_VIAS, INBOX_KINDS } from "./notification.model";

export const inboxQuerySchema = z.strictObject({
  unread: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .meta({ description: "true: unread items only" }),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  state: z.enum(DELIVERY_STATES).optional(),
  channel: z.enum(CHANNELS).optional(),
  needId: objectIdSchema.optional(),
  supplierId: objectIdSchema.optional().meta({ description: "Admin only: one supplier's deliveries" }),
  ...pageQuery,
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;

export const replayDeliverySchema = z
  .strictObject({
    resend: z.boolean().optional().meta({
      description: "Admin only: send a delivery again although it was sent (a supplier's replay takes failed ones)",
    }),
  })
  .meta({ id: "DeliveryReplayInput" });
export type ReplayDeliveryInput = z.infer<typeof replayDeliverySchema>;

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
        sentAt: timestampAnswer
          .optional()
          .meta({ description: "The last time it was sent (in a digest: when the digest went)" }),
        attempts: z.number().int().min(0),
        replays: z
          .array(z.strictObject({ at: timestampAnswer, by: z.enum(["supplier", "admin"]), resend: z.boolean() }))
          .optional()
          .meta({ description: "Each time the supplier or the admin had it delivered again" }),
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
  needId: idAnswer.optional(),
  needVersion: z.number().int().optional(),
  conferenceId: idAnswer.optional(),
  topic: z.string().optional().meta({ description: "A conference's: invitation, confirmation, changed, …" }),
  kind: z.enum(INBOX_KINDS).meta({ description: "published, changed, a milestone reminder, or a conference's" }),
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

/** The supplier's own e-mail notifications on or off (`PUT /email-notifications`). */
export const emailNotificationsSchema = z.strictObject({ unsubscribed: z.boolean() });

const deliveryReplayAnswer = z.strictObject({
  n: z.number().int().min(1),
  at: timestampAnswer,
  by: z.enum(["supplier", "admin"]),
  resend: z.boolean().meta({ description: "true: the admin sent again what had been sent" }),
  previousState: z.enum(DELIVERY_STATES),
  previousReason: z.string().optional(),
  previousSentAt: timestampAnswer.optional(),
});

/** One delivery of one need version to one supplier over one channel, as its supplier and the admin see it. */
export const deliveryAnswer = z
  .strictObject({
    id: z.string().meta({
      description:
        "The idempotency key: needId-vN-supplierId-channel, or a conference message's messageId-recipientId-channel",
    }),
    needId: idAnswer.optional().meta({ description: "Need notices and reminders" }),
    needVersion: z.number().int().optional(),
    conferenceId: idAnswer.optional().meta({ description: "Conference messages" }),
    topic: z.string().optional().meta({ description: "Conference messages: invitation, confirmation, changed, …" }),
    conferenceMessageId: z.string().optional(),
    recipientId: z.string().optional().meta({ description: "Conference messages: the participant or organisation" }),
    recipientName: z.string().optional(),
    supplierId: idAnswer.meta({ description: "The recipient's organisation" }),
    channel: z.enum(CHANNELS),
    target: z.string().optional().meta({ description: "The e-mail address or webhook URL" }),
    subscriptionId: idAnswer.optional().meta({ description: "Webhooks: the subscription whose secret signs them" }),
    state: z.enum(DELIVERY_STATES),
    attempts: z.number().int().min(0).meta({ description: "Attempts ended so far, replays included" }),
    lastAttemptAt: timestampAnswer.optional(),
    lastError: z.string().optional().meta({ description: "The last failed attempt's error (kept after a success)" }),
    nextRetryAt: timestampAnswer
      .optional()
      .meta({ description: "Pending after a failed attempt: when the next attempt is due, at the earliest" }),
    reason: z.string().optional().meta({ description: "Failed: why" }),
    failedAt: timestampAnswer.optional(),
    sentAt: timestampAnswer.optional(),
    messageId: z.string().optional(),
    contentHash: z.string().optional(),
    replays: z.array(deliveryReplayAnswer),
    createdAt: timestampAnswer,
    updatedAt: timestampAnswer,
  })
  .meta({ id: "Delivery" });

export const deliveryListAnswer = z
  .strictObject({ items: z.array(deliveryAnswer), ...pageAnswer })
  .meta({ id: "DeliveryList" });
