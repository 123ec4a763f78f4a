import { Worker, type Job, type Processor } from "bullmq";
import { createRedisConnection, QUEUES, type Config, type Logger, type QueueName } from "@markedsdialog/core";
import type { SearchEngine } from "@markedsdialog/core/search/types";
import { searchSyncProcessor } from "./processors/search-sync";

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Exactly one processor per queue; a queue without one stops the start. */
function processors(search: SearchEngine): Record<QueueName, Processor> {
  return { [QUEUES.searchSync]: searchSyncProcessor(search) };
}

export function startWorkers(options: {
  config: Config;
  logger: Logger;
  search: SearchEngine;
  concurrency?: number;
}): Workers {
  const { config, logger } = options;
  if (!config.REDIS_URL) throw new Error("REDIS_URL is required");
  const handlers = processors(options.search);
  const missing = Object.values(QUEUES).filter((name) => !handlers[name]);
  if (missing.length) throw new Error(`no processor for queue(s): ${missing.join(", ")}`);

  const connection = createRedisConnection(config, "worker");
  connection.on("error", (err) => logger.warn({ err }, "worker redis connection error"));
  const workers = Object.values(QUEUES).map((name) => {
    const worker = new Worker(name, handlers[name], {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency: options.concurrency ?? 4,
    });
    // One line per completed job: tests/processes.test.ts proves from these that no job ran twice.
    worker.on("completed", (job: Job, result: unknown) =>
      logger.info({ queue: name, jobId: job.id, attempts: job.attemptsMade, result }, "job completed"),
    );
    worker.on("failed", (job: Job | undefined, err: Error) =>
      logger.warn({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err }, "job failed"),
    );
    worker.on("error", (err) => logger.error({ queue: name, err }, "worker error"));
    return worker;
  });
  logger.info({ queues: Object.values(QUEUES) }, "workers started");
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      connection.disconnect();
    },
  };
}
