import { pathToFileURL } from "node:url";
import {
  connectDatabase,
  createLogger,
  disconnectDatabase,
  loadConfig,
  stopOnSignals,
  type Config,
  type Logger,
} from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { startWorkers } from "./worker";

/**
 * The worker as its own process (`npm run start:worker`), for deployments with Meilisearch: run as many as
 * wanted, on as many machines, against the same MongoDB, Redis and Meilisearch. Without MEILI_URL the
 * embedded index lives inside the API process, which runs the workers itself.
 */
export async function startWorkerProcess(config: Config, logger: Logger): Promise<{ stop(): Promise<void> }> {
  if (!config.MEILI_URL)
    throw new Error("MEILI_URL is not set: with the embedded search engine the API process runs the workers");
  if (!config.MONGO_URL) throw new Error("MONGO_URL is required");
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  const workers = startWorkers({ config, logger, search });
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        await workers.close();
        await search.close();
        await disconnectDatabase();
      })()),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, "worker");
  // Signals are handled from the first moment: one that comes during start-up stops once started.
  const worker = startWorkerProcess(config, logger);
  stopOnSignals(logger, async () => (await worker).stop());
  await worker.catch((err: unknown) => {
    logger.fatal({ err }, "worker start-up failed");
    process.exit(1);
  });
}
