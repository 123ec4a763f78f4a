import { z } from "zod";
import { CHANNELS, FREQUENCIES, NEAR_SOURCES } from "./subscription.model";
import { PROCEDURES } from "../needs/need.model";
import {
  countyListSchema,
  cpvListSchema,
  httpUrlSchema,
  municipalityListSchema,
  objectIdSchema,
} from "../shared/schemas";
import { cpvDetailAnswer, idAnswer, pageAnswer, timestampAnswer } from "../shared/answers";
import { keywordHasTerms } from "../matching/text";

const nok = z.number().finite().min(0).max(1e13);
const idList = (max: number) =>
  z
    .array(objectIdSchema)
    .min(1)
    .max(max)
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

export const MAX_SUBSCRIPTION_RADIUS_KM = 1000;

/** Every field a subscription has, each optional; the rules across fields are in `subscriptionRules`. */
const fields = {
  name: z.string().trim().min(1).max(200).meta({ description: "The supplier's own label for the alert" }),
  channels: z
    .array(z.enum(CHANNELS))
    .min(1)
    .max(3)
    .transform((list) => [...new Set(list)])
    .meta({ description: "Where matches are delivered: the in-app inbox, e-mail, a webhook" }),
  frequency: z
    .enum(FREQUENCIES)
    .meta({ description: "instant: each match as it happens; daily or weekly: a digest at digestHour, Oslo time" }),
  digestHour: z.number().int().min(0).max(23).meta({ description: "Hour of the digest, Europe/Oslo (default 7)" }),
  digestMinute: z.number().int().min(0).max(59).meta({ description: "Minute of the digest (default 0)" }),
  digestWeekday: z
    .number()
    .int()
    .min(1)
    .max(7)
    .meta({ description: "Weekly digests: ISO weekday, 1 = Monday … 7 = Sunday (default 1)" }),
  cpv: cpvListSchema.meta({ description: "CPV codes at any level; a code includes all its sub-codes" }),
  municipalities: municipalityListSchema.pipe(z.array(z.string()).min(1)),
  counties: countyListSchema.pipe(z.array(z.string()).min(1)),
  buyers: idList(100).meta({ description: "Buyer organisations whose needs to hear about" }),
  buyerGroups: idList(50).meta({ description: "Buyer groups: needs of any of their members" }),
  keywords: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(100)
        .refine(keywordHasTerms, "has no word to match on (only stop words or single letters)"),
    )
    .min(1)
    .max(20)
    .transform((list) => [...new Set(list)])
    .meta({ description: "Any keyword matches when all its words occur in the need (inflections and synonyms too)" }),
  radiusKm: z
    .number()
    .min(1)
    .max(MAX_SUBSCRIPTION_RADIUS_KM)
    .meta({ description: "Needs in municipalities within this distance of `near` or the profile's location" }),
  near: z
    .strictObject({ lat: z.number().min(57).max(72), lon: z.number().min(4).max(32) })
    .meta({ description: "The centre of radiusKm; defaults to the supplier profile's location" }),
  minValue: nok.meta({ description: "Needs whose estimated value reaches at least this (NOK)" }),
  maxValue: nok.meta({ description: "Needs whose estimated value starts at most at this (NOK)" }),
  procedures: z
    .array(z.enum(PROCEDURES))
    .min(1)
    .max(PROCEDURES.length)
    .transform((list) => [...new Set(list)]),
  smeOnly: z.boolean().meta({ description: "Only needs the buyer marked as suitable for SMEs" }),
  webhookUrl: httpUrlSchema.meta({ description: "http(s) URL that receives matches; private addresses are refused" }),
  email: z.email().max(320).meta({ description: "Address for the email channel (default: the organisation's)" }),
};

type Fields = { [K in keyof typeof fields]?: z.output<(typeof fields)[K]> };

/** The rules across fields, for a new subscription and for one after a change. */
function subscriptionRules(s: Fields, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (s.minValue !== undefined && s.maxValue !== undefined && s.minValue > s.maxValue)
    issue("maxValue", "must not be below minValue");
  if (s.channels?.includes("webhook") && !s.webhookUrl) issue("webhookUrl", "is required for the webhook channel");
  if (s.webhookUrl && !s.channels?.includes("webhook")) issue("webhookUrl", "is only used with the webhook channel");
  const digest = s.frequency === "daily" || s.frequency === "weekly";
  if (!digest && s.digestHour !== undefined) issue("digestHour", "is only for daily or weekly digests");
  if (!digest && s.digestMinute !== undefined) issue("digestMinute", "is only for daily or weekly digests");
  if (s.frequency !== "weekly" && s.digestWeekday !== undefined) issue("digestWeekday", "is only for weekly digests");
  if (s.near && s.radiusKm === undefined) issue("near", "is the centre of radiusKm: give radiusKm too");
}

const { channels, frequency, ...criteria } = fields;
type Criteria = typeof criteria;
const optional = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };

export const subscriptionInputSchema = z
  .strictObject({ channels, frequency, ...optional(criteria) })
  .superRefine(subscriptionRules)
  .meta({ id: "SubscriptionInput" });
export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;

/**
 * A change: the fields to set; `null` removes an optional field. The result must be a valid subscription.
 * `rotateWebhookSecret: true` replaces the webhook's signing secret (the answer shows the new one, once).
 */
export const subscriptionPatchSchema = z
  .strictObject({
    rotateWebhookSecret: z
      .literal(true)
      .optional()
      .meta({ description: "true: a new webhook signing secret, shown once in the answer; the old one stops" }),
    channels: channels.optional(),
    frequency: frequency.optional(),
    ...(Object.fromEntries(Object.entries(criteria).map(([key, schema]) => [key, schema.nullable().optional()])) as {
      [K in keyof Criteria]: z.ZodOptional<z.ZodNullable<Criteria[K]>>;
    }),
  })
  .refine((patch) => Object.keys(patch).length > 0, "give at least one field to change")
  .meta({ id: "SubscriptionPatch" });
export type SubscriptionPatch = z.infer<typeof subscriptionPatchSchema>;

export const listSubscriptionsQuerySchema = z.strictObject({
  supplier: objectIdSchema.optional().meta({ description: "Admin only: one supplier's subscriptions" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListSubscriptionsQuery = z.infer<typeof listSubscriptionsQuerySchema>;

// Answers

/**
 * A subscription as every subscription route answers it (subscriptions.service.ts presentSubscription): the
 * fields as sent, normalised, with unset fields and empty lists left out; bookkeeping added.
 */
export const subscriptionAnswer = z
  .strictObject({
    id: idAnswer,
    supplierId: idAnswer,
    name: z.string().optional(),
    channels: z.array(z.enum(CHANNELS)).min(1),
    frequency: z.enum(FREQUENCIES),
    digestHour: z.int().min(0).max(23).optional(),
    digestMinute: z.int().min(0).max(59).optional(),
    digestWeekday: z.int().min(1).max(7).optional(),
    cpv: z.array(z.string()).min(1).optional(),
    cpvDetails: z.array(cpvDetailAnswer).optional().meta({ description: "With cpv: each code with its labels" }),
    municipalities: z.array(z.string()).min(1).optional(),
    counties: z.array(z.string()).min(1).optional(),
    buyers: z.array(idAnswer).min(1).optional(),
    buyerGroups: z.array(idAnswer).min(1).optional(),
    keywords: z.array(z.string()).min(1).optional(),
    radiusKm: z.number().optional(),
    near: z
      .strictObject({ lat: z.number(), lon: z.number() })
      .optional()
      .meta({ description: "With radiusKm: the point it is measured from" }),
    nearSource: z
      .enum(NEAR_SOURCES)
      .optional()
      .meta({ description: "Where `near` came from: the request, or the supplier profile's location" }),
    minValue: z.number().optional(),
    maxValue: z.number().optional(),
    procedures: z.array(z.enum(PROCEDURES)).min(1).optional(),
    smeOnly: z.boolean().optional(),
    webhookUrl: z.string().optional(),
    webhookSecret: z.string().optional().meta({
      description:
        "Signs the webhook bodies (X-Markedsdialog-Signature); shown only in the answer that made it (create, rotateWebhookSecret, or a change adding the webhook channel)",
    }),
    webhookSecretCreatedAt: timestampAnswer.optional().meta({
      description: "When the current webhook secret was made; absent: bodies are signed with the platform's key",
    }),
    email: z.string().optional(),
    nextDigestAt: timestampAnswer.optional().meta({ description: "Daily and weekly digests: when the next is due" }),
    version: z.int().min(1),
    createdAt: timestampAnswer,
    updatedAt: timestampAnswer,
  })
  .meta({ id: "Subscription" });

export const subscriptionListAnswer = z
  .strictObject({ items: z.array(subscriptionAnswer), ...pageAnswer })
  .meta({ id: "SubscriptionList" });

export const digestRequestAnswer = z
  .strictObject({
    subscriptionId: idAnswer,
    digestId: z
      .string()
      .meta({ description: "The digest's id; its deliveries carry it in the need's notification record" }),
    waiting: z.int().min(0).meta({ description: "Need versions waiting for the digest when it was asked for" }),
    requestedAt: timestampAnswer,
  })
  .meta({ id: "DigestRequest" });
