/**
 * `npm start`: the whole service on this machine. Starts FerretDB, Redis and a mail catcher on loopback
 * when no URLs are given (data under DATA_DIR), seeds the demo data (SEED=demo), then runs the API with
 * the workers and the embedded search index in one process. Ctrl-C stops everything.
 */
import { resolve } from "node:path";
import { createLogger, loadConfig } from "@markedsdialog/core";
import { startApiProcess, stopOnSignals } from "@markedsdialog/api/main";
import { startLocalServices } from "./local-services";

const initial = loadConfig();
const logger = createLogger(initial.LOG_LEVEL, "markedsdialog");
const dataDir = resolve(initial.DATA_DIR);

const services = await startLocalServices({
  dataDir,
  mongo: !initial.MONGO_URL,
  redis: !initial.REDIS_URL,
  smtp: !initial.SMTP_URL,
  persist: true,
  log: (msg) => logger.info(msg),
});
const config = loadConfig({
  ...process.env,
  ...(services.mongoUrl && { MONGO_URL: services.mongoUrl }),
  ...(services.redisUrl && { REDIS_URL: services.redisUrl }),
  ...(services.smtpUrl && { SMTP_URL: services.smtpUrl }),
});

try {
  if (!config.ADMIN_TOKEN)
    logger.warn("ADMIN_TOKEN is not set: admin routes (registering organisations, keys, groups) are closed");
  const api = await startApiProcess(config, logger);
  logger.info(`Markedsdialog is running at ${api.url} — API docs at ${api.url}/docs`);
  stopOnSignals(logger, async () => {
    await api.stop();
    await services.stop();
  });
} catch (error) {
  logger.error({ err: error }, "start-up failed");
  await services.stop();
  process.exit(1);
}
