import { z } from "zod";
import { county, lookupCpv, lookupMunicipality } from "../reference/index";
import { OBJECT_ID_PATTERN } from "../platform/ids";
import { textProblem } from "./text";
import { dayOf, fromCalendarDay, isPlanYear, FIRST_PLAN_YEAR, LAST_PLAN_YEAR } from "./dates";

/**
 * Free text: stored in NFC and trimmed; control characters (but tab and line breaks where `multiline`),
 * bidirectional controls, lone surrogates and text of invisible characters only are refused. Every
 * free-text field of every module is one of these.
 */
export const textSchema = ({ max, min = 0, multiline = false }: { max: number; min?: number; multiline?: boolean }) =>
  z
    .string()
    .normalize("NFC")
    .trim()
    .superRefine((text, ctx) => {
      const problem = textProblem(text, { multiline });
      if (problem) ctx.addIssue({ code: "custom", message: problem, params: { code: "invalid_text" } });
    })
    .min(min)
    .max(max);

/** A CPV code with or without check digit; normalised to the form with check digit. */
export const cpvCodeSchema = z
  .string()
  .max(20)
  .transform((value, ctx) => {
    const result = lookupCpv(value);
    if (result.ok) return result.entry.code;
    ctx.addIssue({ code: "custom", message: result.reason, params: { code: "unknown_cpv" } });
    return z.NEVER;
  })
  .meta({ description: "CPV 2008 code, with or without check digit", examples: ["45233140-2", "90910000"] });

export const cpvListSchema = z
  .array(cpvCodeSchema)
  .min(1)
  .max(50)
  .transform((codes) => [...new Set(codes)]);

/**
 * A kommunenummer, stored in the 2024 structure: a number of an earlier structure becomes its successor
 * (0213 Ski → 3020 → 3207 Nordre Follo; write answers note it), a number that was split is refused with
 * the municipalities it became.
 */
export const kommunenummerSchema = z
  .string()
  .regex(/^\d{4}$/, "must be a 4-digit kommunenummer")
  .transform((number, ctx) => {
    const found = lookupMunicipality(number);
    if (found.kind === "current" || found.kind === "former") return found.municipality.number;
    const message =
      found.kind === "split"
        ? `${number} ${found.former.name} (until ${found.former.lastYear}) was split: give one of ` +
          found.candidates.map((m) => `${m.number} ${m.name}`).join(", ")
        : "is not a municipality, in the 2024 structure or an earlier one";
    ctx.addIssue({ code: "custom", message, params: { code: "unknown_municipality" } });
    return z.NEVER;
  })
  .meta({
    description: "Kommunenummer, 2024 structure; numbers of earlier structures are mapped to their successor",
    examples: ["3207"],
  });

export const fylkesnummerSchema = z
  .string()
  .regex(/^\d{2}$/, "must be a 2-digit fylkesnummer")
  .refine((n) => county(n) !== undefined, {
    message: "is not a county in the structure valid from 2024",
    params: { code: "unknown_county" },
  })
  .meta({ description: "Fylkesnummer (county number, 2024 structure)", examples: ["32"] });

export const municipalityListSchema = z
  .array(kommunenummerSchema)
  .max(400)
  .transform((list) => [...new Set(list)]);

export const countyListSchema = z
  .array(fylkesnummerSchema)
  .max(20)
  .transform((list) => [...new Set(list)]);

const yearMessage = `must be a year from ${FIRST_PLAN_YEAR} to ${LAST_PLAN_YEAR}`;

/**
 * A date-only field: a calendar date in Norway, `YYYY-MM-DD`, stored as that date (midnight UTC) and shown
 * as the same `YYYY-MM-DD`. A timestamp is refused rather than read in some time zone, so no offset can move
 * the date a buyer meant.
 */
export const calendarDateSchema = z.iso
  .date({
    error: (issue) =>
      typeof issue.input === "string" && /^\d{4}-\d{2}-\d{2}T/.test(issue.input)
        ? "must be a calendar date, YYYY-MM-DD (Norway), without time or offset"
        : "must be a date, YYYY-MM-DD",
    abort: true,
  })
  .refine(isPlanYear, yearMessage)
  .transform(fromCalendarDay)
  .meta({ description: "Calendar date in Norway, YYYY-MM-DD (no time, no offset)", examples: ["2027-03-01"] });

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** A milestone's date (`2027-02-10`) or time (`2027-02-10T09:00:00+01:00`), kept as given; years 2000–2100. */
export const momentSchema = z
  .string()
  .refine((value) => isoDate.safeParse(value).success || isoDateTime.safeParse(value).success, {
    message: "must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with offset",
    params: { code: "invalid_date" },
    abort: true,
  })
  .refine((value) => isPlanYear(dayOf(value)), yearMessage)
  .meta({
    description: "Date (YYYY-MM-DD) or ISO 8601 timestamp with offset",
    examples: ["2027-02-10T09:00:00+01:00"],
  });

export const httpUrlSchema = z.url({ protocol: /^https?$/ }).max(2000);

export const contactSchema = z.strictObject({
  name: textSchema({ min: 1, max: 200 }),
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
    // Absent stays absent (so the OpenAPI document calls the parameter optional, as it is).
    if (value === undefined) return undefined;
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
  q: textSchema({ max: 200, multiline: true })
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
