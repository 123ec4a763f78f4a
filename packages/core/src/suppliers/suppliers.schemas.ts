import { z } from "zod";
import { CERTIFICATIONS, SUPPLIER_SIZES } from "./supplier-profile.model";
import {
  contactSchema,
  countyListSchema,
  cpvListSchema,
  httpUrlSchema,
  municipalityListSchema,
  pointQuerySchema,
  queryList,
  searchQueryFields,
} from "../shared/schemas";
import { kommunenummerSchema } from "../organizations/organizations.schemas";
import { naceLabel } from "../reference/index";

const naceCode = z
  .string()
  .regex(/^\d{2}(\.\d{1,3})?$/, "must be an SN2007/SN2025 industry code such as 43.120")
  .refine((code) => naceLabel(code) !== undefined, "is not an SN2007 or SN2025 industry code");

/** A supplier's profile as it is sent (PUT replaces it); stored as SupplierProfile (supplier-profile.model.ts). */
export const supplierProfileInputSchema = z
  .strictObject({
    name: z.string().trim().min(2).max(300),
    description: z.string().trim().max(20_000),
    capabilities: z.string().trim().max(20_000).meta({ description: "What the supplier can solve, in its own words" }),
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
      .array(z.enum(CERTIFICATIONS))
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
    certification: queryList(z.enum(CERTIFICATIONS)),
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
