import { z } from "zod";
import { contactAnswer, cpvDetailAnswer, idAnswer, timestampAnswer } from "../shared/answers";
import { geoPointAnswer, searchAnswerSchema } from "../search/search.schemas";
import { SUPPLIER_SIZES } from "./supplier-profile.model";
import {
  contactSchema,
  countyListSchema,
  cpvListSchema,
  httpUrlSchema,
  kommunenummerSchema,
  municipalityListSchema,
  pointQuerySchema,
  queryList,
  searchQueryFields,
  textSchema,
} from "../shared/schemas";
import { CERTIFICATION_CATALOGUE, CERTIFICATION_CODES, lookupCertification, naceLabel } from "../reference/index";

const naceCode = z
  .string()
  .regex(/^\d{2}(\.\d{1,3})?$/, "must be an SN2007/SN2025 industry code such as 43.120")
  .refine((code) => naceLabel(code) !== undefined, "is not an SN2007 or SN2025 industry code");

/** A certification by its code or as people type it (`ISO 14001`, `Miljøfyrtårn`); stored as the code. */
const certificationSchema = z
  .string()
  .max(100)
  .transform((typed, ctx) => {
    const code = lookupCertification(typed);
    if (code) return code;
    ctx.addIssue({
      code: "custom",
      message: `is not a certification we know: give a code or name of ${CERTIFICATION_CATALOGUE.map((c) => c.code).join(", ")}`,
    });
    return z.NEVER;
  })
  .meta({
    description: `Code or name: ${CERTIFICATION_CATALOGUE.map((c) => `${c.code} (${c.label})`).join(", ")}`,
    examples: ["iso_14001", "ISO 14001", "Miljøfyrtårn"],
  });

/** A supplier's profile as it is sent (PUT replaces it); stored as SupplierProfile (supplier-profile.model.ts). */
export const supplierProfileInputSchema = z
  .strictObject({
    name: textSchema({ min: 2, max: 300 }),
    description: textSchema({ max: 20_000, multiline: true }),
    capabilities: textSchema({ max: 20_000, multiline: true }).meta({
      description: "What the supplier can solve, in its own words",
    }),
    cpv: cpvListSchema,
    nace: z.array(naceCode).max(20).optional(),
    municipality: kommunenummerSchema.meta({ description: "Home municipality" }),
    location: z
      .strictObject({ lat: z.number().min(57).max(72), lon: z.number().min(4).max(32) })
      .optional()
      .meta({ description: "Where the supplier is; defaults to a point in the home municipality" }),
    serviceArea: z.strictObject({
      national: z.boolean().optional(),
      counties: countyListSchema.optional(),
      municipalities: municipalityListSchema.optional(),
    }),
    certifications: z
      .array(certificationSchema)
      .max(20)
      .optional()
      .transform((list) => (list ? [...new Set(list)] : list)),
    size: z.enum(SUPPLIER_SIZES).optional().meta({ description: "micro <10, small <50, medium <250 employees, large" }),
    contact: contactSchema.optional(),
    website: httpUrlSchema.optional(),
    matchOnProfile: z.boolean().optional().meta({
      description:
        "Opt in to be matched to new needs on this profile (CPV codes, service area, capability text) as well as on saved subscriptions; default false",
    }),
  })
  .meta({ id: "SupplierProfileInput" });
export type SupplierProfileInput = z.infer<typeof supplierProfileInputSchema>;

export const supplierSearchQuerySchema = z
  .strictObject({
    ...searchQueryFields,
    certification: queryList(certificationSchema),
    size: queryList(z.enum(SUPPLIER_SIZES)),
    near: pointQuerySchema.optional(),
    radiusKm: z.coerce.number().min(0.1).max(2500).optional(),
    sort: z.enum(["relevance", "distance"]).default("relevance"),
  })
  .refine((q) => q.radiusKm === undefined || q.near !== undefined, {
    path: ["radiusKm"],
    message: "needs near=lat,lon",
  })
  .refine((q) => q.sort !== "distance" || q.near !== undefined || q.municipality?.length === 1, {
    path: ["sort"],
    message: "sorting by distance needs near=lat,lon or one municipality",
  });
export type SupplierSearchQuery = z.infer<typeof supplierSearchQuerySchema>;

// Answers

const certificationAnswer = z
  .strictObject({ code: z.enum(CERTIFICATION_CODES), label: z.string() })
  .meta({ id: "Certification", description: "A certification's code and its Norwegian label" });

/** The registered organisation behind a profile; `name` is its registered name, the profile's `name` its own. */
const registeredOrganizationAnswer = z
  .strictObject({ id: idAnswer, name: z.string(), orgNumber: z.string() })
  .meta({ id: "RegisteredOrganization" });

/** A supplier's profile as GET /suppliers/{orgId} and PUT answer it (suppliers.service.ts presentSupplier). */
export const supplierProfileAnswer = z
  .strictObject({
    id: idAnswer.meta({ description: "The supplier organisation's id" }),
    orgNumber: z.string(),
    name: z.string(),
    description: z.string(),
    capabilities: z.string(),
    cpv: z.array(z.string()),
    cpvDetails: z.array(cpvDetailAnswer),
    nace: z.array(z.string()),
    municipality: z.string(),
    county: z.string(),
    location: z.strictObject({ lat: z.number(), lon: z.number() }),
    serviceArea: z.strictObject({
      national: z.boolean(),
      counties: z.array(z.string()),
      municipalities: z.array(z.string()),
    }),
    certifications: z.array(certificationAnswer),
    size: z.enum(SUPPLIER_SIZES).optional(),
    contact: contactAnswer.optional(),
    website: z.string().optional(),
    matchOnProfile: z.boolean().meta({ description: "Opted in to be matched to new needs on this profile" }),
    organization: registeredOrganizationAnswer,
    version: z.int().min(1),
    updatedAt: timestampAnswer,
  })
  .meta({ id: "SupplierProfile" });

export const supplierSearchAnswer = searchAnswerSchema("suppliers", "SupplierSearch", {
  id: idAnswer,
  version: z.int().min(1),
  orgNumber: z.string(),
  name: z.string(),
  description: z.string(),
  capabilities: z.string(),
  cpv: z.array(z.string()),
  cpvCodes: z.array(z.string()),
  cpvLabels: z.array(z.string()),
  nace: z.array(z.string()),
  municipality: z.string(),
  municipalityName: z.string(),
  county: z.string(),
  countyName: z.string(),
  serviceMunicipalities: z.array(z.string()),
  serviceCounties: z.array(z.string()),
  national: z.boolean(),
  serves: z.array(z.string()),
  placeNames: z.array(z.string()),
  certifications: z.array(certificationAnswer),
  size: z.enum([...SUPPLIER_SIZES, "unknown"]),
  matchOnProfile: z.boolean().optional().meta({
    description:
      "Opted in to profile matching; absent for documents indexed before it was kept, until the next reindex",
  }),
  _geo: geoPointAnswer,
  updatedAt: z.number().meta({ description: "Milliseconds since 1970-01-01 UTC" }),
  organization: registeredOrganizationAnswer.partial({ name: true }).meta({
    id: "RegisteredOrganizationHit",
    description: "`name` is absent for documents indexed before it was kept, until the next reindex",
  }),
});
