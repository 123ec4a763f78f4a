import { z } from "zod";
import {
  deliveryAnswer,
  deliveryListAnswer,
  getDelivery,
  listDeliveries,
  listDeliveriesQuerySchema,
  replayDelivery,
  replayDeliverySchema,
  type ReplayDeps,
} from "@markedsdialog/core";
import type { AppContext } from "../context";
import { route } from "../http/route";

const idParams = z.strictObject({ id: z.string().min(1).max(200) });
const tag = "Notifications";

/** Replays go to the channel's deliver queue as jobs of one key, jobId `<key>-replay-N`. */
const replayDeps = (ctx: AppContext): ReplayDeps => ({
  enqueue: async (job, jobId) => {
    await ctx.queues.deliver[job.channel].add("deliver", job, { jobId });
  },
  jobState: (jobId, channel) => ctx.queues.deliver[channel].getJobState(jobId),
  abandonedMs: ctx.config.DELIVERY_ABANDONED_MS,
});

export const deliveryRoutes = [
  route({
    method: "get",
    path: "/deliveries",
    operationId: "listDeliveries",
    summary: "The calling supplier's deliveries, newest first (the admin: everyone's, or one supplier's)",
    description:
      "Each delivery of a need version over one channel: its state, attempts, the last error, when the next attempt is due while retrying, why it failed, when it was sent, and its replays.",
    tag,
    access: "authenticated",
    query: listDeliveriesQuerySchema,
    errors: [403],
    response: deliveryListAnswer,
    handle: async ({ actor, query }) => listDeliveries(actor, query),
  }),
  route({
    method: "get",
    path: "/deliveries/:id",
    operationId: "getDelivery",
    summary: "One delivery (its supplier or the admin; another supplier's is 404)",
    tag,
    access: "authenticated",
    params: idParams,
    errors: [403, 404],
    response: deliveryAnswer,
    handle: async ({ actor, params }) => getDelivery(actor, params.id),
  }),
  route({
    method: "post",
    path: "/deliveries/:id/replay",
    operationId: "replayDelivery",
    summary: "Deliver a failed delivery again, once (its supplier or the admin)",
    description:
      "The delivery goes back to pending and is sent again with the usual retries. A sent delivery is refused with 409, unless the admin gives `resend: true`; a pending one (still being retried) is 409, and so is a replay racing another.",
    tag,
    access: "authenticated",
    params: idParams,
    body: replayDeliverySchema.optional().default({}),
    status: 202,
    errors: [403, 404, 409, 503],
    response: deliveryAnswer,
    handle: async ({ actor, params, body, ctx }) => {
      const replayed = await replayDelivery(actor, params.id, body, replayDeps(ctx));
      ctx.logger.info(
        { deliveryId: replayed.id, replay: replayed.replays.length, by: replayed.replays.at(-1)?.by },
        "delivery replayed",
      );
      return replayed;
    },
  }),
];
