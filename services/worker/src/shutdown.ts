import { setMaxListeners } from "node:events";
import { WaitingError, type Job, type Processor, type Worker } from "bullmq";
import type { Logger } from "@markedsdialog/core";

/**
 * Graceful shutdown for BullMQ workers. `Worker.close()` stops taking jobs and waits for the running ones,
 * for as long as they take; a processor stuck on a slow receiver would hold the process. So each processor
 * is wrapped (returnable): when the grace period is over, a job still running is moved back to `wait` with
 * its lock released (`job.moveToWait(token)`, then BullMQ's WaitingError, which costs no attempt), and
 * another worker takes it at once instead of after the stall interval (WORKER_LOCK_MS). The abandoned run
 * goes on unheard until the process exits; a delivery it completes meanwhile is recorded once all the same
 * (the ledger's idempotency key), though its receiver may then hear of it twice.
 */
export interface Returnable {
  wrap(queue: string, processor: Processor): Processor;
  /** Closes the workers: running jobs get `graceMs` to finish, then are returned to their queues. */
  close(workers: Worker[], graceMs: number): Promise<void>;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

export function returnable(logger: Logger): Returnable {
  const giveUp = new AbortController();
  // Every running job listens on it (removed when the job ends): five queues of WORKER_CONCURRENCY jobs
  // pass Node's default of 10 listeners, whose leak warning would be a false alarm.
  setMaxListeners(0, giveUp.signal);
  return {
    wrap: (queue, processor) => (job: Job, token?: string) =>
      new Promise((resolve, reject) => {
        let returning = false;
        const giveBack = () => {
          returning = true;
          job.moveToWait(token).then(
            () => {
              logger.warn({ queue, jobId: job.id }, "job returned to its queue unfinished (shutdown grace over)");
              reject(new WaitingError());
            },
            (err: unknown) => reject(asError(err)),
          );
        };
        if (giveUp.signal.aborted) return giveBack();
        giveUp.signal.addEventListener("abort", giveBack, { once: true });
        // Whichever comes first decides: the processor's own outcome, or being given back.
        processor(job, token)
          .then(
            (result: unknown) => {
              if (!returning) resolve(result);
            },
            (err: unknown) => {
              if (!returning) reject(asError(err));
            },
          )
          .finally(() => giveUp.signal.removeEventListener("abort", giveBack));
      }),
    async close(workers, graceMs) {
      const closing = Promise.all(workers.map((w) => w.close()));
      const timer = setTimeout(() => {
        logger.warn({ graceMs }, "shutdown grace over: returning running jobs to their queues");
        giveUp.abort();
      }, graceMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
