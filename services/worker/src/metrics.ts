/**
 * The worker's Prometheus metrics: deliveries by channel and final state, publish-to-delivery latency, and
 * job durations per queue. Each worker process counts its own (a registry per process, no aggregation
 * through Redis) and serves them on WORKER_METRICS_PORT; Prometheus sums over the processes. With the
 * embedded engine the workers run inside the API process and register on its registry, so its /metrics
 * has them too.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Job } from "bullmq";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { CHANNELS, DELIVER_QUEUES, NotifyEvent, type Config, type DeliverJob, type Logger } from "@markedsdialog/core";

export interface WorkerMetrics {
  registry: Registry;
  /** Called from the workers' completed and failed events. */
  jobFinished(queue: string, job: Job, outcome: "completed" | "failed", result?: unknown): void;
  /** Resolves when the ledger reads started by jobFinished are done (before the database closes). */
  settle(): Promise<void>;
}

const FINAL_STATES = ["sent", "failed"] as const;
/** Created-at of recent notification events: one event fans out to many deliveries. */
const EVENT_CACHE_SIZE = 1000;

export function createWorkerMetrics(registry = new Registry(), logger?: Logger): WorkerMetrics {
  const registers = [registry];
  const deliveries = new Counter({
    name: "markedsdialog_deliveries_total",
    help: "Deliveries that reached a final state in this process, by channel and state (sent, failed)",
    labelNames: ["channel", "state"],
    registers,
  });
  for (const channel of CHANNELS) for (const state of FINAL_STATES) deliveries.inc({ channel, state }, 0);
  const latency = new Histogram({
    name: "markedsdialog_delivery_latency_seconds",
    help: "From the need version's notification event (publish or change) to the delivery sent, by channel",
    labelNames: ["channel"],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers,
  });
  const duration = new Histogram({
    name: "markedsdialog_job_duration_seconds",
    help: "Time a job attempt ran in this process, by queue and outcome (completed, failed)",
    labelNames: ["queue", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  const eventCreated = new Map<string, Date>();
  async function publishedAt(eventId: string): Promise<Date | undefined> {
    const known = eventCreated.get(eventId);
    if (known) return known;
    const event = await NotifyEvent.findById(eventId, { createdAt: 1 }).lean<{ createdAt?: Date }>();
    if (!event?.createdAt) return undefined;
    if (eventCreated.size >= EVENT_CACHE_SIZE) eventCreated.clear();
    eventCreated.set(eventId, event.createdAt);
    return event.createdAt;
  }

  /**
   * The deliveries a deliver job's attempt brought to a final state: those it sent (with the `sentAt` it
   * recorded) and those it marked failed, as its result says; nothing is read back but the event's time,
   * once per version. Those already sent or skipped were counted before, or never; those to retry are
   * counted when their final state comes.
   */
  async function ended(job: Job, sent: [string, number][], failed: string[]): Promise<void> {
    const data = job.data as Partial<DeliverJob>;
    const channel = data.channel;
    if (!channel) return;
    if (failed.length) deliveries.inc({ channel, state: "failed" }, failed.length);
    if (sent.length === 0) return;
    deliveries.inc({ channel, state: "sent" }, sent.length);
    if (data.needId === undefined || data.needVersion === undefined) return; // a conference message's
    const published = await publishedAt(`${data.needId}-v${data.needVersion}`);
    if (published)
      for (const [, sentAt] of sent) latency.observe({ channel }, Math.max(0, sentAt - published.getTime()) / 1000);
  }

  const pending = new Set<Promise<void>>();
  const DELIVER_QUEUE_NAMES = new Set<string>(Object.values(DELIVER_QUEUES));
  return {
    registry,
    jobFinished(queue, job, outcome, result) {
      if (job.processedOn) duration.observe({ queue, outcome }, Math.max(0, Date.now() - job.processedOn) / 1000);
      if (!DELIVER_QUEUE_NAMES.has(queue)) return;
      // Every key of the batch: the processor's result, or on a failed attempt the error it threw.
      const batch = (outcome === "completed" ? result : (result as { batch?: unknown } | undefined)?.batch) as
        { sent?: unknown; sentAt?: unknown; failed?: unknown } | undefined;
      const list = (of: unknown): unknown[] => (Array.isArray(of) ? of : []);
      const sentAt = list(batch?.sentAt);
      const sent = list(batch?.sent).flatMap((key, i): [string, number][] =>
        typeof key === "string" && typeof sentAt[i] === "number" ? [[key, sentAt[i] as number]] : [],
      );
      const failed = list(batch?.failed).filter((key): key is string => typeof key === "string");
      if (sent.length === 0 && failed.length === 0) return;
      const reading: Promise<void> = ended(job, sent, failed)
        .catch((err: unknown) => logger?.warn({ err, jobId: job.id }, "delivery metrics not recorded"))
        .finally(() => pending.delete(reading));
      pending.add(reading);
    },
    async settle() {
      await Promise.allSettled([...pending]);
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type ScrapeAccess = "allowed" | "missing" | "refused";

/** Who may read metrics: a bearer of METRICS_TOKEN or ADMIN_TOKEN (neither set: nobody). */
export function scrapeAccess(
  authorization: string | undefined,
  config: Pick<Config, "METRICS_TOKEN" | "ADMIN_TOKEN">,
): ScrapeAccess {
  if (authorization === undefined) return "missing";
  const token = /^Bearer\s+(\S{1,512})$/i.exec(authorization)?.[1];
  if (!token) return "refused";
  const secrets = [config.METRICS_TOKEN, config.ADMIN_TOKEN].filter((s): s is string => Boolean(s));
  return secrets.some((secret) => sameSecret(token, secret)) ? "allowed" : "refused";
}

function problem(res: ServerResponse, status: number, slug: string, detail: string, instance: string): void {
  const title = { 401: "Authentication required", 404: "Not found", 405: "Method not allowed" }[status] ?? slug;
  res.statusCode = status;
  res.setHeader("content-type", "application/problem+json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  if (status === 401) res.setHeader("www-authenticate", 'Bearer realm="markedsdialog"');
  res.end(JSON.stringify({ type: `https://markedsdialog.no/problems/${slug}`, title, status, detail, instance }));
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics for a worker process on `port` (HOST), with the bearer rules of the API's /metrics. Also the
 * process's default metrics (CPU, memory, event-loop lag), collected on `registry` from here on.
 */
export async function serveMetrics(
  registry: Registry,
  port: number,
  config: Pick<Config, "HOST" | "METRICS_TOKEN" | "ADMIN_TOKEN">,
  logger: Logger,
): Promise<MetricsServer> {
  collectDefaultMetrics({ register: registry });
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path !== "/metrics") return problem(res, 404, "not-found", `No route for ${req.method} ${path}`, path);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return problem(res, 405, "method-not-allowed", `${req.method} is not allowed here; use GET`, path);
    }
    const access = scrapeAccess(req.headers.authorization, config);
    if (access !== "allowed")
      return problem(res, 401, "unauthenticated", "Send METRICS_TOKEN or ADMIN_TOKEN as a bearer token", path);
    const text = await registry.metrics();
    res.setHeader("content-type", registry.contentType);
    res.setHeader("cache-control", "no-store");
    res.end(req.method === "HEAD" ? undefined : text);
  };
  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      logger.error({ err }, "metrics not served");
      if (!res.headersSent) problem(res, 500, "internal", "The metrics could not be collected", "/metrics");
    });
  });
  server.listen(port, config.HOST);
  await once(server, "listening");
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${bound}/metrics`;
  logger.info({ url }, "metrics listening");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
