/**
 * Real worker processes (`services/worker/src/main.ts`) and webhook receivers started here: the worker's
 * own /metrics (deliveries by channel and final state, latency, job durations), and graceful shutdown. A
 * delivery still in flight at SIGTERM is finished within SHUTDOWN_GRACE_MS and sent once; one that outlasts
 * the grace is returned to its queue unlocked, so the next worker delivers it at once, and the ledger
 * keeps one record. Also the API process: SIGTERM lets a request under way finish and refuses new ones.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { after, before, describe, it, type TestContext } from "node:test";
import { DeliveryEntry, QUEUES, type DeliveryRecord } from "@markedsdialog/core";
import { meiliServer } from "./helpers/engines";
import {
  ADMIN_TOKEN,
  bearer,
  eventually,
  freshOrgNumber,
  needBody,
  startHarness,
  type Harness,
} from "./helpers/harness";
import { startProcess, type LogLine, type RunningProcess } from "./helpers/processes";

const METRICS_TOKEN = "test-metrics-token-0123456789";
const server = meiliServer();

interface Received {
  path: string;
  deliveryId: string;
  answered: boolean;
}

/** A webhook receiver: `answer` decides, per request (numbered from 0), what to do with it. */
async function startReceiver(answer: (n: number, req: IncomingMessage, res: ServerResponse) => void) {
  const received: Received[] = [];
  const http: Server = createServer((req, res) => {
    const entry = { path: req.url ?? "", deliveryId: String(req.headers["x-markedsdialog-delivery"]), answered: false };
    received.push(entry);
    res.on("finish", () => (entry.answered = true));
    req.resume();
    req.on("end", () => answer(received.length - 1, req, res));
  });
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(m[3]);
  }
  return undefined;
}

describe("worker metrics and graceful shutdown, with real processes", { skip: !server && "no Meilisearch" }, () => {
  const tag = `shut_${process.pid}_${randomBytes(3).toString("hex")}`;
  let h: Harness;
  let workerEnv: NodeJS.ProcessEnv;
  const processes: RunningProcess[] = [];
  const receivers: { close(): Promise<void> }[] = [];

  before(async () => {
    h = await startHarness(
      "shutdown",
      { QUEUE_PREFIX: tag, WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8", METRICS_TOKEN },
      { engine: "meilisearch" },
    );
    workerEnv = {
      ...process.env,
      MONGO_DB: h.config.MONGO_DB,
      QUEUE_PREFIX: tag,
      MEILI_URL: h.config.MEILI_URL,
      MEILI_INDEX_PREFIX: h.config.MEILI_INDEX_PREFIX,
      ...(h.config.MEILI_MASTER_KEY && { MEILI_MASTER_KEY: h.config.MEILI_MASTER_KEY }),
      WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8",
      METRICS_TOKEN,
      NOTIFY_SWEEP_MS: "500",
      LOG_LEVEL: "info",
    };
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.killAll()));
    await Promise.all(receivers.map((r) => r.close()));
    await h.close();
  });

  /** A worker process for one test: killed when the test ends, so a failed test leaves none to take later jobs. */
  const startWorker = async (t: TestContext, name: string, env: Record<string, string> = {}) => {
    const worker = startProcess(name, "services/worker/src/main.ts", { ...workerEnv, ...env });
    processes.push(worker);
    t.after(() => worker.killAll());
    await worker.waitFor((l) => l.msg === "workers started", "workers started");
    return worker;
  };
  const subscribe = async (cpv: string, channels: string[], webhookUrl?: string) => {
    const s = await h.organization("supplier");
    const res = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(s.token))
      .send({ channels, frequency: "instant", cpv: [cpv], ...(webhookUrl && { webhookUrl }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return s;
  };
  const publish = async (cpv: string) => {
    const buyer = await h.organization("buyer");
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", cpv: [cpv] }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const ledger = (needId: string) => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>();
  const completedLine = (key: string) => (l: LogLine) =>
    l.msg === "job completed" && l["queue"] === QUEUES.deliverWebhook && l["jobId"] === key;

  it("when a worker serves its own /metrics, then it counts deliveries by channel and final state, their latency and job durations, for the metrics token only", async (t) => {
    const receiver = await startReceiver((_n, req, res) => {
      res.statusCode = req.url === "/gone" ? 410 : 200;
      res.end();
    });
    receivers.push(receiver);
    await subscribe("79000000", ["inapp", "webhook"], `${receiver.url}/hook`);
    await subscribe("79000000", ["webhook"], `${receiver.url}/gone`);
    const worker = await startWorker(t, "worker metrics", { WORKER_METRICS_PORT: "0" });
    const url = String((await worker.waitFor((l) => l.msg === "metrics listening", "metrics listening"))["url"]);
    assert.equal((await fetch(url)).status, 401);
    const wrong = await fetch(url, { headers: { authorization: "Bearer not-the-metrics-token-at-all" } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get("content-type") ?? "", /application\/problem\+json/);
    const scrape = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(res.status, 200);
      return res.text();
    };

    const needId = await publish("79000000");
    await eventually(
      () => ledger(needId),
      (rows) => rows.length === 3 && rows.every((d) => d.state !== "pending"),
      60_000,
    );
    const deliveries = (channel: string, state: string) => (text: string) =>
      sample(text, "markedsdialog_deliveries_total", { channel, state });
    const text = await eventually(
      scrape,
      (t) =>
        deliveries("webhook", "failed")(t) === 1 &&
        deliveries("webhook", "sent")(t) === 1 &&
        deliveries("inapp", "sent")(t) === 1,
    );
    assert.equal(deliveries("webhook", "sent")(text), 1);
    assert.equal(deliveries("email", "sent")(text), 0);
    for (const channel of ["inapp", "webhook"])
      assert.equal(sample(text, "markedsdialog_delivery_latency_seconds_count", { channel }), 1, channel);
    const jobs = (queue: string, outcome: string) =>
      sample(text, "markedsdialog_job_duration_seconds_count", { queue, outcome }) ?? 0;
    // One job per channel: the two webhooks go in one batch, whose 410 is marked failed without retries
    // while the batch completes.
    assert.equal(jobs(QUEUES.deliverInapp, "completed"), 1);
    assert.equal(jobs(QUEUES.deliverWebhook, "completed"), 1);
    assert.equal(jobs(QUEUES.deliverWebhook, "failed"), 0, "a 410 is not retried");
    assert.ok(jobs(QUEUES.matchNeed, "completed") >= 1);
    assert.ok(sample(text, "process_resident_memory_bytes", {}) !== undefined, "the process's own metrics");

    const api = await h.http.get("/metrics").set(...bearer(METRICS_TOKEN));
    assert.equal(sample(api.text, "markedsdialog_queue_jobs", { queue: QUEUES.deliverWebhook, state: "failed" }), 0);
    assert.equal((await worker.stop()).code, 0);
  });

  it("when a worker gets SIGTERM while a slow webhook is answering, then it waits for the answer, marks it sent once and exits 0", async (t) => {
    const receiver = await startReceiver((_n, _req, res) => {
      setTimeout(() => res.end("ok"), 2000);
    });
    receivers.push(receiver);
    await subscribe("90620000", ["webhook"], `${receiver.url}/slow`);
    const worker = await startWorker(t, "worker slow");
    const needId = await publish("90620000-9");
    await eventually(
      async () => receiver.received.length,
      (n) => n === 1,
      60_000,
    );
    const exit = await worker.stop("SIGTERM");
    assert.equal(exit.code, 0, worker.output.slice(-10).join("\n"));
    const [row] = await ledger(needId);
    assert.equal(row?.channel, "webhook");
    assert.equal(row?.state, "sent");
    assert.deepEqual(receiver.received, [{ path: "/slow", deliveryId: row._id, answered: true }]);
    const shutting = worker.lines.findIndex((l) => l.msg === "shutting down");
    const completed = worker.lines.findIndex(completedLine(row._id));
    assert.ok(shutting >= 0 && completed > shutting, "the delivery completed after SIGTERM");
    assert.deepEqual((worker.lines[completed]?.["result"] as { sent?: string[] } | undefined)?.sent, [row._id]);
    assert.ok(!worker.lines.some((l) => String(l.msg).startsWith("job returned")));
  });

  it("when a webhook outlasts the shutdown grace, then the worker returns the job unlocked and exits 0, and the next worker delivers it with one record in the ledger", async (t) => {
    const receiver = await startReceiver((n, _req, res) => {
      if (n > 0) res.end("ok"); // the first is never answered
    });
    receivers.push(receiver);
    await subscribe("48000000", ["webhook"], `${receiver.url}/stuck`);
    // Stalled jobs are looked for every 5 minutes: only a returned job can reach the next worker in time.
    const slow = { SHUTDOWN_GRACE_MS: "1000", WORKER_LOCK_MS: "300000" };
    const first = await startWorker(t, "worker stuck", slow);
    const needId = await publish("48000000");
    await eventually(
      async () => receiver.received.length,
      (n) => n === 1,
      60_000,
    );
    const exit = await first.stop("SIGTERM");
    assert.equal(exit.code, 0, first.output.slice(-10).join("\n"));
    const [pending] = await ledger(needId);
    assert.equal(pending?.state, "pending");
    const returned = first.lines.find((l) => String(l.msg).startsWith("job returned"));
    assert.equal(returned?.["jobId"], pending._id);

    const queue = h.ctx.allQueues.find((q) => q.name === QUEUES.deliverWebhook)!;
    assert.equal(await queue.getJobState(pending._id), "waiting", "back in the queue, no lock held");
    assert.equal((await queue.getJob(pending._id))?.attemptsMade, 0, "returning costs no attempt");

    const second = await startWorker(t, "worker next", slow);
    await second.waitFor(completedLine(pending._id), "the returned delivery completed", 60_000);
    const rows = await ledger(needId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.state, "sent");
    assert.deepEqual(
      receiver.received.map((r) => r.deliveryId),
      [pending._id, pending._id],
      "the receiver heard of it twice: the abandoned attempt, then the delivery",
    );
    assert.equal((await second.stop()).code, 0);
  });
});

describe("API process shutdown", () => {
  it("when the API gets SIGTERM during a request, then that request is answered, new connections are refused and it exits 0", async () => {
    const tag = `apishut_${process.pid}_${randomBytes(3).toString("hex")}`;
    const api = startProcess("api", "services/api/src/main.ts", {
      ...process.env,
      MONGO_DB: `t_${tag}`,
      QUEUE_PREFIX: `t_${tag}`,
      MEILI_URL: "",
      ADMIN_TOKEN,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
    });
    try {
      const { port } = new URL(String((await api.waitFor((l) => l.msg === "api listening", "api listening"))["url"]));
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const metrics = await scraped.text();
      assert.equal(scraped.status, 200);
      assert.equal(
        sample(metrics, "markedsdialog_queue_read_ok", {}),
        1,
        api.output.filter((l) => l.includes("queue")).join("\n"),
      );
      assert.equal(
        sample(metrics, "markedsdialog_deliveries_total", { channel: "inapp", state: "sent" }),
        0,
        "with the embedded engine the workers run in the API process, and their metrics are in its /metrics",
      );
      const body = JSON.stringify({
        kind: "buyer",
        name: `Kommune ${tag}`,
        orgNumber: freshOrgNumber(),
        municipality: "3207",
        buyerType: "kommune",
      });
      // Expect: 100-continue: the server answers "100 Continue" once it has the headers, so the request is
      // known to be under way before the signal; the body follows after it.
      const socket = connect(Number(port), "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.write(
        [
          "POST /api/v1/organizations HTTP/1.1",
          `Host: 127.0.0.1:${port}`,
          `Authorization: Bearer ${ADMIN_TOKEN}`,
          "Content-Type: application/json",
          `Content-Length: ${Buffer.byteLength(body)}`,
          "Expect: 100-continue",
          "Connection: close",
          "",
          "",
        ].join("\r\n"),
      );
      await eventually(
        async () => Buffer.concat(chunks).toString(),
        (text) => text.startsWith("HTTP/1.1 100 Continue"),
      );
      api.child.kill("SIGTERM");
      await api.waitFor((l) => l.msg === "shutting down", "shutting down");
      // The line is logged just before the listener closes: a connection in that instant may still be
      // taken by the kernel (and then reset). Soon every new connection is refused.
      const attempt = () =>
        new Promise<string>((resolve) => {
          const late = connect(Number(port), "127.0.0.1");
          late.on("connect", () => (late.destroy(), resolve("connected")));
          late.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
        });
      const refused = await eventually(attempt, (code) => code === "ECONNREFUSED", 5_000);
      assert.equal(refused, "ECONNREFUSED", "no new connections once shutting down");
      socket.write(body);
      await once(socket, "close");
      const answer = Buffer.concat(chunks)
        .toString()
        .replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, "");
      assert.match(answer, /^HTTP\/1\.1 201 /, answer.slice(0, 300));
      const exit = await api.exited;
      assert.equal(exit.code, 0, api.output.slice(-10).join("\n"));
      assert.ok(api.lines.some((l) => l.msg === "stopped"));
    } finally {
      await api.killAll();
    }
  });
});
