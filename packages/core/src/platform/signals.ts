import { pathToFileURL } from "node:url";
import { loadConfig, type Config } from "../config";
import { createLogger, type Logger } from "../logger";

/**
 * Stops on SIGINT/SIGTERM, finishing what is in flight, then logs "stopped" and exits 0 (1 when stopping failed). A second
 * signal while stopping changes nothing: `stop` is expected to return the same promise.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  const handle = (signal: string) => {
    logger.info({ signal }, "shutting down");
    stop().then(
      () => {
        logger.info({ signal }, "stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}

/**
 * A service's entry point, when `moduleUrl` is the script node runs: reads the configuration, starts, and
 * handles signals from the first moment (one that comes during start-up stops once started); a failed
 * start is logged as fatal and exits 1.
 */
export async function runAsMain(
  moduleUrl: string,
  name: string,
  start: (config: Config, logger: Logger) => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, name);
  const started = start(config, logger);
  stopOnSignals(logger, async () => (await started).stop());
  await started.catch((err: unknown) => {
    logger.fatal({ err }, `${name} start-up failed`);
    process.exit(1);
  });
}
