import { Registry } from "prom-client";
import { connectDatabase, disconnectDatabase, runAsMain, type Config, type Logger } from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { createWorkerMetrics, serveMetrics } from "./metrics";
import { startWorkers } from "./worker";

/**
 * The worker as its own process (`npm run start:worker`), for deployments with Meilisearch: run as many as
 * wanted, on as many machines, against the same MongoDB, Redis and Meilisearch. Without MEILI_URL the
 * embedded index lives inside the API process, which runs the workers itself. With WORKER_METRICS_PORT it
 * serves its own GET /metrics. On SIGTERM it stops taking jobs, gives the running ones SHUTDOWN_GRACE_MS,
 * returns the rest to their queues, and exits 0.
 */
export async function startWorkerProcess(config: Config, logger: Logger): Promise<{ stop(): Promise<void> }> {
  if (!config.MEILI_URL)
    throw new Error("MEILI_URL is not set: with the embedded search engine the API process runs the workers");
  if (!config.MONGO_URL) throw new Error("MONGO_URL is required");
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  const registry = new Registry();
  const server =
    config.WORKER_METRICS_PORT === undefined
      ? undefined
      : await serveMetrics(registry, config.WORKER_METRICS_PORT, config, logger);
  const workers = startWorkers({ config, logger, search, metrics: createWorkerMetrics(registry, logger) });
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        await workers.close();
        await server?.close();
        await search.close();
        await disconnectDatabase();
      })()),
  };
}

await runAsMain(import.meta.url, "worker", startWorkerProcess);
