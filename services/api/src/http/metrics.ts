/**
 * Prometheus metrics of an API process, served at GET /metrics (not under /api/v1, not in the OpenAPI
 * document: it answers the Prometheus text format, for a scraper). Each API process serves its own HTTP
 * request durations; the queue depths are read from Redis at each scrape, so every API process reports the
 * same, whole-system numbers (a query should take `max` over instances, not `sum`). The workers' counters
 * are their own processes' (services/worker/src/metrics.ts), or this process's when it runs the workers.
 */
import type { Queue } from "bullmq";
import { Router, type RequestHandler } from "express";
import { Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { authenticate, type Logger } from "@markedsdialog/core";
import { scrapeAccess } from "@markedsdialog/worker/metrics";
import type { AppContext } from "../context";
import { refuseQuery } from "./guards";
import type { KnownRoute } from "./methods";
import { sendProblem, sendTooManyRequests } from "./problem";

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
  const readOk = new Gauge({
    name: "markedsdialog_queue_read_ok",
    help: "1 when this scrape read the queue depths from Redis, 0 when Redis did not answer",
    registers,
  });
  new Gauge({
    name: "markedsdialog_queue_jobs",
    help: "Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time",
    labelNames: ["queue", "state"],
    registers,
    async collect() {
      this.reset();
      try {
        const counts = await within(
          Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES))),
          REDIS_TIMEOUT_MS,
        );
        queues.forEach((queue, i) => {
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
        });
        readOk.set(1);
      } catch (err) {
        logger.warn({ err }, "queue depths not read for /metrics");
        readOk.set(0);
      }
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

const bearerToken = (header: string): string | undefined => /^Bearer\s+(\S{1,512})$/i.exec(header)?.[1];

/**
 * GET /metrics: for a bearer of METRICS_TOKEN or ADMIN_TOKEN. Mounted before the API's authentication (a
 * METRICS_TOKEN is no API key); failed tokens count against the same per-address limit. An organisation's
 * API key is known but not allowed (403).
 */
export function metricsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get("/metrics", refuseQuery, async (req, res) => {
    const header = req.headers.authorization;
    const access = scrapeAccess(header, ctx.config);
    if (access !== "allowed") {
      const address = req.ip ?? "unknown";
      if (header !== undefined) {
        const blocked = await ctx.limits.authFailures.exhausted(address);
        if (blocked !== undefined)
          return sendTooManyRequests(res, blocked, "Too many failed authentications from this address");
        const token = bearerToken(header);
        const actor = token ? await authenticate(token, undefined, ctx.accessEpoch) : undefined;
        if (actor?.type === "organization")
          return sendProblem(res, 403, "forbidden", "Only the platform administrator or the metrics scraper may");
        const over = await ctx.limits.authFailures.hit(address);
        if (over !== undefined)
          return sendTooManyRequests(res, over, "Too many failed authentications from this address");
      }
      res.setHeader("WWW-Authenticate", 'Bearer realm="markedsdialog"');
      return sendProblem(res, 401, "unauthenticated", "Send METRICS_TOKEN or ADMIN_TOKEN as a bearer token");
    }
    const text = await ctx.metrics.registry.metrics();
    res.setHeader("Cache-Control", "no-store");
    res.type(ctx.metrics.registry.contentType).send(text);
  });
  return router;
}
