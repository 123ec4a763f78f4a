import { connectDatabase, disconnectDatabase, runAsMain, type Config, type Logger } from "@markedsdialog/core";
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

await runAsMain(import.meta.url, "worker", startWorkerProcess);
