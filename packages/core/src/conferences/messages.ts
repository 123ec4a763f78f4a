/**
 * Conference messages: recorded by the request (or reminder) that causes them, with their words fixed and
 * hashed, then handed to the worker's conference-notify queue, which fans them out into the notification
 * ledger and the deliver queues (retries, failed state, replays, inbox). A message whose hand-over failed
 * (Redis away, the process died) stays `pending` and the worker's sweeper hands it over.
 */
import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import { isDuplicateKey } from "../platform/ids";
import type { ConferenceRemindJob } from "../queues";
import type { ReminderLead } from "../notifications/reminder-time";
import type { ConferenceRecord } from "./conference.model";
import {
  ConferenceMessage,
  type ConferenceMessageContent,
  type ConferenceMessageRecord,
  type ConferenceTopic,
  type MessageAudience,
} from "./message.model";

/** What conference services need to tell people: the hand-over to the worker and the reminder queue. */
export interface ConferenceComms {
  /** Queues the message's conference-notify job; may throw (the caller lets the sweeper retry). */
  notify(messageId: string): Promise<void>;
  reminders?: { queue: Queue<ConferenceRemindJob>; deadlineLead: ReminderLead; dayBeforeLead: ReminderLead };
  onError?(err: unknown): void;
}

export const messageId = (conferenceId: string, slug: string): string => `${conferenceId}-c-${slug}`;

export const conferencePath = (conferenceId: string) => `/api/v1/conferences/${conferenceId}`;

/** SHA-256 over the shared words (the equal-treatment proof: the same for every recipient). */
export const messageHash = (content: ConferenceMessageContent): string =>
  createHash("sha256").update(JSON.stringify(content)).digest("hex");

export interface NewMessage {
  slug: string;
  topic: ConferenceTopic;
  audience: MessageAudience;
  subject: string;
  lines: string[];
  registrationId?: string;
  changes?: ConferenceMessageContent["changes"];
  link?: string;
}

/** Records a message once (a second record of the same slug is the first); its content is fixed now. */
export async function recordMessage(c: ConferenceRecord, m: NewMessage): Promise<string> {
  const conferenceId = c._id.toString();
  const content: ConferenceMessageContent = {
    topic: m.topic,
    conferenceId,
    conferenceTitle: c.title,
    organizerName: c.organizerName,
    subject: m.subject,
    lines: m.lines,
    link: m.link ?? conferencePath(conferenceId),
    ...(m.changes && { changes: m.changes }),
  };
  const id = messageId(conferenceId, m.slug);
  try {
    await ConferenceMessage.create({
      _id: id,
      conferenceId,
      topic: m.topic,
      ...(m.registrationId && { registrationId: m.registrationId }),
      audience: m.audience,
      content,
      contentHash: messageHash(content),
      state: "pending",
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return id;
}

/** Hands every pending message of the conference to the worker; what fails is left to the sweeper. */
export async function dispatchMessages(conferenceId: string, comms: ConferenceComms | undefined): Promise<void> {
  if (!comms) return;
  const pending = (await ConferenceMessage.find({ conferenceId }, { state: 1 }).lean<ConferenceMessageRecord[]>())
    .filter((m) => m.state === "pending")
    .map((m) => m._id);
  for (const id of pending) await comms.notify(id).catch((err: unknown) => comms.onError?.(err));
}

/** Messages not yet fanned out, for the sweeper. */
export const pendingMessages = () =>
  ConferenceMessage.find({ state: "pending" }, { _id: 1, createdAt: 1 }).lean<ConferenceMessageRecord[]>();
