import type { Config, Logger } from "@markedsdialog/core";
import { reindex } from "@markedsdialog/core/search/sync";
import type { SearchEngine } from "@markedsdialog/core/search/types";
import type { WorkerMetrics } from "./metrics";
import { startWorkers, type Workers } from "./worker";

/** Rebuilds both indexes from the database, logging progress. */
export async function rebuildIndexes(search: SearchEngine, logger: Logger): Promise<void> {
  for (const index of ["suppliers", "needs"] as const) {
    const started = Date.now();
    let lastLogged = 0;
    const result = await reindex(search, index, (done, total) => {
      if (done === total || Date.now() - lastLogged > 1000) {
        lastLogged = Date.now();
        logger.info({ index, done, total }, `indexing ${index}: ${done}/${total}`);
      }
    });
    logger.info({ ...result, ms: Date.now() - started }, `index ${index} rebuilt`);
  }
}

/**
 * The workers inside the API process, for the embedded engine: its index lives in that process's memory and
 * starts empty, so it is rebuilt from the database first and the jobs are processed beside the API.
 * Single-process only; with Meilisearch the worker runs as its own process (main.ts).
 */
export async function startInProcessWorkers(options: {
  config: Config;
  logger: Logger;
  search: SearchEngine;
  metrics?: WorkerMetrics;
}): Promise<Workers> {
  if (options.search.kind !== "embedded") throw new Error("in-process workers are for the embedded engine only");
  await rebuildIndexes(options.search, options.logger);
  return startWorkers(options);
}
