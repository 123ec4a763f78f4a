import { once } from "node:events";
import type { Server } from "node:http";
import mongoose from "mongoose";
import {
  connectDatabase,
  disconnectDatabase,
  ensureMatchIndex,
  runAsMain,
  type Config,
  type Logger,
} from "@markedsdialog/core";
import { ensureNameKeys } from "@markedsdialog/core/organizations/registered-names";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { connectSearchSync } from "@markedsdialog/core/search/producer";
import { connectNotifications } from "@markedsdialog/core/notifications/producer";
import { startInProcessWorkers } from "@markedsdialog/worker/in-process";
import type { Workers } from "@markedsdialog/worker/worker";
import { createWorkerMetrics } from "@markedsdialog/worker/metrics";
import { createApp } from "./app";
import { closeContext, createContext, type AppContext } from "./context";
import { answerClientErrors } from "./http/problem";
import { searchRoutes } from "./routes/search";
import { matchingDeps } from "./matching";

export interface ApiProcess {
  server: Server;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the API (`npm run start:api`). With Meilisearch (MEILI_URL) the workers run in their own processes
 * (`npm run start:worker`), as many as wanted; with the embedded engine the index lives in this process, so
 * it is rebuilt here at start and the workers run here too. Seeding is not the API's business: `npm start`
 * and docker-compose seed before the API starts.
 */
export async function startApiProcess(config: Config, logger: Logger): Promise<ApiProcess> {
  if (!config.MONGO_URL) throw new Error("MONGO_URL is required (npm start provides one)");
  if (mongoose.connection.readyState !== 1) await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  if (await ensureNameKeys()) logger.info("organisations' name keys filled in");
  const search = searchEngineFromConfig(config, logger);
  await search.applySettings();
  const ctx = await createContext(config, logger, search);
  const built = await ensureMatchIndex(matchingDeps(ctx).index);
  if (built) logger.info(built, "matching index built from the database");
  // Producers never fail a stored write: what Redis did not take, the worker's sweeper enqueues later.
  const disconnectSync = connectSearchSync(ctx.queues.searchSync, (err) =>
    logger.warn({ err }, "search-sync not enqueued; remembered for the worker's sweeper"),
  );
  const disconnectNotify = connectNotifications(
    ctx.queues.matchNeed,
    (err) => logger.warn({ err }, "match-need not enqueued; the worker's sweeper will"),
    config.MATCH_NEED_ATTEMPTS,
  );
  let workers: Workers | undefined;
  // In-process workers count on this process's registry, so its /metrics has their metrics too.
  if (search.kind === "embedded")
    workers = await startInProcessWorkers({
      config,
      logger,
      search,
      metrics: createWorkerMetrics(ctx.metrics.registry, logger),
    });
  const app = createApp(ctx, searchRoutes);
  const server = app.listen(config.PORT, config.HOST);
  answerClientErrors(server);
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
        // No new connections; requests under way get SHUTDOWN_GRACE_MS, then their connections are cut.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const cut = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
        await closed;
        clearTimeout(cut);
        await ctx.inFlight.idle(config.SHUTDOWN_GRACE_MS);
        disconnectSync();
        disconnectNotify();
        await workers?.close();
        await closeContext(ctx);
        await search.close();
        await disconnectDatabase();
      })()),
  };
}

await runAsMain(import.meta.url, "api", startApiProcess);
