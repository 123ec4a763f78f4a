import { z } from "zod";
import { county, lookupCpv } from "../reference/index";
import { kommunenummerSchema } from "../organizations/organizations.schemas";
import { OBJECT_ID_PATTERN } from "../platform/ids";

/** A CPV code with or without check digit; normalised to the form with check digit. */
export const cpvCodeSchema = z
  .string()
  .max(20)
  .transform((value, ctx) => {
    const result = lookupCpv(value);
    if (result.ok) return result.entry.code;
    ctx.addIssue({ code: "custom", message: result.reason });
    return z.NEVER;
  })
  .meta({ description: "CPV 2008 code, with or without check digit", examples: ["45233140-2", "90910000"] });

export const cpvListSchema = z
  .array(cpvCodeSchema)
  .min(1)
  .max(50)
  .transform((codes) => [...new Set(codes)]);

export const fylkesnummerSchema = z
  .string()
  .regex(/^\d{2}$/, "must be a 2-digit fylkesnummer")
  .refine((n) => county(n) !== undefined, "is not a county in the structure valid from 2024")
  .meta({ description: "Fylkesnummer (county number, 2024 structure)", examples: ["32"] });

export const municipalityListSchema = z
  .array(kommunenummerSchema)
  .max(400)
  .transform((list) => [...new Set(list)]);

export const countyListSchema = z
  .array(fylkesnummerSchema)
  .max(20)
  .transform((list) => [...new Set(list)]);

/** A calendar date (`2027-03-01`) or an ISO 8601 timestamp with offset. */
export const dateSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value))
  .meta({ description: "Date (YYYY-MM-DD) or ISO 8601 timestamp", examples: ["2027-03-01"] });

export const httpUrlSchema = z.url({ protocol: /^https?$/ }).max(2000);

export const contactSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,20}$/, "is not a phone number")
    .optional(),
});

/** Query-string lists: `cpv=45000000,90910000` or `cpv=45000000&cpv=90910000`. */
export const queryList = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => {
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === "string" ? v.split(",") : [v]));
    const cleaned = parts.map((p) => (typeof p === "string" ? p.trim() : p)).filter((p) => p !== "");
    return cleaned.length ? cleaned : undefined;
  }, z.array(item).max(50).optional());

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

/** A point in a query string, `near=59.72,10.83`: latitude, then longitude, in decimal degrees. */
export const pointQuerySchema = z
  .string()
  .regex(/^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, "must be lat,lon in decimal degrees, e.g. 59.72,10.83")
  .transform((value) => {
    const [lat = NaN, lon = NaN] = value.split(",").map(Number);
    return { lat, lon };
  })
  .refine(({ lat, lon }) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180, "is outside the globe")
  .meta({ description: "Point to search around: lat,lon" });

/** The query parameters both searches (suppliers and needs) take. */
export const searchQueryFields = {
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "Free text; typos, prefixes, inflections and synonyms are understood" }),
  cpv: queryList(cpvCodeSchema).meta({ description: "CPV codes at any level; 45000000 matches 45233140" }),
  municipality: queryList(kommunenummerSchema),
  county: queryList(fylkesnummerSchema),
  facets: queryList(z.string().max(50)),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

export const objectIdSchema = z.string().regex(OBJECT_ID_PATTERN, "is not a valid id");
