import { UnrecoverableError, type Job } from "bullmq";
import {
  CONFERENCE_REMINDER_KINDS,
  fireConferenceReminder,
  type ConferenceRemindJob,
  type MessageFanOutDeps,
} from "@markedsdialog/core";
import type { DeliverQueues } from "../deliver-jobs";
import { fanOutAndEnqueue } from "./conference-notify";

/** conference-remind: the guard (the date still the conference's), the message recorded, then fanned out. */
export function conferenceRemindProcessor(deps: MessageFanOutDeps, deliver: DeliverQueues) {
  return async (job: Job<ConferenceRemindJob>) => {
    const { conferenceId, kind, date } = job.data;
    if (typeof conferenceId !== "string" || !CONFERENCE_REMINDER_KINDS.includes(kind) || !Number.isInteger(date))
      throw new UnrecoverableError(`malformed conference-remind job ${job.id}`);
    const fired = await fireConferenceReminder(job.data);
    if (fired.outcome === "skipped") return fired;
    return fanOutAndEnqueue(fired.messageId, deps, deliver);
  };
}
