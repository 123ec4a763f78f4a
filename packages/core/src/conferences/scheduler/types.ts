/**
 * The one-to-one meeting scheduler's input and answer. Plain data: no database, no HTTP. Times are ISO 8601
 * instants (`2027-03-01T08:30:00Z`, or with an offset); the answer gives them in UTC.
 */

/** How one side ranks a meeting. A `no_thanks` from either side is a veto. */
export type MeetingRank = "must" | "would_like" | "no_thanks";

export interface AvailabilityWindow {
  start: string;
  end: string;
}

/** The conference's meeting window, cut into equal slots of `slotMinutes`, `breakMinutes` apart. */
export interface MeetingWindow extends AvailabilityWindow {
  slotMinutes: number;
  /** Minutes between one slot's end and the next one's start (default 0). */
  breakMinutes?: number;
}

export interface ScheduleParticipant {
  orgId: string;
  /** Representatives registered: how many meetings it can hold at the same time (default 1). */
  representatives?: number;
  /** When it can meet (default: the whole window). A slot counts if it lies wholly inside one window. */
  availability?: AvailabilityWindow[];
  /** Meetings it wants at least (default 0): preferred after fairness, reported when not reached. */
  minMeetings?: number;
  /** Meetings it accepts at most (default: no limit). */
  maxMeetings?: number;
}

export interface MeetingRequest {
  requestId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  /** Default `would_like`. */
  buyerRank?: MeetingRank;
  /** Default `would_like`. */
  supplierRank?: MeetingRank;
}

/** A meeting at a place: a locked one, or one of the previously published schedule. */
export interface PlacedMeeting {
  requestId: string;
  /** The start of a slot of the window. */
  start: string;
  table: string;
}

export interface ScheduleInput {
  window: MeetingWindow;
  /** Pauses (lunch): no slot overlaps them. */
  breaks?: AvailabilityWindow[];
  /** Names of the tables or rooms; each holds one meeting per slot. */
  tables: string[];
  participants: ScheduleParticipant[];
  requests: MeetingRequest[];
  /** Meetings fixed by the organiser: kept where they are, whatever else changes. */
  locked?: PlacedMeeting[];
  /** The published schedule this one replaces: as many of its meetings as possible stay where they were. */
  previous?: PlacedMeeting[];
  /** Breaks ties; the same input and seed give the same schedule. A whole number 0 … 2³² − 1. */
  seed: number;
}

export interface ScheduledMeeting {
  requestId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  table: string;
  start: string;
  end: string;
  locked: boolean;
}

export const UNSCHEDULED_REASONS = [
  "veto",
  "no_common_availability",
  "buyer_maximum_reached",
  "supplier_maximum_reached",
  "no_common_free_slot",
  "tables_full",
] as const;
export type UnscheduledReason = (typeof UNSCHEDULED_REASONS)[number];

export interface UnscheduledRequest {
  requestId: string;
  reason: UnscheduledReason;
  /** The reason in Norwegian, for the participants. */
  explanation: string;
}

export interface ScheduleResult {
  seed: number;
  meetings: ScheduledMeeting[];
  unscheduled: UnscheduledRequest[];
  scheduled: number;
  /** No schedule of this input can hold more meetings: the tightest of several relaxations (see bounds.ts). */
  upperBound: number;
  /** The relaxation that gave the upper bound. */
  boundBy: string;
  /** upperBound − scheduled. */
  gap: number;
  /** Suppliers with at least 1, 2, 3, … meetings: the profile max-min fairness maximises, left first. */
  fairness: number[];
  /**
   * No schedule has more suppliers with at least 1 meeting, nor more with at least 1 and at least 2
   * together, and so on (prefix sums): the selection without time (a relaxation), each prefix sum capped
   * at `upperBound`. When `fairness` equals it, no schedule is fairer.
   */
  fairnessBound: number[];
  /** Sum over meetings of both sides' ranks (must 2, would_like 1). */
  weight: number;
  /** Free slots between participants' first and last meeting, while they are available, summed. */
  idleSlots: number;
  /** Meetings of the previous schedule now at another slot or table. */
  moved: number;
  /** Meetings of the previous schedule no longer scheduled. */
  dropped: number;
  belowMinimum: { orgId: string; minimum: number; scheduled: number }[];
}
