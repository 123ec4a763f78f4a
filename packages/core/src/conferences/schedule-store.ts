/**
 * Generated meeting schedules, versioned per conference. `_id` is `conferenceId-vN`, so two generations
 * racing for version N cannot both store it: the unique key decides and the loser takes N + 1.
 */
import { Schema, model } from "mongoose";
import { isDuplicateKey } from "../platform/ids";

export const SCHEDULE_STATES = ["generated", "preliminary", "final"] as const;
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
  state: ScheduleState;
  publishedAt?: Date;
  createdAt: Date;
}
export const ConferenceSchedule = model("ConferenceSchedule", scheduleSchema);

export const conferenceSchedules = async (conferenceId: string) =>
  (await ConferenceSchedule.find({ conferenceId }).lean<ScheduleRecord[]>()).sort((a, b) => a.version - b.version);

/** The last schedule published (preliminary or final), if any. */
export const lastPublished = (schedules: ScheduleRecord[]) =>
  schedules
    .filter((s) => s.state !== "generated" && s.publishedAt)
    .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || b.version - a.version)[0];

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
      if (!isDuplicateKey(error) || attempt >= 20) throw error;
    }
  }
}
