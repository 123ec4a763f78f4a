import type { Queue } from "bullmq";
import {
  CHANNELS,
  cutBatches,
  type ChannelPlan,
  type DeliverChannel,
  type DeliverJob,
  type FreshDelivery,
} from "@markedsdialog/core";

/** The deliver queue of each channel, with the plan (batch size) its jobs are cut by. */
export interface DeliverQueues {
  queues: Record<DeliverChannel, Queue<DeliverJob>>;
  plans: Record<DeliverChannel, ChannelPlan>;
}

/** A pending delivery record to hand on, as its writer wrote it. */
export interface PendingDelivery extends FreshDelivery {
  _id: string;
  channel: DeliverChannel;
}

/**
 * Deliver jobs for these records of one need version (or one conference message): on each channel's queue, a batch of that channel's plan
 * per job (jobId from the batch's first and last key, so reruns collapse). `fresh`: the keys the caller has
 * just inserted, sent from the job's data on its first start.
 */
export async function enqueueDeliveries(
  deliver: DeliverQueues,
  need: { needId: string; needVersion: number } | { conferenceId: string },
  records: PendingDelivery[],
  fresh: Set<string> = new Set(),
): Promise<void> {
  for (const channel of CHANNELS) {
    const ofChannel = records.filter((d) => d.channel === channel);
    const jobs = cutBatches(ofChannel, deliver.plans[channel].batch).map(({ jobId, records: slice }) => {
      const data: DeliverJob = {
        ...need,
        channel,
        keys: slice.map((d) => d._id),
        fresh: Object.fromEntries(
          slice
            .filter((d) => fresh.has(d._id))
            .map((d) => [
              d._id,
              {
                supplierId: d.supplierId,
                ...(d.target && { target: d.target }),
                ...(d.supplierName && { supplierName: d.supplierName }),
                ...(d.subscriptionId && { subscriptionId: d.subscriptionId }),
              },
            ]),
        ),
      };
      return { name: "deliver", data, opts: { jobId } };
    });
    if (jobs.length) await deliver.queues[channel].addBulk(jobs);
  }
}
