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
  /** Sends one subscription's digest when it is due (delayed job), or at once when asked for. */
  digest: "digest",
  /** Reminds those told of a need of one coming milestone (delayed job): delivery records, then deliver jobs. */
  remind: "remind",
  /** Fans one conference message out (conferences/message-fan-out.ts): delivery records, then deliver jobs. */
  conferenceNotify: "conference-notify",
  /** A conference's reminder (delayed job): before the registration deadline, before the conference starts. */
  conferenceRemind: "conference-remind",
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
  /** Needs: the record as its writer wrote this version (JSON), so the worker need not read it first. */
  need?: unknown;
}

/** One outbox event: a need version to tell suppliers about. */
export interface MatchNeedJob {
  needId: string;
  version: number;
  /** The need as its writer wrote this version (JSON), when the API enqueued the job after the write. */
  need?: unknown;
  /** With it, what the version's outbox event records (notifications/outbox.ts: Notice). */
  notice?: unknown;
}

/** What a delivery record said when the fan-out that enqueues the job inserted it (so: pending, never sent). */
export interface FreshDelivery {
  supplierId: string;
  target?: string;
  supplierName?: string;
  /** Webhooks: the subscription whose secret signs the body. */
  subscriptionId?: string;
}

/**
 * Delivery records of one need version (or of one conference message: `conferenceId`, no need) and one
 * channel (the queue's), by idempotency key, in fan-out order.
 */
export interface DeliverJob {
  needId?: string;
  needVersion?: number;
  conferenceId?: string;
  channel: DeliverChannel;
  keys: string[];
  /**
   * The keys this job's fan-out inserted, with what it wrote: the job's first start sends these without
   * reading the record back; a retried or restarted job reads every record (it may have sent some).
   */
  fresh?: Record<string, FreshDelivery>;
}

/** One digest: the subscription and the instant it is due (epoch ms). */
export interface DigestJob {
  subscriptionId: string;
  dueAt: number;
  /**
   * Not scheduled but asked for (POST /subscriptions/{id}/digest, or a flush after the subscription stopped
   * being a digest): a random token, so every request is a digest of its own.
   */
  now?: string;
}

/** One milestone reminder: the need, the milestone's kind and its instant (epoch ms) when scheduled. */
export interface RemindJob {
  needId: string;
  milestone: string;
  date: number;
}

/** One conference message to fan out (conferences/message.model.ts). */
export interface ConferenceNotifyJob {
  messageId: string;
}

export const CONFERENCE_REMINDER_KINDS = ["reminder_deadline", "reminder_day_before"] as const;
/** One conference reminder: which, and the date it is for (deadline or start, epoch ms) when scheduled. */
export interface ConferenceRemindJob {
  conferenceId: string;
  kind: (typeof CONFERENCE_REMINDER_KINDS)[number];
  date: number;
}
/** Conference, kind and date: a moved date is another job (the old one is removed, and skips if it fires). */
export const conferenceRemindJobId = (job: ConferenceRemindJob): string =>
  `${job.conferenceId}-${job.kind}-${job.date}`;

export const matchNeedJobId = (job: MatchNeedJob): string => `${job.needId}-v${job.version}`;
/**
 * From the batch's first and last key: a rerun of the fan-out cuts the same recipients into the same
 * batches, so its jobs collapse into those already queued (the keys carry need id, version and channel).
 */
export const deliverJobId = (job: Pick<DeliverJob, "keys">): string =>
  job.keys.length === 1 ? job.keys[0]! : `${job.keys[0]!}..${job.keys[job.keys.length - 1]!.split("-").at(-2)!}`;
/** Subscription and due instant: the sweeper scheduling a digest twice makes one job. */
export const digestJobId = (job: DigestJob): string =>
  job.now ? `${job.subscriptionId}-now-${job.dueAt}-${job.now}` : `${job.subscriptionId}-${job.dueAt}`;
/** Need, milestone and date: a moved date is another job (the old one is removed). */
export const remindJobId = (job: RemindJob): string => `${job.needId}-r-${job.milestone}-${job.date}`;

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
