import { Schema, model } from "mongoose";

/** What a conference tells people: each message has one topic, and its deliveries carry it too. */
export const CONFERENCE_TOPICS = [
  "invitation",
  "confirmation",
  "waitlisted",
  "promoted",
  "cut",
  "changed",
  "cancelled",
  "reminder_deadline",
  "reminder_day_before",
  "agenda",
  "material",
  "minutes_summary",
] as const;
export type ConferenceTopic = (typeof CONFERENCE_TOPICS)[number];

/** One person or organisation a message goes to, and how (resolved once, at the message's first fan-out). */
export interface MessageRecipient {
  /** A participant's id (`p…`) or an organisation's id: the recipient part of the idempotency key. */
  id: string;
  orgId: string;
  /** For the greeting. */
  name: string;
  email?: string;
  /** The organisation is a supplier: an item in its in-app inbox. */
  inapp?: boolean;
  webhook?: { url: string; subscriptionId?: string };
}

/**
 * Who a message is for. `people`: named when the message is recorded (a registration's participants, the
 * people cut); the others are looked up at the first fan-out: `participants` of registrations in these
 * states (and the supplier organisations' inboxes), `invited` the suppliers matched to the linked needs,
 * `invited_unregistered` those of them not registered.
 */
export type MessageAudience =
  | { type: "people"; people: MessageRecipient[] }
  | { type: "participants"; statuses: ("registered" | "waitlisted")[]; suppliersOnly?: boolean }
  | { type: "invited" }
  | { type: "invited_unregistered" };

/** The words every recipient of a message gets; only the greeting differs (content hash over this). */
export interface ConferenceMessageContent {
  topic: ConferenceTopic;
  conferenceId: string;
  conferenceTitle: string;
  organizerName: string;
  subject: string;
  /** The body after the greeting, one line each (Norwegian). */
  lines: string[];
  link: string;
  changes?: { field: string; from: unknown; to: unknown }[];
}

/**
 * One message of a conference, the outbox of its deliveries. `_id` is `conferenceId-c-<slug>` (slug from the
 * topic and what it is about: `confirmation.<orgId>.r1`, `changed.v4`, `agenda.v2.<orgId>`), so recording it twice
 * leaves one (unique `_id`, atomic on FerretDB too). The content is fixed here and hashed; the worker's
 * conference-notify job resolves the audience once (`recipients`), writes one ledger record per
 * (recipient, channel) keyed `messageId-recipientId-channel` and hands them to the deliver queues.
 * Invitations are keyed `conferenceId-c-invitation-supplierId-channel` whatever the message, so a
 * supplier is invited once per conference.
 */
const messageSchema = new Schema(
  {
    _id: { type: String, required: true },
    conferenceId: { type: String, required: true },
    topic: { type: String, enum: CONFERENCE_TOPICS, required: true },
    registrationId: String,
    audience: { type: Schema.Types.Mixed, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    contentHash: { type: String, required: true },
    state: { type: String, enum: ["pending", "done"], required: true, default: "pending" },
    recipients: { type: [Schema.Types.Mixed], default: undefined },
    doneAt: Date,
  },
  { timestamps: true },
);
// The organiser's list and the notices of a conference (top-level scalar equality).
messageSchema.index({ conferenceId: 1 });
// The sweeper: messages not yet fanned out.
messageSchema.index({ state: 1 });
export interface ConferenceMessageRecord {
  _id: string;
  conferenceId: string;
  topic: ConferenceTopic;
  registrationId?: string;
  audience: MessageAudience;
  content: ConferenceMessageContent;
  contentHash: string;
  state: "pending" | "done";
  recipients?: MessageRecipient[];
  doneAt?: Date;
  createdAt: Date;
}
export const ConferenceMessage = model("ConferenceMessage", messageSchema);

/** Material shared with every registered supplier at once (equal treatment): slides, Q&A. */
const materialSchema = new Schema(
  {
    conferenceId: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    links: { type: [String], default: [] },
    byOrgId: { type: String, required: true },
    byName: { type: String, required: true },
    /** The minutes whose summary this is, when published from a one-to-one. */
    minutesOf: String,
  },
  { timestamps: true },
);
// GET /conferences/{id}/material.
materialSchema.index({ conferenceId: 1 });
export interface MaterialRecord {
  _id: import("mongoose").Types.ObjectId;
  conferenceId: string;
  title: string;
  body: string;
  links: string[];
  byOrgId: string;
  byName: string;
  minutesOf?: string;
  createdAt: Date;
}
export const ConferenceMaterial = model("ConferenceMaterial", materialSchema);
