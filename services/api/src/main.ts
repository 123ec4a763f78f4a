import { once } from "node:events";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import mongoose from "mongoose";
import {
  connectDatabase,
  createLogger,
  disconnectDatabase,
  loadConfig,
  type Config,
  type Logger,
} from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { connectSearchSync } from "@markedsdialog/core/search/producer";
import { reindex } from "@markedsdialog/core/search/sync";
import { startWorkers, type Workers } from "@markedsdialog/worker/worker";
import { seedDemo } from "@markedsdialog/seed";
import { createApp } from "./app";
import { closeContext, createContext, type AppContext } from "./context";
import { searchRoutes } from "./routes/search";

export interface ApiProcess {
  server: Server;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

/** Seeds the demo data (idempotent) and prints the demo API keys. */
async function seedDemoData(logger: Logger) {
  const summary = await seedDemo({ log: (msg, fields) => logger.info(fields ?? {}, msg) });
  const { organizations, needs, suppliers, groups } = summary;
  logger.info({ organizations, needs, suppliers, groups }, "demo data in place");
  for (const key of summary.keys)
    logger.info({ organization: key.organization, kind: key.kind }, `demo API key (${key.kind}): ${key.token}`);
}

/** Rebuilds both indexes from the database, logging progress: the embedded engine starts empty. */
export async function rebuildIndexes(ctx: Pick<AppContext, "logger"> & { search: NonNullable<AppContext["search"]> }) {
  for (const index of ["suppliers", "needs"] as const) {
    const started = Date.now();
    let lastLogged = 0;
    const result = await reindex(ctx.search, index, (done, total) => {
      if (done === total || Date.now() - lastLogged > 1000) {
        lastLogged = Date.now();
        ctx.logger.info({ index, done, total }, `indexing ${index}: ${done}/${total}`);
      }
    });
    ctx.logger.info({ ...result, ms: Date.now() - started }, `index ${index} rebuilt`);
  }
}

/**
 * Starts the API. With Meilisearch (MEILI_URL) the worker runs as its own process; with the embedded
 * engine the index lives in this process, so it is rebuilt here at start and the workers run here too.
 */
export async function startApiProcess(config: Config, logger: Logger): Promise<ApiProcess> {
  if (!config.MONGO_URL) throw new Error("MONGO_URL is required (npm start provides one)");
  if (mongoose.connection.readyState !== 1) await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  const ctx = await createContext(config, logger, search);
  const disconnectSync = connectSearchSync(ctx.queues.searchSync);
  // Seeded after the producer is connected, so with Meilisearch every record reaches the index by a job.
  if (config.SEED === "demo") await seedDemoData(logger);
  let workers: Workers | undefined;
  if (search.kind === "embedded") {
    await rebuildIndexes({ logger, search });
    workers = startWorkers({ config, logger, search });
  }
  const app = createApp(ctx, searchRoutes);
  const server = app.listen(config.PORT, config.HOST);
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port}`;
  logger.info({ url, search: search.kind }, "api listening");
  let stopping: Promise<void> | undefined;
  return {
    server,
    ctx,
    url,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await ctx.inFlight.idle(10_000);
        disconnectSync();
        await workers?.close();
        await closeContext(ctx);
        await search.close();
        await disconnectDatabase();
      })()),
  };
}

/** Stops on SIGINT/SIGTERM, finishing what is in flight. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  const handle = (signal: string) => {
    logger.info({ signal }, "shutting down");
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", handle);
  process.once("SIGTERM", handle);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, "api");
  const api = await startApiProcess(config, logger);
  stopOnSignals(logger, api.stop);
}
