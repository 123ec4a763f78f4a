import { Queue, type ConnectionOptions, type DefaultJobOptions } from "bullmq";

/** Every queue and the job it carries. One handler per queue, checked when the worker starts. */
export const QUEUES = {
  searchSync: "search-sync",
  /** Fans one need version out to its recipients: delivery records, then deliver jobs. */
  matchNeed: "match-need",
  /** Sends one delivery (inbox item, e-mail or webhook). */
  deliver: "deliver",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

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

/** One delivery record, by its idempotency key. */
export interface DeliverJob {
  key: string;
}

export const matchNeedJobId = (job: MatchNeedJob): string => `${job.needId}-v${job.version}`;
/** The delivery's idempotency key is its job id: one job per delivery. */
export const deliverJobId = (job: DeliverJob): string => job.key;

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A replay's job: the record's key with the replay's number, so each replay is one job. */
export const replayJobId = (key: string, replay: number): string => `${key}-replay-${replay}`;

/** Deliveries retry as configured (DELIVERY_ATTEMPTS, DELIVERY_BACKOFF_MS); failed jobs are kept a week. */
export const deliverJobOptions = (config: {
  DELIVERY_ATTEMPTS: number;
  DELIVERY_BACKOFF_MS: number;
}): DefaultJobOptions => ({
  ...defaultJobOptions,
  attempts: config.DELIVERY_ATTEMPTS,
  backoff: { type: "exponential", delay: config.DELIVERY_BACKOFF_MS },
});

/** Job ids are built from entity ids so duplicates collapse. */
export const searchSyncJobId = (job: SearchSyncJob): string => `${job.index}-${job.id}-v${job.version}`;

export function createQueue<T>(
  name: QueueName,
  connection: ConnectionOptions,
  prefix: string,
  jobOptions: DefaultJobOptions = defaultJobOptions,
): Queue<T> {
  return new Queue<T>(name, { connection, prefix, defaultJobOptions: jobOptions });
}
