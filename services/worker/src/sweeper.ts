/**
 * The sweeper, every NOTIFY_SWEEP_MS: what the database holds and the queues may lack.
 * - Outbox events still pending (Redis was away, or the API died before enqueuing): their match-need job is
 *   enqueued. A job that used up its attempts (failed), or that ended before its event was replaced by a
 *   writer taking over an abandoned claim (completed), is retried: adding it again would be a no-op, BullMQ
 *   keeps the job under its id. A job waiting, delayed or running is left alone (the jobId dedupes it).
 * - Records whose search-sync enqueue failed (search/sync-backlog.ts): a job at the record's current version.
 */
import type { Queue } from "bullmq";
import {
  createQueue,
  enqueueMatchNeed,
  isNotifyEventPending,
  matchNeedJobId,
  pendingNotifyEvents,
  QUEUES,
  searchSyncJobId,
  type Config,
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
}): Sweeper {
  const { config, logger, matchQueue } = options;
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
