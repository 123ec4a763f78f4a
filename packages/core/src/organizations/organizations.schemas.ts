import { z } from "zod";
import { idAnswer, pageAnswer } from "../shared/answers";
import { BUYER_TYPES, ORGANIZATION_KINDS } from "./organization.model";
import { isPlaceholderOrgNumber, isValidOrgNumber, normaliseOrgNumber } from "../reference/index";
import { kommunenummerSchema, textSchema } from "../shared/schemas";

/** Moved to shared/schemas.ts (every module takes municipality numbers); kept here for existing imports. */
export { kommunenummerSchema };

export const orgNumberSchema = z
  .string()
  .max(20)
  .transform(normaliseOrgNumber)
  .refine(isValidOrgNumber, {
    message: "is not a valid Norwegian organisation number (9 digits with a mod-11 check digit)",
    abort: true,
  })
  .refine((n) => !isPlaceholderOrgNumber(n), "is a placeholder (nine equal digits), not an issued organisation number")
  .meta({ description: "Norwegian organisation number, 9 digits; spaces allowed", examples: ["974760673"] });

export const createOrganizationSchema = z
  .strictObject({
    kind: z.enum(ORGANIZATION_KINDS),
    buyerType: z.enum(BUYER_TYPES).optional().meta({ description: "Buyers only, and required for them" }),
    name: textSchema({ min: 2, max: 300 }),
    orgNumber: orgNumberSchema,
    municipality: kommunenummerSchema,
    email: z.email().max(320).optional(),
    website: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .refine((o) => o.kind !== "buyer" || o.buyerType !== undefined, {
    path: ["buyerType"],
    message: "is required for buyers",
  })
  .refine((o) => o.kind === "buyer" || o.buyerType === undefined, {
    path: ["buyerType"],
    message: "belongs to buyers only",
  })
  .meta({ id: "OrganizationInput" });

export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export const createApiKeySchema = z
  .strictObject({ label: textSchema({ max: 100 }).optional() })
  .meta({ id: "ApiKeyInput" });

const nullableToClear = { description: "null removes it" };

/** The admin's change of an organisation. Its kind and organisation number stay: register a new one. */
export const updateOrganizationSchema = z
  .strictObject({
    buyerType: z.enum(BUYER_TYPES).optional().meta({ description: "Buyers only" }),
    name: z.string().trim().min(2).max(300).optional(),
    municipality: kommunenummerSchema.optional(),
    email: z.email().max(320).nullable().optional().meta(nullableToClear),
    website: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional()
      .meta(nullableToClear),
    active: z
      .boolean()
      .optional()
      .meta({ description: "false deactivates: its keys stop working at once, its needs stay public, marked" }),
  })
  .refine((patch) => Object.keys(patch).length > 0, "give at least one field to change")
  .meta({ id: "OrganizationPatch" });
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;

/** What anyone may read of an organisation. */
export const publicOrganizationAnswer = z
  .strictObject({
    id: idAnswer,
    kind: z.enum(ORGANIZATION_KINDS),
    buyerType: z.enum(BUYER_TYPES).optional(),
    name: z.string(),
    orgNumber: z.string(),
    municipality: z.string(),
    county: z.string(),
    website: z.string().optional(),
    active: z.boolean(),
  })
  .meta({ id: "PublicOrganization" });
export type PublicOrganizationAnswer = z.infer<typeof publicOrganizationAnswer>;

/** An organisation as signed-in callers see it: with its contact e-mail and version. */
export const organizationAnswer = publicOrganizationAnswer
  .extend({ email: z.string().optional(), version: z.number().int() })
  .meta({ id: "Organization" });
export type OrganizationAnswer = z.infer<typeof organizationAnswer>;

export const organizationListAnswer = z
  .strictObject({ items: z.array(organizationAnswer), ...pageAnswer })
  .meta({ id: "OrganizationList" });

/** One key in a list: never the token or its hash. */
export const apiKeyAnswer = z
  .strictObject({
    id: z.string().meta({ description: "Names the key in DELETE /organizations/{id}/api-keys/{keyId}" }),
    prefix: z.string().meta({ description: "The token's first 8 characters, to recognise it" }),
    label: z.string().optional(),
    createdAt: z.string(),
    lastUsedAt: z.string().optional().meta({ description: "To the minute; absent if never used" }),
  })
  .meta({ id: "ApiKey" });

export const apiKeyListAnswer = z.strictObject({ items: z.array(apiKeyAnswer), total: z.number().int() });
export type ApiKeyListAnswer = z.infer<typeof apiKeyListAnswer>;

/** A key just issued: the only time its token is shown. */
export const issuedApiKeyAnswer = z
  .strictObject({
    id: z.string(),
    token: z.string(),
    prefix: z.string(),
    label: z.string().optional(),
    organizationId: idAnswer,
    createdAt: z.string(),
  })
  .meta({ id: "IssuedApiKey" });
export type IssuedApiKeyAnswer = z.infer<typeof issuedApiKeyAnswer>;
