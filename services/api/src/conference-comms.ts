/** How conference services hand messages and reminders to the worker, built once per context. */
import type { ConferenceComms } from "@markedsdialog/core";
import type { AppContext } from "./context";

const built = new WeakMap<AppContext, ConferenceComms>();

export function conferenceComms(ctx: AppContext): ConferenceComms {
  let comms = built.get(ctx);
  if (!comms) {
    comms = {
      notify: async (messageId) => {
        await ctx.queues.conferenceNotify.add("notify", { messageId }, { jobId: messageId });
      },
      reminders: {
        queue: ctx.queues.conferenceRemind,
        deadlineLead: ctx.config.CONFERENCE_DEADLINE_LEAD,
        dayBeforeLead: ctx.config.CONFERENCE_DAY_BEFORE_LEAD,
      },
      onError: (err) => ctx.logger.warn({ err }, "conference message or reminder not queued; the worker's sweep will"),
    };
    built.set(ctx, comms);
  }
  return comms;
}
