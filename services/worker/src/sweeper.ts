/**
 * The sweeper, every NOTIFY_SWEEP_MS: what the database holds and the queues may lack.
 * - Outbox events still pending (Redis was away, or the API died before enqueuing): their match-need job is
 *   enqueued. A job that used up its attempts (failed), or that ended before its event was replaced by a
 *   writer taking over an abandoned claim (completed), is retried: adding it again would be a no-op, BullMQ
 *   keeps the job under its id. A job waiting, delayed or running is left alone (the jobId dedupes it).
 * - Records whose search-sync enqueue failed (search/sync-backlog.ts): a job at the record's current version.
 * - Conference messages still pending (their hand-over failed, or the API died first): a conference-notify
 *   job each (jobId the message id, so one queued already collapses; a failed one is retried).
 */
import type { Queue } from "bullmq";
import {
  createQueue,
  enqueueMatchNeed,
  pendingMessages,
  isNotifyEventPending,
  matchNeedJobId,
  pendingNotifyEvents,
  QUEUES,
  searchSyncJobId,
  type Config,
  type ConferenceNotifyJob,
  type Logger,
  type MatchNeedJob,
  type RedisConnection,
  type SearchSyncJob,
} from "@markedsdialog/core";
import { currentSyncJob, forgetUnsynced, unsyncedRecords } from "@markedsdialog/core/search/sync-backlog";

export interface Sweeper {
  stop(): Promise<void>;
}

async function sweepNotifyEvents(queue: Queue<MatchNeedJob>, config: Config, logger: Logger): Promise<void> {
  let enqueued = 0;
  for (const event of await pendingNotifyEvents()) {
    const job = { needId: event.needId, version: event.needVersion };
    const jobId = matchNeedJobId(job);
    const existing = await queue.getJob(jobId);
    if (!existing) {
      await enqueueMatchNeed(queue, job, config.MATCH_NEED_ATTEMPTS);
      enqueued++;
      continue;
    }
    const state = await existing.getState();
    if (state !== "failed" && state !== "completed") continue;
    // It may have ended with the event done since the events were read.
    if (!(await isNotifyEventPending(event._id))) continue;
    const { attemptsMade: attempts, failedReason: reason } = existing;
    try {
      await existing.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      logger.warn(
        { jobId, state, attempts, reason },
        "match-need job retried by the sweeper: its event is still pending",
      );
    } catch (err) {
      // It moved on meanwhile (retried elsewhere, or removed): the next round looks again.
      logger.info({ err, jobId }, "match-need job not retried");
    }
  }
  if (enqueued) logger.info({ events: enqueued }, "notification events swept");
}

/** Messages recorded over a sweep ago and still pending: the hand-over to the worker did not happen. */
async function sweepConferenceMessages(queue: Queue<ConferenceNotifyJob>, config: Config, logger: Logger) {
  let enqueued = 0;
  const settled = Date.now() - Math.min(config.NOTIFY_SWEEP_MS, 5_000);
  for (const message of await pendingMessages()) {
    if (message.createdAt.getTime() > settled) continue;
    const existing = await queue.getJob(message._id);
    if (existing) {
      const state = await existing.getState();
      if (state === "failed" || state === "completed")
        await existing.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => undefined);
      continue;
    }
    await queue.add("notify", { messageId: message._id }, { jobId: message._id });
    enqueued++;
  }
  if (enqueued) logger.info({ messages: enqueued }, "conference messages swept");
}

/**
 * Enqueued before forgetting, so a sweeper that dies in between leaves the record remembered. A write whose
 * enqueue failed meanwhile found the record remembered and added nothing: the version read again after
 * forgetting covers it.
 */
async function sweepSearchBacklog(queue: Queue<SearchSyncJob>, logger: Logger): Promise<void> {
  const entries = await unsyncedRecords();
  for (const entry of entries) {
    const job = await currentSyncJob(entry);
    await queue.add("sync", job, { jobId: searchSyncJobId(job) });
    await forgetUnsynced(entry);
    const now = await currentSyncJob(entry);
    if (now.version !== job.version) await queue.add("sync", now, { jobId: searchSyncJobId(now) });
  }
  if (entries.length) logger.info({ records: entries.length }, "search-sync backlog swept");
}

export function startSweeper(options: {
  config: Config;
  logger: Logger;
  /** The worker's producer connection. */
  connection: RedisConnection;
  matchQueue: Queue<MatchNeedJob>;
  conferenceQueue: Queue<ConferenceNotifyJob>;
}): Sweeper {
  const { config, logger, matchQueue, conferenceQueue } = options;
  const searchQueue = createQueue<SearchSyncJob>(QUEUES.searchSync, options.connection, config.QUEUE_PREFIX);
  searchQueue.on("error", (err) => logger.warn({ err, queue: searchQueue.name }, "sweeper queue error"));
  const attempt = async (what: string, sweep: () => Promise<void>) => {
    try {
      await sweep();
    } catch (err) {
      logger.warn({ err }, `${what} sweep failed; next round retries`);
    }
  };
  let sweeping: Promise<void> | undefined;
  const sweep = () =>
    (sweeping ??= (async () => {
      await attempt("notification", () => sweepNotifyEvents(matchQueue, config, logger));
      await attempt("search-sync backlog", () => sweepSearchBacklog(searchQueue, logger));
      await attempt("conference message", () => sweepConferenceMessages(conferenceQueue, config, logger));
    })().finally(() => (sweeping = undefined)));
  const timer = setInterval(() => void sweep(), config.NOTIFY_SWEEP_MS);
  void sweep();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
      await searchQueue.waitUntilReady().catch(() => undefined);
      await searchQueue.close();
    },
  };
}
