import { UnrecoverableError, type Job, type Queue } from "bullmq";
import {
  CHANNELS,
  deliverJobId,
  fanOutNeedEvent,
  markEventDone,
  matchNeedJobId,
  type ChannelPlan,
  type DeliverChannel,
  type DeliverJob,
  type FanOutDeps,
  type LedgerChunk,
  type MatchNeedJob,
} from "@markedsdialog/core";

/**
 * match-need: one outbox event → delivery records, chunk by chunk → deliver jobs on each channel's queue,
 * a batch of that channel's plan per job (jobId from the batch's first and last key, so reruns collapse).
 */
export function matchNeedProcessor(
  deps: FanOutDeps,
  deliver: Record<DeliverChannel, Queue<DeliverJob>>,
  plans: Record<DeliverChannel, ChannelPlan>,
) {
  return async (job: Job<MatchNeedJob>) => {
    const { needId, version } = job.data;
    if (typeof needId !== "string" || !Number.isInteger(version))
      throw new UnrecoverableError(`malformed match-need job ${job.id}`);
    const eventId = matchNeedJobId(job.data);
    const enqueue = async ({ pending, fresh }: LedgerChunk) => {
      for (const channel of CHANNELS) {
        const records = pending.filter((d) => d.channel === channel);
        const { batch } = plans[channel];
        const jobs = [];
        for (let i = 0; i < records.length; i += batch) {
          const slice = records.slice(i, i + batch);
          const data: DeliverJob = {
            needId,
            needVersion: version,
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
                  },
                ]),
            ),
          };
          jobs.push({ name: "deliver", data, opts: { jobId: deliverJobId(data) } });
        }
        if (jobs.length) await deliver[channel].addBulk(jobs);
      }
    };
    const result = await fanOutNeedEvent(eventId, deps, enqueue);
    if (result.outcome === "skipped") return result;
    await markEventDone(eventId, result.recipients);
    return result;
  };
}
