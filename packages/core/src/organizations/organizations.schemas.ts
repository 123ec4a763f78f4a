import { z } from "zod";
import { idAnswer, pageAnswer } from "../shared/answers";
import { BUYER_TYPES, ORGANIZATION_KINDS } from "./organization.model";
import { isValidOrgNumber, normaliseOrgNumber, municipality } from "../reference/index";

export const orgNumberSchema = z
  .string()
  .max(20)
  .transform(normaliseOrgNumber)
  .refine(isValidOrgNumber, "is not a valid Norwegian organisation number (9 digits with a mod-11 check digit)")
  .meta({ description: "Norwegian organisation number, 9 digits; spaces allowed", examples: ["974760673"] });

export const kommunenummerSchema = z
  .string()
  .regex(/^\d{4}$/, "must be a 4-digit kommunenummer")
  .refine((n) => municipality(n) !== undefined, "is not a municipality in the structure valid from 2024")
  .meta({ description: "Kommunenummer (municipality number, 2024 structure)", examples: ["3207"] });

export const createOrganizationSchema = z
  .strictObject({
    kind: z.enum(ORGANIZATION_KINDS),
    buyerType: z.enum(BUYER_TYPES).optional().meta({ description: "Required for buyers" }),
    name: z.string().trim().min(2).max(300),
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
  .meta({ id: "OrganizationInput" });

export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export const createApiKeySchema = z
  .strictObject({ label: z.string().trim().max(100).optional() })
  .meta({ id: "ApiKeyInput" });

// Answers

/** An organisation's facts (organizations.service.ts presentOrganization). */
export const organizationAnswer = z
  .strictObject({
    id: idAnswer,
    kind: z.enum(ORGANIZATION_KINDS),
    buyerType: z.enum(BUYER_TYPES).optional().meta({ description: "Buyers only" }),
    name: z.string(),
    orgNumber: z.string(),
    municipality: z.string(),
    county: z.string(),
    email: z.string().optional(),
    website: z.string().optional(),
  })
  .meta({ id: "Organization" });

export const organizationListAnswer = z
  .strictObject({ items: z.array(organizationAnswer), ...pageAnswer })
  .meta({ id: "OrganizationList" });

export const issuedApiKeyAnswer = z
  .strictObject({
    token: z.string().meta({ description: "The secret; shown this once, only its hash is stored" }),
    prefix: z.string().meta({ description: "The token's first characters, to recognise it by" }),
    label: z.string().optional(),
    organizationId: idAnswer,
  })
  .meta({ id: "IssuedApiKey" });
