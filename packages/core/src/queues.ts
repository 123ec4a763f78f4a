import { Queue, type ConnectionOptions, type DefaultJobOptions } from "bullmq";

/** Every queue and the job it carries. One handler per queue, checked when the worker starts. */
export const QUEUES = {
  searchSync: "search-sync",
  /** Fans one need version out to its recipients: delivery records, then deliver jobs. */
  matchNeed: "match-need",
  /**
   * Send delivery records, a batch of one channel per job. One queue per channel, each with its own workers
   * and rate limit, so a slow webhook never holds up inbox items or mail.
   */
  deliverInapp: "deliver-inapp",
  deliverEmail: "deliver-email",
  deliverWebhook: "deliver-webhook",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type DeliverChannel = "inapp" | "email" | "webhook";
/** The deliver queue of each channel. */
export const DELIVER_QUEUES = {
  inapp: QUEUES.deliverInapp,
  email: QUEUES.deliverEmail,
  webhook: QUEUES.deliverWebhook,
} as const satisfies Record<DeliverChannel, QueueName>;

/** Brings one record's search document in line with the database. */
export interface SearchSyncJob {
  index: "suppliers" | "needs";
  id: string;
  /** The record's version when the job was made; an older job never overwrites newer data. */
  version: number;
}

/** One outbox event: a need version to tell suppliers about. */
export interface MatchNeedJob {
  needId: string;
  version: number;
}

/** What a delivery record said when the fan-out that enqueues the job inserted it (so: pending, never sent). */
export interface FreshDelivery {
  supplierId: string;
  target?: string;
  supplierName?: string;
}

/** Delivery records of one need version and one channel (the queue's), by idempotency key, in fan-out order. */
export interface DeliverJob {
  needId: string;
  needVersion: number;
  channel: DeliverChannel;
  keys: string[];
  /**
   * The keys this job's fan-out inserted, with what it wrote: the job's first start sends these without
   * reading the record back; a retried or restarted job reads every record (it may have sent some).
   */
  fresh?: Record<string, FreshDelivery>;
}

export const matchNeedJobId = (job: MatchNeedJob): string => `${job.needId}-v${job.version}`;
/**
 * From the batch's first and last key: a rerun of the fan-out cuts the same recipients into the same
 * batches, so its jobs collapse into those already queued (the keys carry need id, version and channel).
 */
export const deliverJobId = (job: Pick<DeliverJob, "keys">): string =>
  job.keys.length === 1 ? job.keys[0]! : `${job.keys[0]!}..${job.keys[job.keys.length - 1]!.split("-").at(-2)!}`;

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Job ids are built from entity ids so duplicates collapse. */
export const searchSyncJobId = (job: SearchSyncJob): string => `${job.index}-${job.id}-v${job.version}`;

export function createQueue<T>(name: QueueName, connection: ConnectionOptions, prefix: string): Queue<T> {
  return new Queue<T>(name, { connection, prefix, defaultJobOptions });
}
