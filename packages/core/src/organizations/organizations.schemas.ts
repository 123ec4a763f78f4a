import { z } from "zod";
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
