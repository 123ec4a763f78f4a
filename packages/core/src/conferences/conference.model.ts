import { Schema, model, type Types } from "mongoose";

/** `cancelled`: by POST /conferences/{id}/cancel only; registrations closed, the conference stays readable. */
export const CONFERENCE_STATUSES = ["draft", "published", "cancelled"] as const;
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

/** Who may register: every list given must contain the organisation's value (kind, buyer type, county). */
export interface Audience {
  kinds?: ("buyer" | "supplier" | "organiser")[];
  buyerTypes?: string[];
  counties?: string[];
  /** How the organiser says it, shown as given ("Forbeholdt ansatte i fylkeskommunene"). */
  description?: string;
}

export interface Session {
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue?: string;
}

export interface ProgrammeItem {
  startsAt: Date;
  endsAt?: Date;
  title: string;
  speaker?: string;
  description?: string;
}

/** The one-to-one meetings' window, stored for the scheduler (conferences/scheduler/). */
export interface MeetingsBlock {
  start: Date;
  end: Date;
  slotMinutes: number;
  breakMinutes?: number;
  /** Open meeting requests a participant may have made at once (meetings.service.ts). */
  maxOpenRequests?: number;
  tables: string[];
}

export interface DiscussionGroup {
  name: string;
  topic?: string;
}

export interface GroupMember {
  registrationId: string;
  participantId: string;
  name: string;
  orgId: string;
  orgName: string;
  role?: string;
}

export interface GroupAssignment {
  seed: number;
  assignedAt: Date;
  /** Pairs of participants of one organisation sharing a group (only when an organisation outnumbers the groups). */
  sameOrganisationPairs: number;
  groups: (DiscussionGroup & { members: GroupMember[] })[];
}

/**
 * A conference, a dialogue meeting or a learning network (a series of sessions with one registration).
 * Organised by `organizerId` (a buyer or organiser organisation) with any co-organisers; changed with
 * version claims (platform/version-claims.ts). Registrations and seats live in registration.model.ts.
 */
const conferenceSchema = new Schema(
  {
    title: { type: String, required: true },
    description: String,
    venue: { type: String, required: true },
    address: String,
    location: { type: new Schema({ lat: Number, lon: Number }, { _id: false }), default: undefined },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    registrationDeadline: { type: Date, required: true },
    /** Participants (people), not organisations. */
    capacity: { type: Number, required: true },
    perOrgQuota: Number,
    audience: Schema.Types.Mixed,
    needIds: { type: [String], default: [] },
    programme: { type: [Schema.Types.Mixed], default: [] },
    sessions: { type: [Schema.Types.Mixed], default: [] },
    meetings: Schema.Types.Mixed,
    groups: { type: [Schema.Types.Mixed], default: [] },
    groupAssignment: Schema.Types.Mixed,
    status: { type: String, enum: CONFERENCE_STATUSES, required: true, default: "draft" },
    cancellation: { type: new Schema({ reason: String, at: Date, by: String }, { _id: false }), default: undefined },
    organizerId: { type: String, required: true },
    organizerName: { type: String, required: true },
    coOrganizerIds: { type: [String], default: [] },
    version: { type: Number, required: true, default: 1 },
  },
  { timestamps: true },
);
// GET /conferences: the published ones (top-level scalar equality, answered from this index by FerretDB).
conferenceSchema.index({ status: 1 });
// GET /conferences as an organiser: its own conferences, drafts included.
conferenceSchema.index({ organizerId: 1 });

export interface ConferenceRecord {
  _id: Types.ObjectId;
  title: string;
  description?: string;
  venue: string;
  address?: string;
  location?: { lat: number; lon: number };
  startsAt: Date;
  endsAt: Date;
  registrationDeadline: Date;
  capacity: number;
  perOrgQuota?: number;
  audience?: Audience;
  needIds: string[];
  programme: ProgrammeItem[];
  sessions: Session[];
  meetings?: MeetingsBlock;
  groups: DiscussionGroup[];
  groupAssignment?: GroupAssignment;
  status: ConferenceStatus;
  cancellation?: { reason: string; at: Date; by: string };
  organizerId: string;
  organizerName: string;
  coOrganizerIds: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const Conference = model("Conference", conferenceSchema);
