import { Worker, type Job, type Processor, type Queue } from "bullmq";
import nodemailer from "nodemailer";
import {
  channelPlans,
  createQueue,
  createRedisConnection,
  DELIVER_QUEUES,
  deliverJobOptions,
  destinationPolicy,
  MatchIndex,
  matchIndexPrefix,
  QUEUES,
  scheduleAllConferenceReminders,
  scheduleAllDigests,
  scheduleAllReminders,
  type ConferenceNotifyJob,
  type ConferenceRemindJob,
  type Config,
  type DeliverChannel,
  type DeliverJob,
  type DigestJob,
  type Logger,
  type MatchNeedJob,
  type QueueName,
  type RemindJob,
} from "@markedsdialog/core";
import type { SearchEngine } from "@markedsdialog/core/search/types";
import { searchSyncProcessor } from "./processors/search-sync";
import { latestVersions } from "@markedsdialog/core/search/latest-versions";
import { matchNeedProcessor } from "./processors/match-need";
import { deliverProcessor } from "./processors/deliver";
import { digestProcessor } from "./processors/digest";
import { remindProcessor } from "./processors/remind";
import { conferenceNotifyProcessor } from "./processors/conference-notify";
import { conferenceRemindProcessor } from "./processors/conference-remind";
import { createWorkerMetrics, type WorkerMetrics } from "./metrics";
import { returnable } from "./shutdown";
import { startSweeper } from "./sweeper";

export interface Workers {
  workers: Worker[];
  metrics: WorkerMetrics;
  /** Stops taking jobs; running ones get SHUTDOWN_GRACE_MS to finish, then go back to their queues. */
  close(): Promise<void>;
}

/**
 * SMTP_URL with a connection pool as large as the e-mail queue's concurrency (one connection per mail in
 * flight), unless the URL sets its own `maxConnections`.
 */
function pooledSmtpUrl(smtpUrl: string, concurrency: number): string {
  const url = new URL(smtpUrl);
  url.searchParams.set("pool", "true");
  if (!url.searchParams.has("maxConnections")) url.searchParams.set("maxConnections", String(concurrency));
  return url.toString();
}

export function startWorkers(options: {
  config: Config;
  logger: Logger;
  search: SearchEngine;
  concurrency?: number;
  /** Where the workers count (deliveries, latency, job durations); a registry of their own without it. */
  metrics?: WorkerMetrics;
}): Workers {
  const { config, logger } = options;
  if (!config.REDIS_URL) throw new Error("REDIS_URL is required");
  const producer = createRedisConnection(config, "producer");
  producer.on("error", (err) => logger.warn({ err }, "worker producer redis connection error"));
  const deliverOptions = deliverJobOptions(config);
  const deliverQueues = Object.fromEntries(
    Object.entries(DELIVER_QUEUES).map(([channel, name]) => [
      channel,
      createQueue<DeliverJob>(name, producer, config.QUEUE_PREFIX, deliverOptions),
    ]),
  ) as Record<DeliverChannel, Queue<DeliverJob>>;
  const matchQueue = createQueue<MatchNeedJob>(QUEUES.matchNeed, producer, config.QUEUE_PREFIX);
  const digestQueue = createQueue<DigestJob>(QUEUES.digest, producer, config.QUEUE_PREFIX);
  const remindQueue = createQueue<RemindJob>(QUEUES.remind, producer, config.QUEUE_PREFIX);
  const conferenceQueue = createQueue<ConferenceNotifyJob>(QUEUES.conferenceNotify, producer, config.QUEUE_PREFIX);
  const conferenceRemindQueue = createQueue<ConferenceRemindJob>(
    QUEUES.conferenceRemind,
    producer,
    config.QUEUE_PREFIX,
  );
  const producerQueues: Queue[] = [
    ...Object.values(deliverQueues),
    matchQueue,
    digestQueue,
    remindQueue,
    conferenceQueue,
    conferenceRemindQueue,
  ];
  for (const queue of producerQueues)
    queue.on("error", (err) => logger.warn({ err, queue: queue.name }, "worker producer queue error"));
  const plans = channelPlans(config);
  const deliver = { queues: deliverQueues, plans };
  const concurrency = options.concurrency ?? config.WORKER_CONCURRENCY;
  const mailer = config.SMTP_URL ? nodemailer.createTransport(pooledSmtpUrl(config.SMTP_URL, concurrency)) : undefined;
  const deliverDeps = {
    mailer,
    mailFrom: config.MAIL_FROM,
    publicUrl: config.PUBLIC_URL,
    secret: config.NOTIFY_SECRET,
    destinations: destinationPolicy(config),
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  };
  const limiterOf = Object.fromEntries(
    Object.entries(DELIVER_QUEUES).map(([channel, name]) => [name, plans[channel as DeliverChannel].limiter]),
  ) as Partial<Record<QueueName, { max: number; duration: number }>>;
  const deliverBatch = deliverProcessor(deliverDeps);
  const matchIndex = new MatchIndex(producer, matchIndexPrefix(config.QUEUE_PREFIX));
  const conferenceDeps = { index: matchIndex, search: options.search };
  const conferenceLeads = {
    deadlineLead: config.CONFERENCE_DEADLINE_LEAD,
    dayBeforeLead: config.CONFERENCE_DAY_BEFORE_LEAD,
  };
  // Exactly one processor per queue; a queue without one stops the start.
  const handlers: Record<QueueName, Processor> = {
    [QUEUES.searchSync]: searchSyncProcessor(options.search, latestVersions(producer, config.QUEUE_PREFIX)),
    [QUEUES.matchNeed]: matchNeedProcessor(
      {
        index: matchIndex,
        search: options.search,
        publicUrl: config.PUBLIC_URL,
      },
      deliver,
      { queue: remindQueue, lead: config.REMINDER_LEAD },
    ),
    // One processor for the three channels; each queue has its own workers and limiter.
    [QUEUES.deliverInapp]: deliverBatch,
    [QUEUES.deliverEmail]: deliverBatch,
    [QUEUES.deliverWebhook]: deliverBatch,
    [QUEUES.digest]: digestProcessor(deliverDeps, digestQueue),
    [QUEUES.remind]: remindProcessor({ lead: config.REMINDER_LEAD, publicUrl: config.PUBLIC_URL }, deliver),
    [QUEUES.conferenceNotify]: conferenceNotifyProcessor(conferenceDeps, deliver),
    [QUEUES.conferenceRemind]: conferenceRemindProcessor(conferenceDeps, deliver),
  };
  const missing = Object.values(QUEUES).filter((name) => !handlers[name]);
  if (missing.length) throw new Error(`no processor for queue(s): ${missing.join(", ")}`);

  const metrics = options.metrics ?? createWorkerMetrics(undefined, logger);
  const shutdown = returnable(logger);
  const connection = createRedisConnection(config, "worker");
  connection.on("error", (err) => logger.warn({ err }, "worker redis connection error"));
  const workers = Object.values(QUEUES).map((name) => {
    const worker = new Worker(name, shutdown.wrap(name, handlers[name]), {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency:
        options.concurrency ??
        (name === QUEUES.searchSync ? config.SEARCH_SYNC_CONCURRENCY : config.WORKER_CONCURRENCY),
      // A killed worker's jobs go back to the queue after this long.
      lockDuration: config.WORKER_LOCK_MS,
      stalledInterval: config.WORKER_LOCK_MS,
      ...(limiterOf[name] && { limiter: limiterOf[name] }),
    });
    // One line per completed job: tests/processes.test.ts proves from these that no job ran twice.
    worker.on("completed", (job: Job, result: unknown) => {
      logger.info({ queue: name, jobId: job.id, attempts: job.attemptsMade, result }, "job completed");
      metrics.jobFinished(name, job, "completed", result);
    });
    worker.on("failed", (job: Job | undefined, err: Error) => {
      logger.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err }, "job failed");
      if (job) metrics.jobFinished(name, job, "failed", err);
    });
    worker.on("error", (err) => logger.error({ queue: name, err }, "worker error"));
    return worker;
  });

  // The sweeper (sweeper.ts): outbox events and search-sync jobs the queues lack, failed match-need jobs.
  const sweeper = startSweeper({ config, logger, connection: producer, matchQueue, conferenceQueue });

  // Delayed jobs Redis lost come back: every digest's next run (at start, then every DIGEST_SWEEP_MS) and
  // every open need's reminders (once, at start). Job ids collapse, so several workers make one job each.
  let scheduling: Promise<void> | undefined;
  let remindersScheduled = false;
  const schedule = () =>
    (scheduling ??= (async () => {
      try {
        const digests = await scheduleAllDigests(digestQueue);
        const reminders = remindersScheduled
          ? undefined
          : await scheduleAllReminders(remindQueue, config.REMINDER_LEAD);
        const conferenceReminders = remindersScheduled
          ? undefined
          : await scheduleAllConferenceReminders(conferenceRemindQueue, conferenceLeads);
        remindersScheduled = true;
        logger.info({ digests, reminders, conferenceReminders }, "digests and reminders scheduled");
      } catch (err) {
        logger.warn({ err }, "scheduling digests and reminders failed; the next sweep retries");
      }
    })().finally(() => (scheduling = undefined)));
  const digestSweeper = setInterval(() => void schedule(), config.DIGEST_SWEEP_MS);
  void schedule();
  logger.info({ queues: Object.values(QUEUES) }, "workers started");
  return {
    workers,
    metrics,
    async close() {
      await sweeper.stop();
      clearInterval(digestSweeper);
      await scheduling;
      // A queue closed before its connection finished its start-up check reports that check's failure on an
      // object nobody listens to any more (an unhandled 'error'): let the check end first.
      await Promise.allSettled(producerQueues.map((q) => q.waitUntilReady()));
      await shutdown.close(workers, config.SHUTDOWN_GRACE_MS);
      await metrics.settle();
      await Promise.all(producerQueues.map((q) => q.close()));
      mailer?.close();
      connection.disconnect();
      producer.disconnect();
    },
  };
}
