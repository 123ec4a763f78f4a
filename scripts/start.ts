/**
 * `npm start`: the whole service on this machine. Starts FerretDB, Redis and a mail catcher on loopback
 * when no URLs are given (data under DATA_DIR), seeds the demo data (SEED=demo, the default; with MEILI_URL
 * the seed also brings the Meilisearch index in line), then runs the API (`services/api/src/main.ts`) and,
 * with MEILI_URL, one worker (`services/worker/src/main.ts`) as child processes. Without MEILI_URL the API
 * process runs the workers and the embedded index itself. Nothing is restarted: if a child dies, everything
 * stops and the exit code is 1. Ctrl-C or SIGTERM stops the API, then the worker, then the local services.
 */
import { resolve } from "node:path";
import {
  ConfigError,
  connectDatabase,
  createLogger,
  disconnectDatabase,
  loadConfig,
  type Config,
  type Logger,
} from "@markedsdialog/core";
import { bringSearchIndexInLine, DEMO_PASSWORD, seedDemo, seedSetting } from "@markedsdialog/seed";
import { startLocalServices } from "./local-services";
import { spawnService, stopService, stoppedCleanly, type ServiceChild } from "./supervise";

let initial: Config;
let seed: "demo" | "none";
try {
  initial = loadConfig();
  seed = seedSetting();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const logger = createLogger(initial.LOG_LEVEL, "markedsdialog");

const services = await startLocalServices({
  dataDir: resolve(initial.DATA_DIR),
  mongo: !initial.MONGO_URL,
  redis: !initial.REDIS_URL,
  smtp: !initial.SMTP_URL,
  persist: true,
  log: (msg) => logger.info(msg),
});
/** What the children are given: our environment plus the URLs of the services started here. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...(services.mongoUrl && { MONGO_URL: services.mongoUrl }),
  ...(services.redisUrl && { REDIS_URL: services.redisUrl }),
  ...(services.smtpUrl && { SMTP_URL: services.smtpUrl }),
};
const config = loadConfig(env);
const children: ServiceChild[] = [];
let stopping: Promise<never> | undefined;

/** Stops the API first (it finishes its requests and enqueues their jobs), then the worker, then services. */
function stopAll(reason: string, exitCode: number): Promise<never> {
  return (stopping ??= (async () => {
    logger.info({ reason }, "stopping");
    let code = exitCode;
    for (const child of children) {
      // Past the children's own shutdown grace (jobs and requests finishing), then SIGKILL.
      const exit = await stopService(child, config.SHUTDOWN_GRACE_MS + 10_000);
      if (stoppedCleanly(exit)) logger.info({ child: child.name, ...exit }, `${child.name} stopped`);
      else logger.error({ child: child.name, ...exit }, `${child.name} did not stop cleanly`);
      if (!stoppedCleanly(exit)) code ||= 1;
    }
    await services.stop();
    logger.info({ exitCode: code }, "stopped");
    process.exit(code);
  })());
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll(signal, 0));

try {
  if (!config.ADMIN_TOKEN)
    logger.warn("ADMIN_TOKEN is not set: admin routes (registering organisations, keys, groups) are closed");
  if (seed === "demo") await seedDemoData(config, logger);
  const api = spawnService("api", "services/api/src/main.ts", env, (line) => line["msg"] === "api listening");
  children.push(api);
  if (config.MEILI_URL) {
    const worker = spawnService("worker", "services/worker/src/main.ts", env, (l) => l["msg"] === "workers started");
    children.push(worker);
  }
  for (const child of children) {
    void child.exited.then((exit) => {
      if (stopping) return;
      logger.error({ child: child.name, ...exit }, `${child.name} exited unexpectedly; stopping everything`);
      void stopAll(`${child.name} exited`, 1);
    });
  }
  const [listening] = await Promise.all(children.map((child) => child.ready));
  const url = String(listening?.["url"]);
  logger.info(
    { url, search: config.MEILI_URL ? "meilisearch" : "embedded", processes: children.map((c) => c.name) },
    `Markedsdialog is running at ${url} — API docs at ${url}/docs`,
  );
} catch (error) {
  logger.error({ err: error }, "start-up failed");
  await stopAll("start-up failed", 1);
}

/** Seeds the demo data (idempotent), brings a Meilisearch index in line and prints the demo API keys. */
async function seedDemoData(config: Config, logger: Logger): Promise<void> {
  if (!config.MONGO_URL) throw new Error("MONGO_URL is required");
  const log = (msg: string, fields: object = {}) => logger.info(fields, msg);
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  try {
    const summary = await seedDemo({ log });
    const { organizations, needs, suppliers, groups } = summary;
    logger.info({ organizations, needs, suppliers, groups }, "demo data in place");
    await bringSearchIndexInLine(config, log);
    for (const key of summary.keys)
      logger.info({ organization: key.organization, kind: key.kind }, `demo API key (${key.kind}): ${key.token}`);
    for (const user of summary.users)
      logger.info(
        { organization: user.organization, kind: user.kind },
        `demo user (${user.kind}): ${user.email}, password ${DEMO_PASSWORD} (or a sign-in link by e-mail)`,
      );
  } finally {
    await disconnectDatabase();
  }
}
