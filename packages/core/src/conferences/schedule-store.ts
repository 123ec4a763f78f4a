/**
 * Generated meeting schedules, versioned per conference. `_id` is `conferenceId-vN`, so two generations
 * racing for version N cannot both store it: the unique key decides and the loser takes N + 1.
 *
 * Publications are a log of their own (`conferenceId-pN`, the same claim by insert): a version's state is
 * read from the log, never updated in place, so racing publications are ordered, none lost, and only the
 * version of the last publication is `preliminary` or `final`; versions published before are `superseded`.
 */
import { Schema, model } from "mongoose";
import { isDuplicateKey } from "../platform/ids";

export const SCHEDULE_STATES = ["generated", "preliminary", "final", "superseded"] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export interface StoredMeeting {
  requestId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  table: string;
  start: Date;
  end: Date;
  /** The iCalendar SEQUENCE: how many times its time or table changed over the versions (0 at first). */
  sequence: number;
  /** Fixed by the organiser (meeting-lock.model.ts). */
  locked?: boolean;
}

export interface BelowMinimum {
  orgId: string;
  minimum: number;
  scheduled: number;
}

export interface StoredUnscheduled {
  requestId: string;
  reason: string;
  explanation: string;
}

const scheduleSchema = new Schema(
  {
    _id: { type: String, required: true },
    conferenceId: { type: String, required: true },
    version: { type: Number, required: true },
    seed: { type: Number, required: true },
    meetings: { type: [Schema.Types.Mixed], default: [] },
    unscheduled: { type: [Schema.Types.Mixed], default: [] },
    upperBound: { type: Number, required: true },
    boundBy: { type: String, required: true },
    moved: { type: Number, required: true },
    basedOn: Number,
    belowMinimum: { type: [Schema.Types.Mixed], default: undefined },
    ignoredLocks: { type: [Schema.Types.Mixed], default: undefined },
    state: { type: String, enum: SCHEDULE_STATES, required: true, default: "generated" },
    publishedAt: Date,
  },
  { timestamps: true },
);
// A conference's schedules: the next version, the last published one (top-level equality).
scheduleSchema.index({ conferenceId: 1 });

export interface ScheduleRecord {
  _id: string;
  conferenceId: string;
  version: number;
  seed: number;
  meetings: StoredMeeting[];
  unscheduled: StoredUnscheduled[];
  upperBound: number;
  boundBy: string;
  moved: number;
  /** The published version the scheduler kept meetings of. */
  basedOn?: number;
  /** Participants left below their `minMeetings`. */
  belowMinimum?: BelowMinimum[];
  /** Locks not applied: no longer valid (the request, grid, tables or a registration changed). */
  ignoredLocks?: StoredUnscheduled[];
  /** Read from the publication log (derived, not stored on the version). */
  state: ScheduleState;
  publishedAt?: Date;
  /** The number of its last publication in the log. */
  publication?: number;
  createdAt: Date;
}
export const ConferenceSchedule = model("ConferenceSchedule", scheduleSchema);

const publicationSchema = new Schema({
  _id: { type: String, required: true },
  conferenceId: { type: String, required: true },
  n: { type: Number, required: true },
  version: { type: Number, required: true },
  final: { type: Boolean, required: true },
  by: String,
  at: { type: Date, required: true },
});
// A conference's publications: the states of its versions (top-level equality).
publicationSchema.index({ conferenceId: 1 });
interface PublicationRecord {
  _id: string;
  conferenceId: string;
  n: number;
  version: number;
  final: boolean;
  at: Date;
}
export const SchedulePublication = model("ConferenceSchedulePublication", publicationSchema);

const publicationsOf = async (conferenceId: string) =>
  (await SchedulePublication.find({ conferenceId }).lean<PublicationRecord[]>()).sort((a, b) => a.n - b.n);

/** The versions in order, each with its state from the publication log (none: as stored, from before the log). */
export async function conferenceSchedules(conferenceId: string): Promise<ScheduleRecord[]> {
  const [versions, publications] = await Promise.all([
    ConferenceSchedule.find({ conferenceId }).lean<ScheduleRecord[]>(),
    publicationsOf(conferenceId),
  ]);
  versions.sort((a, b) => a.version - b.version);
  const current = publications.at(-1);
  if (!current) return versions;
  return versions.map((s) => {
    const own = publications.filter((p) => p.version === s.version).at(-1);
    const { state: _stored, publishedAt: _at, ...rest } = s;
    // Published before the log existed: superseded by the log's publications, when it was published at all.
    if (!own) return s.state === "generated" ? { ...rest, state: "generated" } : { ...s, state: "superseded" };
    const state = s.version !== current.version ? "superseded" : current.final ? "final" : "preliminary";
    return { ...rest, state, publishedAt: own.at, publication: own.n };
  });
}

/** The version of the last publication (preliminary or final), if any. */
export const lastPublished = (schedules: ScheduleRecord[]) =>
  schedules
    .filter((s) => s.state === "preliminary" || s.state === "final")
    .sort(
      (a, b) => (b.publication ?? 0) - (a.publication ?? 0) || b.publishedAt!.getTime() - a.publishedAt!.getTime(),
    )[0];

/**
 * Appends a publication of `version` to the log as the next number: the insert of `conferenceId-pN` is the
 * claim, so of two racing publications one is N and the other N + 1. Answers N and whether it is still the
 * last publication once written (a later one may have followed at once).
 */
export async function recordPublication(conferenceId: string, version: number, final: boolean, by?: string) {
  for (let attempt = 0; ; attempt++) {
    const n = ((await publicationsOf(conferenceId)).at(-1)?.n ?? 0) + 1;
    try {
      await SchedulePublication.create({
        _id: `${conferenceId}-p${n}`,
        conferenceId,
        n,
        version,
        final,
        by,
        at: new Date(),
      });
      return { n, isLast: async () => ((await publicationsOf(conferenceId)).at(-1)?.n ?? 0) === n };
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= 50) throw error;
    }
  }
}

/** Stores the schedule as the next free version: a duplicate key means another took it, so try the next. */
export async function storeNextVersion(
  conferenceId: string,
  build: (
    version: number,
    earlier: ScheduleRecord[],
  ) => Omit<ScheduleRecord, "_id" | "version" | "createdAt" | "state">,
): Promise<ScheduleRecord> {
  for (let attempt = 0; ; attempt++) {
    const earlier = await conferenceSchedules(conferenceId);
    const version = (earlier.at(-1)?.version ?? 0) + 1;
    try {
      const created = await ConferenceSchedule.create({
        ...build(version, earlier),
        _id: `${conferenceId}-v${version}`,
        version,
      });
      return created.toObject() as ScheduleRecord;
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= 100) throw error;
    }
  }
}
