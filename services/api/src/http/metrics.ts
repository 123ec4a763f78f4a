/**
 * Prometheus metrics of an API process, served at GET /metrics (routes/metrics.ts). Each API process serves its own HTTP
 * request durations; the queue depths are read from Redis at each scrape, so every API process reports the
 * same, whole-system numbers (a query should take `max` over instances, not `sum`). The workers' counters
 * are their own processes' (services/worker/src/metrics.ts), or this process's when it runs the workers.
 */
import type { Queue } from "bullmq";
import { Router, type RequestHandler } from "express";
import { Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "@markedsdialog/core";
import type { KnownRoute } from "./methods";

export interface ApiMetrics {
  registry: Registry;
  /** The first middleware: times every request, labelled with the route template labelRoutes found. */
  timeRequests: RequestHandler;
}

const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;
const REDIS_TIMEOUT_MS = 2000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One registry per API context: the process's default metrics, HTTP durations and queue depths. */
export function createApiMetrics(queues: Queue[], logger: Logger): ApiMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  type Depths = Record<string, number>[] | undefined;
  /** One read per scrape, shared by both gauges below (prom-client collects them side by side). */
  let reading: Promise<Depths> | undefined;
  const readDepths = () =>
    (reading ??= within(Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES))), REDIS_TIMEOUT_MS)
      .catch((err: unknown): Depths => {
        logger.warn({ err }, "queue depths not read for /metrics");
        return undefined;
      })
      .finally(() => (reading = undefined)));
  new Gauge({
    name: "markedsdialog_queue_jobs",
    help: "Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time",
    labelNames: ["queue", "state"],
    registers,
    async collect() {
      this.reset();
      const counts = await readDepths();
      queues.forEach((queue, i) => {
        for (const state of QUEUE_STATES) if (counts) this.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
      });
    },
  });
  new Gauge({
    name: "markedsdialog_queue_read_ok",
    help: "1 when this scrape read the queue depths from Redis, 0 when Redis did not answer within 2 s",
    registers,
    async collect() {
      this.set((await readDepths()) ? 1 : 0);
    },
  });
  const duration = new Histogram({
    name: "markedsdialog_http_request_duration_seconds",
    help: "HTTP requests by method, route template and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const timeRequests: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const route = typeof res.locals.routeLabel === "string" ? res.locals.routeLabel : "unmatched";
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      duration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  };
  return { registry, timeRequests };
}

/**
 * Labels each request with the template of the route it is for (`/api/v1/needs/:id`, never the id itself),
 * matched by express as the routes are; paths under `prefixes` (the docs, the dashboard) by the prefix.
 */
export function labelRoutes(routes: KnownRoute[], prefixes: string[]): RequestHandler {
  const router = Router();
  for (const prefix of prefixes)
    router.use(prefix, (_req, res, next) => {
      res.locals.routeLabel ??= prefix;
      next("router");
    });
  for (const path of new Set(routes.map((r) => r.path)))
    router.all(path, (_req, res, next) => {
      res.locals.routeLabel ??= path;
      next("router");
    });
  return router;
}
