import { Schema, model } from "mongoose";

/**
 * `pending`: stored, not yet decided by the conference's ledger (ledger.ts), shown as waitlisted with
 * `pending: true`; the request that stored it waits until it is decided.
 */
export const REGISTRATION_STATES = ["pending", "registered", "waitlisted", "cancelled"] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export const HISTORY_EVENTS = ["registered", "waitlisted", "promoted", "reduced", "cancelled"] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export interface ConferenceParticipant {
  id: string;
  name: string;
  email: string;
  role?: string;
}

export interface RemovedParticipant extends ConferenceParticipant {
  round: number;
  reason: string;
  at: Date;
}

export interface HistoryEntry {
  at: Date;
  event: HistoryEvent;
  /** In Norwegian, for the organisation and the organiser. */
  reason: string;
}

export interface RegistrationMeetingRequest {
  orgId: string;
  rank?: "must" | "would_like" | "no_thanks";
}

/**
 * One organisation's registration for a conference. `_id` is `conferenceId-orgId-rN`: the N-th time the
 * organisation registers (earlier ones are cancelled), so a second registration racing the first collides
 * on the key. After its insert, only the conference's ledger writes it (one writer at a time, ledger.ts).
 */
const registrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    conferenceId: { type: String, required: true },
    orgId: { type: String, required: true },
    orgName: { type: String, required: true },
    /** buyer, supplier or organiser (registrations made before it was kept have none). */
    orgKind: String,
    status: { type: String, enum: REGISTRATION_STATES, required: true, default: "pending" },
    /** The delegation in the organisation's order of priority: a reduction cuts from the end. */
    participants: { type: [Schema.Types.Mixed], default: [] },
    removedParticipants: { type: [Schema.Types.Mixed], default: [] },
    /** Which seat (conferenceId-seat-N) each participant holds while registered. */
    seats: { type: [Schema.Types.Mixed], default: [] },
    /** The place in the waiting list's recorded order, given once when first waitlisted. */
    waitlistNo: Number,
    submittedAt: { type: Date, required: true },
    availability: { type: [Schema.Types.Mixed], default: undefined },
    minMeetings: Number,
    maxMeetings: Number,
    meetingRequests: { type: [Schema.Types.Mixed], default: undefined },
    history: { type: [Schema.Types.Mixed], default: [] },
  },
  { timestamps: true },
);
// A conference's registrations: every list, the ledger's pass (top-level scalar equality).
registrationSchema.index({ conferenceId: 1 });

export interface RegistrationRecord {
  _id: string;
  conferenceId: string;
  orgId: string;
  orgName: string;
  orgKind?: "buyer" | "supplier" | "organiser";
  status: RegistrationState;
  participants: ConferenceParticipant[];
  removedParticipants: RemovedParticipant[];
  seats: { participantId: string; seat: number }[];
  waitlistNo?: number;
  submittedAt: Date;
  availability?: { start: Date; end: Date }[];
  minMeetings?: number;
  maxMeetings?: number;
  meetingRequests?: RegistrationMeetingRequest[];
  history: HistoryEntry[];
  createdAt: Date;
}
export const Registration = model("ConferenceRegistration", registrationSchema);

/** The seat ledger (seats.ts): one seat per number and one per participant, both unique keys. */
const seatSchema = new Schema({
  _id: { type: String, required: true },
  conferenceId: { type: String, required: true },
  seat: { type: Number, required: true },
  registrationId: { type: String, required: true },
  participantId: { type: String, required: true },
  at: { type: Date, required: true },
});
// The seats of a conference, read by every pass of its ledger.
seatSchema.index({ conferenceId: 1 });
// One seat per participant, whoever writes; also frees a participant's seat by equality (seats.ts).
seatSchema.index({ participantId: 1 }, { unique: true });
export interface SeatRecord {
  _id: string;
  conferenceId: string;
  seat: number;
  registrationId: string;
  participantId: string;
  at: Date;
}
export const Seat = model("ConferenceSeat", seatSchema);

/** A cancellation asked for: `_id` is the registration's; the ledger applies it and frees the seats. */
const cancellationSchema = new Schema({
  _id: { type: String, required: true },
  conferenceId: { type: String, required: true },
  reason: { type: String, required: true },
  at: { type: Date, required: true },
});
// The cancellations a pass of the ledger applies.
cancellationSchema.index({ conferenceId: 1 });
export interface CancellationRecord {
  _id: string;
  conferenceId: string;
  reason: string;
  at: Date;
}
export const Cancellation = model("ConferenceCancellation", cancellationSchema);

/** The ledger's writer: `_id` is the conference's id; whoever inserts it writes, the others wait. */
const ledgerLockSchema = new Schema({
  _id: { type: String, required: true },
  holder: { type: String, required: true },
  at: { type: Date, required: true },
});
export const LedgerLock = model("ConferenceLedgerLock", ledgerLockSchema);

/** How GET /conferences/{id}/notices shows a delivery's state (`unsent`: left out, e.g. unsubscribed). */
export const NOTICE_STATES = ["pending", "sent", "failed", "unsent"] as const;
