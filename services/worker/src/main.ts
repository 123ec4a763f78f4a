import { pathToFileURL } from "node:url";
import { connectDatabase, createLogger, disconnectDatabase, loadConfig } from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { startWorkers } from "./worker";

/**
 * The worker as its own process, for deployments with Meilisearch (docker-compose). Without MEILI_URL
 * the embedded index lives inside the API process, which runs the workers itself.
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, "worker");
  if (!config.MEILI_URL) {
    logger.error("MEILI_URL is not set: with the embedded search engine the API process runs the workers (npm start)");
    process.exit(2);
  }
  if (!config.MONGO_URL) throw new Error("MONGO_URL is required");
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  const workers = startWorkers({ config, logger, search });
  const stop = async (signal: string) => {
    logger.info({ signal }, "worker shutting down");
    await workers.close();
    await search.close();
    await disconnectDatabase();
    process.exit(0);
  };
  process.once("SIGINT", (s) => void stop(s));
  process.once("SIGTERM", (s) => void stop(s));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
