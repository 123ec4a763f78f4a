import type { Logger } from "../logger";

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
