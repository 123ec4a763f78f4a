import { z } from "zod";
import { BUYER_TYPES, ORGANIZATION_KINDS } from "../organizations/organization.model";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { countyListSchema, objectIdSchema, pageQuery, textSchema } from "../shared/schemas";
import { CONFERENCE_STATUSES } from "./conference.model";
import { instantSchema, osloTimeAnswer } from "./times";

const pointSchema = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export const audienceSchema = z
  .strictObject({
    kinds: z.array(z.enum(ORGANIZATION_KINDS)).min(1).max(3).optional(),
    buyerTypes: z.array(z.enum(BUYER_TYPES)).min(1).max(4).optional().meta({ description: "Buyers of these types" }),
    counties: countyListSchema.pipe(z.array(z.string()).min(1)).optional(),
    description: textSchema({ max: 300 }).optional(),
  })
  .refine((a) => a.kinds !== undefined || a.buyerTypes !== undefined || a.counties !== undefined, {
    message: "name at least one of kinds, buyerTypes, counties",
  })
  .refine((a) => a.buyerTypes === undefined || a.kinds === undefined || a.kinds.includes("buyer"), {
    path: ["buyerTypes"],
    message: "buyer types restrict buyers: kinds must include buyer",
  })
  .meta({
    id: "ConferenceAudience",
    description: "Who may register: an organisation must match every list given (kind, buyer type, county)",
  });

const sessionSchema = z.strictObject({
  title: textSchema({ min: 2, max: 200 }),
  startsAt: instantSchema,
  endsAt: instantSchema,
  venue: textSchema({ min: 2, max: 200 }).optional(),
});

const programmeItemSchema = z.strictObject({
  startsAt: instantSchema,
  endsAt: instantSchema.optional(),
  title: textSchema({ min: 2, max: 200 }),
  speaker: textSchema({ max: 200 }).optional(),
  description: textSchema({ max: 2000, multiline: true }).optional(),
});

export const meetingsSchema = z
  .strictObject({
    start: instantSchema,
    end: instantSchema,
    slotMinutes: z.int().min(5).max(240),
    breakMinutes: z.int().min(0).max(120).optional(),
    maxOpenRequests: z
      .int()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: "Open meeting requests a participant may have made at once (unset: no limit)" }),
    tables: z
      .array(textSchema({ min: 1, max: 100 }))
      .min(1)
      .max(200),
  })
  .meta({ id: "ConferenceMeetings", description: "The one-to-one meetings' window, slots and tables" });

const conferenceFields = {
  title: textSchema({ min: 3, max: 200 }),
  description: textSchema({ max: 10_000, multiline: true }),
  venue: textSchema({ min: 2, max: 200 }),
  address: textSchema({ max: 300 }),
  location: pointSchema,
  startsAt: instantSchema,
  endsAt: instantSchema,
  registrationDeadline: instantSchema,
  capacity: z.int().min(1).max(10_000).meta({ description: "Participants (people)" }),
  perOrgQuota: z.int().min(1).max(1000).meta({ description: "Participants per organisation at most" }),
  audience: audienceSchema,
  needIds: z.array(objectIdSchema).max(50).meta({ description: "Published needs the conference is about" }),
  programme: z.array(programmeItemSchema).max(100),
  sessions: z
    .array(sessionSchema)
    .max(50)
    .meta({ description: "Meetings of a series (a learning network); one registration is for all" }),
  meetings: meetingsSchema,
  status: z
    .enum(["draft", "published"])
    .meta({ description: "draft (organisers only) → published (cancel with POST /conferences/{id}/cancel)" }),
  coOrganizerIds: z.array(objectIdSchema).max(20).meta({ description: "Buyer or organiser organisations" }),
};

export const createConferenceSchema = z
  .strictObject({
    ...conferenceFields,
    description: conferenceFields.description.optional(),
    address: conferenceFields.address.optional(),
    location: conferenceFields.location.optional(),
    perOrgQuota: conferenceFields.perOrgQuota.optional(),
    audience: conferenceFields.audience.optional(),
    needIds: conferenceFields.needIds.default([]),
    programme: conferenceFields.programme.default([]),
    sessions: conferenceFields.sessions.default([]),
    meetings: conferenceFields.meetings.optional(),
    status: conferenceFields.status.default("draft"),
    coOrganizerIds: conferenceFields.coOrganizerIds.default([]),
    organizerId: objectIdSchema.optional().meta({ description: "The admin names the organising organisation" }),
  })
  .meta({ id: "ConferenceInput" });
export type CreateConferenceInput = z.infer<typeof createConferenceSchema>;

const clearable = { description: "null removes it" };
export const updateConferenceSchema = z
  .strictObject({
    title: conferenceFields.title.optional(),
    description: conferenceFields.description.nullable().optional().meta(clearable),
    venue: conferenceFields.venue.optional(),
    address: conferenceFields.address.nullable().optional().meta(clearable),
    location: conferenceFields.location.nullable().optional().meta(clearable),
    startsAt: conferenceFields.startsAt.optional(),
    endsAt: conferenceFields.endsAt.optional(),
    registrationDeadline: conferenceFields.registrationDeadline.optional(),
    capacity: conferenceFields.capacity.optional().meta({ description: "Once published it can only be raised" }),
    perOrgQuota: conferenceFields.perOrgQuota.nullable().optional().meta(clearable),
    audience: conferenceFields.audience.nullable().optional().meta(clearable),
    needIds: conferenceFields.needIds.optional(),
    programme: conferenceFields.programme.optional(),
    sessions: conferenceFields.sessions.optional(),
    meetings: conferenceFields.meetings.nullable().optional().meta(clearable),
    status: conferenceFields.status.optional(),
    coOrganizerIds: conferenceFields.coOrganizerIds.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "give at least one field to change")
  .meta({ id: "ConferencePatch" });
export type UpdateConferenceInput = z.infer<typeof updateConferenceSchema>;

export const listConferencesQuery = z.strictObject({
  status: z.enum(CONFERENCE_STATUSES).optional().meta({ description: "draft: the caller's own (admin: all)" }),
  organizer: objectIdSchema.optional(),
  ...pageQuery,
});
export type ListConferencesQuery = z.infer<typeof listConferencesQuery>;

export const groupsInputSchema = z
  .strictObject({
    groups: z
      .array(z.strictObject({ name: textSchema({ min: 1, max: 100 }), topic: textSchema({ max: 300 }).optional() }))
      .min(1)
      .max(100),
  })
  .meta({ id: "DiscussionGroupsInput" });
export type GroupsInput = z.infer<typeof groupsInputSchema>;

export const assignGroupsSchema = z
  .strictObject({ seed: z.int().min(0).max(4_294_967_295).meta({ description: "Same seed, same assignment" }) })
  .meta({ id: "GroupAssignmentInput" });

// Answers

const instantAnswer = osloTimeAnswer.meta({ description: "Europe/Oslo with offset" });

export const conferenceAnswer = z
  .strictObject({
    id: idAnswer,
    title: z.string(),
    description: z.string().optional(),
    venue: z.string(),
    address: z.string().optional(),
    location: z.strictObject({ lat: z.number(), lon: z.number() }).optional(),
    startsAt: instantAnswer,
    endsAt: instantAnswer,
    registrationDeadline: instantAnswer,
    registrationOpen: z.boolean(),
    capacity: z.int(),
    perOrgQuota: z.int().optional(),
    audience: z
      .strictObject({
        kinds: z.array(z.enum(ORGANIZATION_KINDS)).optional(),
        buyerTypes: z.array(z.enum(BUYER_TYPES)).optional(),
        counties: z.array(z.string()).optional(),
        description: z.string().optional(),
      })
      .optional(),
    needIds: z.array(idAnswer),
    programme: z.array(
      z.strictObject({
        startsAt: instantAnswer,
        endsAt: instantAnswer.optional(),
        title: z.string(),
        speaker: z.string().optional(),
        description: z.string().optional(),
      }),
    ),
    sessions: z.array(
      z.strictObject({
        title: z.string(),
        startsAt: instantAnswer,
        endsAt: instantAnswer,
        venue: z.string().optional(),
      }),
    ),
    meetings: z
      .strictObject({
        start: instantAnswer,
        end: instantAnswer,
        slotMinutes: z.int(),
        breakMinutes: z.int().optional(),
        maxOpenRequests: z.int().optional(),
        tables: z.array(z.string()),
      })
      .optional(),
    groups: z.array(z.strictObject({ name: z.string(), topic: z.string().optional() })),
    status: z.enum(CONFERENCE_STATUSES),
    cancellation: z
      .strictObject({ reason: z.string(), at: timestampAnswer, by: z.string() })
      .optional()
      .meta({ description: "Cancelled: why, when and by whom" }),
    organizerId: idAnswer,
    organizerName: z.string(),
    coOrganizerIds: z.array(idAnswer),
    registeredParticipants: z.int().min(0),
    seatsLeft: z.int().min(0),
    waitlistedRegistrations: z.int().min(0),
    version: z.int(),
    createdAt: timestampAnswer,
    updatedAt: timestampAnswer,
  })
  .meta({ id: "Conference" });

export const conferenceListAnswer = z
  .strictObject({ items: z.array(conferenceAnswer), total: z.int().min(0), page: z.int(), limit: z.int() })
  .meta({ id: "ConferenceList" });

const groupMemberAnswer = z.strictObject({
  registrationId: z.string(),
  participantId: z.string(),
  name: z.string(),
  orgId: idAnswer,
  orgName: z.string(),
  role: z.string().optional(),
});

export const groupsAnswer = z
  .strictObject({
    conferenceId: idAnswer,
    groups: z.array(z.strictObject({ name: z.string(), topic: z.string().optional() })),
    assignment: z
      .strictObject({
        seed: z.int(),
        assignedAt: timestampAnswer,
        sameOrganisationPairs: z.int().min(0).meta({
          description: "Pairs from one organisation sharing a group: 0 unless an organisation outnumbers the groups",
        }),
        groups: z.array(
          z.strictObject({ name: z.string(), topic: z.string().optional(), members: z.array(groupMemberAnswer) }),
        ),
      })
      .optional(),
    version: z.int(),
  })
  .meta({ id: "DiscussionGroups" });
