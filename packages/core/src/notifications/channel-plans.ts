/**
 * How each channel's deliveries are cut into jobs and paced. BullMQ's limiter counts jobs, not deliveries,
 * so a limited channel gets batches of about a tenth of its rate (at least one delivery) and a limit in
 * jobs per second that keeps whole batches within the rate: at most `max × batch` deliveries per second.
 */
import type { Config } from "../config";
import { deliverJobId, type DeliverChannel } from "../queues";

export interface ChannelPlan {
  /** Delivery records per deliver job. */
  batch: number;
  /** BullMQ limiter of the channel's queue (shared by every worker): `max` jobs per `duration` ms. */
  limiter?: { max: number; duration: number };
}

export function channelPlan(perSecond: number, batchSize: number): ChannelPlan {
  if (perSecond <= 0) return { batch: batchSize };
  const batch = Math.max(1, Math.min(batchSize, Math.floor(perSecond / 10)));
  return { batch, limiter: { max: Math.floor(perSecond / batch), duration: 1000 } };
}

export const channelPlans = (
  config: Pick<Config, "NOTIFY_BATCH_SIZE" | "NOTIFY_RATE_EMAIL_PER_S" | "NOTIFY_RATE_WEBHOOK_PER_S">,
): Record<DeliverChannel, ChannelPlan> => ({
  inapp: channelPlan(0, config.NOTIFY_BATCH_SIZE),
  email: channelPlan(config.NOTIFY_RATE_EMAIL_PER_S, config.NOTIFY_BATCH_SIZE),
  webhook: channelPlan(config.NOTIFY_RATE_WEBHOOK_PER_S, config.NOTIFY_BATCH_SIZE),
});

/**
 * One channel's records cut into deliver jobs of `batch` keys, in the order given, each with its jobId (from
 * its first and last key). The fan-out cuts before it writes, so each record names its job; the enqueue
 * cuts the same records the same way, so the jobs it adds are those the records name.
 */
export function cutBatches<T extends { _id: string }>(records: T[], batch: number): { jobId: string; records: T[] }[] {
  const batches = [];
  for (let i = 0; i < records.length; i += batch) {
    const slice = records.slice(i, i + batch);
    batches.push({ jobId: deliverJobId({ keys: slice.map((d) => d._id) }), records: slice });
  }
  return batches;
}
