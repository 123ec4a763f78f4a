import { z } from "zod";
import { contactAnswer, cpvDetailAnswer, idAnswer, pageAnswer, timestampAnswer } from "../shared/answers";
import { geoPointAnswer, searchAnswerSchema } from "../search/search.schemas";
import { MILESTONE_KINDS, PROCEDURES } from "./need.model";
import { NEED_STATUSES, OPEN_NEED_STATUSES } from "./lifecycle";
import { milestoneEndProblem, timelineOrderIssues } from "./timeline";
import {
  calendarDateSchema,
  contactSchema,
  countyListSchema,
  cpvListSchema,
  fylkesnummerSchema,
  pointQuerySchema,
  httpUrlSchema,
  kommunenummerSchema,
  momentSchema,
  municipalityListSchema,
  objectIdSchema,
  pageQuery,
  queryList,
  cpvCodeSchema,
  searchQueryFields,
  textSchema,
} from "../shared/schemas";
import { instantOf } from "../shared/dates";

const nok = z.number().finite().min(0).max(1e13);

export const valueRangeSchema = z
  .strictObject({ min: nok.optional(), max: nok.optional() })
  .refine((v) => v.min !== undefined || v.max !== undefined, "give min, max or both")
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, {
    path: ["max"],
    message: "must not be below min",
  })
  .meta({ description: "Estimated value in NOK excluding VAT", examples: [{ min: 40_000_000, max: 60_000_000 }] });

/** Dialogue, notice and contract in that order where given (checked again on the merged need of a PATCH). */
export const timelineSchema = z
  .strictObject({
    dialogueOpens: calendarDateSchema.optional(),
    plannedNotice: calendarDateSchema.optional().meta({ description: "Planned date of the tender notice" }),
    contractStart: calendarDateSchema.optional(),
    durationMonths: z.number().int().min(1).max(600).optional(),
  })
  .superRefine((timeline, ctx) => {
    for (const { field, message } of timelineOrderIssues(timeline))
      ctx.addIssue({ code: "custom", path: [field], message });
  });

/** A milestone's dates are kept as given until its end is checked against its start, then stored as instants. */
export const milestoneSchema = z
  .strictObject({
    kind: z.enum(MILESTONE_KINDS),
    title: textSchema({ max: 300 }).optional(),
    date: momentSchema,
    endDate: momentSchema.optional(),
    location: textSchema({ max: 300 }).optional(),
    url: httpUrlSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const problem = m.endDate === undefined ? undefined : milestoneEndProblem(m.date, m.endDate);
    if (problem) ctx.addIssue({ code: "custom", path: ["endDate"], message: problem });
  })
  .transform(({ date, endDate, ...rest }) => ({
    ...rest,
    date: instantOf(date),
    ...(endDate !== undefined && { endDate: instantOf(endDate) }),
  }));

const needFields = {
  title: textSchema({ min: 3, max: 1000 }),
  challenge: textSchema({ min: 3, max: 20_000, multiline: true }).meta({
    description: "The need stated as a problem to solve (what, not how)",
  }),
  description: textSchema({ max: 100_000, multiline: true }),
  cpv: cpvListSchema,
  estimatedValueNok: valueRangeSchema.optional(),
  municipalities: municipalityListSchema
    .optional()
    .meta({ description: "Municipalities it concerns; none and no counties means national" }),
  counties: countyListSchema.optional(),
  procedure: z.enum(PROCEDURES),
  timeline: timelineSchema.optional(),
  smeSuitable: z.boolean().optional(),
  innovation: z.boolean().optional(),
  sustainability: z.boolean().optional(),
  milestones: z.array(milestoneSchema).max(50).optional(),
  noticeUrl: httpUrlSchema.optional().meta({ description: "Link to the Doffin or TED notice" }),
  contact: contactSchema.optional(),
};

export const createNeedSchema = z
  .strictObject({
    ...needFields,
    status: z
      .enum(["draft", "published"])
      .optional()
      .meta({ description: "Start as draft (default) or publish at once" }),
    buyerId: objectIdSchema.optional().meta({ description: "Admin only: the buyer the need belongs to" }),
  })
  .meta({ id: "NeedInput" });
export type CreateNeedInput = z.infer<typeof createNeedSchema>;

export const updateNeedSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(needFields).map(([k, s]) => [k, s.optional()])) as {
      [K in keyof typeof needFields]: z.ZodOptional<(typeof needFields)[K]>;
    },
  )
  .refine((patch) => Object.keys(patch).length > 0, "give at least one field to change")
  .meta({ id: "NeedPatch" });
export type UpdateNeedInput = z.infer<typeof updateNeedSchema>;

export const statusChangeSchema = z
  .strictObject({
    status: z.enum(NEED_STATUSES),
    noticeUrl: httpUrlSchema.optional().meta({ description: "Doffin/TED notice, when announcing the tender" }),
  })
  .meta({ id: "NeedStatusChange" });

export const listNeedsQuerySchema = z.strictObject({
  buyer: objectIdSchema.optional(),
  municipality: queryList(kommunenummerSchema),
  county: queryList(fylkesnummerSchema),
  cpv: queryList(cpvCodeSchema).meta({ description: "CPV codes at any level; 45000000 matches 45233140" }),
  status: queryList(z.enum(NEED_STATUSES)),
  procedure: queryList(z.enum(PROCEDURES)),
  from: calendarDateSchema.optional().meta({ description: "Planned notice on or after" }),
  to: calendarDateSchema.optional().meta({ description: "Planned notice on or before" }),
  sort: z.enum(["-publishedAt", "publishedAt", "plannedNotice", "-plannedNotice", "-valueMax"]).default("-publishedAt"),
  ...pageQuery,
});
export type ListNeedsQuery = z.infer<typeof listNeedsQuerySchema>;

export const needSearchQuerySchema = z
  .strictObject({
    ...searchQueryFields,
    buyer: queryList(objectIdSchema),
    procedure: queryList(z.enum(PROCEDURES)),
    minValue: z.coerce
      .number()
      .min(0)
      .optional()
      .meta({ description: "Needs whose estimated value reaches at least this (NOK)" }),
    maxValue: z.coerce
      .number()
      .min(0)
      .optional()
      .meta({ description: "Needs whose estimated value starts at most at this (NOK)" }),
    from: calendarDateSchema.optional().meta({ description: "Planned notice on or after" }),
    to: calendarDateSchema.optional().meta({ description: "Planned notice on or before" }),
    near: pointQuerySchema.optional().meta({ description: "Point to measure from (a need's first place): lat,lon" }),
    radiusKm: z.coerce
      .number()
      .min(0.1)
      .max(2500)
      .optional()
      .meta({ description: "Needs whose first place is within this distance of `near` (national needs have none)" }),
    sort: z.enum(["relevance", "distance"]).default("relevance"),
  })
  .refine((q) => q.minValue === undefined || q.maxValue === undefined || q.minValue <= q.maxValue, {
    path: ["maxValue"],
    message: "must not be below minValue",
  })
  .refine((q) => q.radiusKm === undefined || q.near !== undefined, {
    path: ["radiusKm"],
    message: "needs near=lat,lon",
  })
  .refine((q) => q.sort !== "distance" || q.near !== undefined, {
    path: ["sort"],
    message: "sorting by distance needs near=lat,lon",
  });
export type NeedSearchQuery = z.infer<typeof needSearchQuerySchema>;

export const PIPELINE_GROUPS = ["buyer", "group", "county", "cpvDivision", "year"] as const;
export const pipelineQuerySchema = z.strictObject({
  groupBy: z.enum(PIPELINE_GROUPS).default("buyer"),
  status: queryList(z.enum([...OPEN_NEED_STATUSES, "awarded"])),
  county: queryList(fylkesnummerSchema),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type PipelineQuery = z.infer<typeof pipelineQuerySchema>;

// Answers

const statusAnswer = z.enum(NEED_STATUSES);
const buyerAnswer = z.strictObject({
  id: idAnswer,
  name: z.string(),
  active: z.boolean().meta({ description: "false: the buyer's organisation is deactivated; its needs stay public" }),
});
/** Date-only fields: calendar dates, as they were given. */
const calendarDateAnswer = z.iso.date().meta({ description: "A calendar date, YYYY-MM-DD" });
const timelineAnswer = {
  dialogueOpens: calendarDateAnswer.optional(),
  plannedNotice: calendarDateAnswer.optional(),
  contractStart: calendarDateAnswer.optional(),
};
const valueRangeAnswer = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .meta({ description: "Estimated value in NOK excluding VAT" });

/** A need as GET /needs/{id} and every write answer it (needs/present.ts). */
export const needAnswer = z
  .strictObject({
    id: idAnswer,
    buyer: buyerAnswer,
    title: z.string(),
    challenge: z.string(),
    description: z.string(),
    cpv: z.array(z.string()),
    cpvDetails: z.array(cpvDetailAnswer),
    estimatedValueNok: valueRangeAnswer.optional(),
    municipalities: z.array(z.string()),
    counties: z.array(z.string()).meta({ description: "Counties given plus those of the municipalities" }),
    national: z.boolean(),
    procedure: z.enum(PROCEDURES),
    timeline: z.strictObject({ ...timelineAnswer, durationMonths: z.int().optional() }),
    smeSuitable: z.boolean(),
    innovation: z.boolean(),
    sustainability: z.boolean(),
    milestones: z.array(
      z.strictObject({
        kind: z.enum(MILESTONE_KINDS),
        title: z.string().optional(),
        date: timestampAnswer,
        endDate: timestampAnswer.optional(),
        location: z.string().optional(),
        url: z.string().optional(),
      }),
    ),
    noticeUrl: z.string().optional(),
    contact: contactAnswer.optional(),
    status: statusAnswer,
    nextStatuses: z.array(statusAnswer).meta({ description: "Where the status may go from here" }),
    version: z.int().min(1),
    publishedAt: timestampAnswer.optional().meta({ description: "Absent while a draft" }),
    createdAt: timestampAnswer,
    updatedAt: timestampAnswer,
  })
  .meta({ id: "Need" });

/** A need in a list (present.ts summarizeNeed, need-search.ts summaryFromDoc); the whole need: GET /needs/{id}. */
export const needSummaryAnswer = needAnswer
  .omit({
    description: true,
    milestones: true,
    noticeUrl: true,
    contact: true,
    nextStatuses: true,
    createdAt: true,
    updatedAt: true,
  })
  .extend({ timeline: z.strictObject(timelineAnswer) })
  .meta({ id: "NeedSummary" });

export const needListAnswer = z
  .strictObject({ items: z.array(needSummaryAnswer), ...pageAnswer })
  .meta({ id: "NeedList" });

export const needChangesAnswer = z
  .strictObject({
    needId: idAnswer,
    items: z.array(
      z
        .strictObject({
          at: timestampAnswer,
          actor: z.strictObject({
            type: z.enum(["admin", "organization"]),
            orgId: z.string().optional(),
            name: z.string().optional(),
          }),
          kind: z.enum(["status", "update"]),
          fields: z.array(z.string()).optional().meta({ description: "The fields the entry changed" }),
          changes: z
            .array(z.strictObject({ field: z.string(), from: z.unknown(), to: z.unknown() }))
            .optional()
            .meta({ description: "Each changed field's value before and after, as GET /needs/{id} shows it" }),
          fromStatus: statusAnswer.optional(),
          toStatus: statusAnswer.optional(),
          version: z.int().min(1).optional(),
        })
        .meta({ id: "NeedChange" }),
    ),
  })
  .meta({ id: "NeedChanges" });

const pipelineTotals = {
  count: z.int().min(0),
  valueMinNok: z.number().min(0),
  valueMaxNok: z.number().min(0),
  withoutValue: z.int().min(0).meta({ description: "Needs without an estimated value" }),
};

export const pipelineAnswer = z
  .strictObject({
    groupBy: z.enum(PIPELINE_GROUPS),
    currency: z.literal("NOK"),
    statuses: z.array(z.enum([...OPEN_NEED_STATUSES, "awarded"])),
    items: z.array(
      z.strictObject({
        key: z.string().meta({ description: "Buyer or group id, county number or `national`, CPV division, year" }),
        label: z.string(),
        ...pipelineTotals,
      }),
    ),
    total: z.strictObject(pipelineTotals),
    note: z.string().optional(),
  })
  .meta({ id: "Pipeline" });

const epochMs = z.number().meta({ description: "Milliseconds since 1970-01-01 UTC" });

export const needSearchAnswer = searchAnswerSchema("needs", "NeedSearch", {
  id: idAnswer,
  version: z.int().min(1),
  buyerId: idAnswer,
  buyerName: z.string(),
  buyerActive: z.boolean().optional(),
  title: z.string(),
  challenge: z.string(),
  description: z.string(),
  cpv: z.array(z.string()),
  cpvCodes: z.array(z.string()),
  cpvLabels: z.array(z.string()),
  municipalities: z.array(z.string()),
  municipalityNames: z.array(z.string()),
  counties: z.array(z.string()),
  countyNames: z.array(z.string()),
  national: z.boolean(),
  places: z.array(z.string()),
  placeNames: z.array(z.string()),
  procedure: z.enum(PROCEDURES),
  status: z.enum(OPEN_NEED_STATUSES),
  valueMin: z.number().optional(),
  valueMax: z.number().optional(),
  dialogueOpens: epochMs.optional(),
  plannedNotice: epochMs.optional(),
  contractStart: epochMs.optional(),
  publishedAt: epochMs,
  smeSuitable: z.boolean(),
  innovation: z.boolean(),
  sustainability: z.boolean(),
  _geo: geoPointAnswer.optional(),
});
