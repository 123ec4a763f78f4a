import { UnrecoverableError, type Job } from "bullmq";
import { fanOutConferenceMessage, type ConferenceNotifyJob, type MessageFanOutDeps } from "@markedsdialog/core";
import { enqueueDeliveries, type DeliverQueues } from "../deliver-jobs";

/** Fans one message out and hands its records to the deliver queues (also the conference reminders' second step). */
export async function fanOutAndEnqueue(messageId: string, deps: MessageFanOutDeps, deliver: DeliverQueues) {
  const result = await fanOutConferenceMessage(messageId, deps);
  if (result.outcome === "skipped") return result;
  const conferenceId = result.records[0]?.conferenceId;
  if (conferenceId) await enqueueDeliveries(deliver, { conferenceId }, result.records);
  return { outcome: result.outcome, deliveries: result.records.length, recipients: result.recipients };
}

/** conference-notify: one conference message → ledger records → deliver jobs on each channel's queue. */
export function conferenceNotifyProcessor(deps: MessageFanOutDeps, deliver: DeliverQueues) {
  return async (job: Job<ConferenceNotifyJob>) => {
    if (typeof job.data.messageId !== "string")
      throw new UnrecoverableError(`malformed conference-notify job ${job.id}`);
    return fanOutAndEnqueue(job.data.messageId, deps, deliver);
  };
}
