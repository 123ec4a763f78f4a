/**
 * Deliveries that fail are retried, then visibly failed, then replayable. Webhook receivers are real HTTP
 * servers (node:http) started here, answering as each scenario needs (down, 500, hanging); mail goes to the
 * real SMTP catcher, stopped and restarted; the worker is the real one the harness starts, with retries
 * made short by configuration (DELIVERY_ATTEMPTS, DELIVERY_BACKOFF_MS, WEBHOOK_TIMEOUT_MS).
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { after, before, describe, it } from "node:test";
import { startWorkers, type Workers } from "@markedsdialog/worker/worker";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { freePort } from "./helpers/redis-servers";

const ATTEMPTS = 8;
const TIMEOUT_MS = 2000;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = number | "hang";

/** A webhook receiver on loopback: records every request, answers what `answer` says (a status, or never). */
async function startReceiver(port: number, answer: (n: number) => Answer) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const a = answer(requests.length);
      if (a !== "hang") res.writeHead(a, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    requests,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");

interface Delivery {
  id: string;
  needId: string;
  supplierId: string;
  channel: string;
  state: "pending" | "sent" | "failed";
  attempts: number;
  lastError?: string;
  nextRetryAt?: string;
  reason?: string;
  sentAt?: string;
  messageId?: string;
  contentHash?: string;
  subscriptionId?: string;
  replays: { n: number; by: string; resend: boolean; previousState: string; previousReason?: string }[];
}

describe("when a delivery fails, then it is retried, then visibly failed, and its supplier can replay it", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let buyer: { id: string; token: string };
  const receivers: Receiver[] = [];
  const refusing: Workers[] = [];

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness(
      "delivery",
      {
        SMTP_URL: catcher.url,
        MEILI_URL: "",
        WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8",
        DELIVERY_ATTEMPTS: String(ATTEMPTS),
        DELIVERY_BACKOFF_MS: "100",
        WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
        NOTIFY_SWEEP_MS: "300",
      },
      { workers: true },
    );
    buyer = await h.organization("buyer");
  });
  after(async () => {
    await Promise.all(refusing.map((w) => w.close()));
    await Promise.all(receivers.map((r) => r.stop()));
    await h.close();
    await catcher.stop();
  });

  const receiver = async (port: number, answer: (n: number) => Answer) => {
    const r = await startReceiver(port, answer);
    receivers.push(r);
    return r;
  };

  const webhookSupplier = async (cpv: string, url: string) => {
    const s = await h.organization("supplier");
    const sub = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(s.token))
      .send({ channels: ["webhook"], frequency: "instant", cpv: [cpv], webhookUrl: url });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    return { ...s, subscriptionId: sub.body.id as string, secret: sub.body.webhookSecret as string };
  };

  const publish = async (cpv: string, title: string) => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", cpv: [cpv], title }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };

  /** The caller's deliveries of one need, through GET /deliveries, once `accept` takes them. */
  const deliveries = (token: string, needId: string, accept: (d: Delivery[]) => boolean, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const res = await h.http.get(`/api/v1/deliveries?needId=${needId}`).set(...bearer(token));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.items as Delivery[];
      },
      accept,
      timeoutMs,
    );
  const one = async (token: string, needId: string, accept: (d: Delivery) => boolean, timeoutMs?: number) =>
    (await deliveries(token, needId, (ds) => ds.length === 1 && accept(ds[0]!), timeoutMs))[0]!;

  it("when a need reaches a webhook, then the receiver can verify the signature with the subscription's secret and read the JSON", async () => {
    const port = await freePort();
    const r = await receiver(port, () => 200);
    const s = await webhookSupplier("72000000", `http://127.0.0.1:${port}/hooks/md`);
    assert.match(s.secret, /^whsec_[\w-]{43}$/);
    const shown = await h.http.get(`/api/v1/subscriptions/${s.subscriptionId}`).set(...bearer(s.token));
    assert.equal(shown.body.webhookSecret, undefined, "the secret is shown once, when made");
    assert.ok(shown.body.webhookSecretCreatedAt);

    const publishedAt = Math.floor(Date.now() / 1000);
    const needId = await publish("72000000", "Drift av fagsystem for byggesak");
    const d = await one(s.token, needId, (x) => x.state === "sent");
    const sentBy = Math.ceil(Date.now() / 1000);
    assert.equal(r.requests.length, 1);
    const { headers, body } = r.requests[0]!;
    assert.match(headers["content-type"] ?? "", /^application\/json/);
    assert.equal(headers["x-markedsdialog-delivery"], d.id);
    assert.equal(headers["x-markedsdialog-subscription"], s.subscriptionId);
    const timestamp = headers["x-markedsdialog-timestamp"] as string;
    assert.match(timestamp, /^\d{10}$/);
    assert.ok(publishedAt <= Number(timestamp) && Number(timestamp) <= sentBy, "the time of sending, in seconds");
    assert.equal(headers["x-markedsdialog-signature"], `sha256=${hmac(s.secret, `${timestamp}.${body}`)}`);
    assert.notEqual(
      headers["x-markedsdialog-signature"],
      `sha256=${hmac(h.config.NOTIFY_SECRET, `${timestamp}.${body}`)}`,
    );
    const json = JSON.parse(body);
    assert.equal(json.type, "need.published");
    assert.equal(json.deliveryId, d.id);
    assert.equal(json.contentHash, d.contentHash);
    assert.equal(json.need.needId, needId);
    assert.equal(json.need.title, "Drift av fagsystem for byggesak");
    assert.equal(d.attempts, 1);
    assert.equal(d.subscriptionId, s.subscriptionId);

    // Rotating: the answer shows the new secret once; the next delivery is signed with it, not the old one.
    const rotated = await h.http
      .patch(`/api/v1/subscriptions/${s.subscriptionId}`)
      .set(...bearer(s.token))
      .send({ rotateWebhookSecret: true });
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const secret = rotated.body.webhookSecret as string;
    assert.match(secret, /^whsec_/);
    assert.notEqual(secret, s.secret);
    const second = await publish("72000000", "Ny løsning for arkiv og saksbehandling");
    await one(s.token, second, (x) => x.state === "sent");
    const next = r.requests[1]!;
    const ts = next.headers["x-markedsdialog-timestamp"] as string;
    assert.equal(next.headers["x-markedsdialog-signature"], `sha256=${hmac(secret, `${ts}.${next.body}`)}`);
    assert.notEqual(next.headers["x-markedsdialog-signature"], `sha256=${hmac(s.secret, `${ts}.${next.body}`)}`);

    // Only the owner rotates, and only a subscription with a webhook has a secret.
    const other = await h.organization("supplier");
    const foreign = await h.http
      .patch(`/api/v1/subscriptions/${s.subscriptionId}`)
      .set(...bearer(other.token))
      .send({ rotateWebhookSecret: true });
    assert.equal(foreign.status, 404);
    const inapp = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(other.token))
      .send({ channels: ["inapp"], frequency: "instant", cpv: ["72000000"] });
    assert.equal(inapp.status, 201);
    assert.equal(inapp.body.webhookSecret, undefined);
    const noWebhook = await h.http
      .patch(`/api/v1/subscriptions/${inapp.body.id}`)
      .set(...bearer(other.token))
      .send({ rotateWebhookSecret: true });
    assert.equal(noWebhook.status, 400, JSON.stringify(noWebhook.body));
    assert.equal(noWebhook.body.errors[0].path, "body.rotateWebhookSecret");
  });

  it("when the receiver is down and comes up later, then the delivery is retried and arrives exactly once", async () => {
    const port = await freePort();
    const s = await webhookSupplier("79000000", `http://127.0.0.1:${port}/hook`);
    const needId = await publish("79000000", "Rådgivning om anskaffelsesstrategi");
    const retrying = await one(s.token, needId, (x) => x.state === "pending" && x.attempts >= 1);
    assert.match(retrying.lastError ?? "", /ECONNREFUSED/);
    assert.ok(retrying.nextRetryAt, "a pending delivery that failed says when it is tried next");

    const r = await receiver(port, () => 200);
    const sent = await one(s.token, needId, (x) => x.state === "sent");
    assert.equal(r.requests.length, 1, "delivered once");
    assert.ok(sent.attempts >= 2);
    assert.equal(sent.nextRetryAt, undefined);
    assert.match(sent.lastError ?? "", /ECONNREFUSED/, "the last failure stays visible");
  });

  it("when the receiver always answers 500, then the delivery fails after its attempts, visible to its supplier only, and a replay after the fix sends it once", async () => {
    const port = await freePort();
    let status = 500;
    const r = await receiver(port, () => status);
    const s = await webhookSupplier("50000000", `http://127.0.0.1:${port}/hook`);
    const other = await h.organization("supplier");
    const needId = await publish("50000000", "Vedlikehold av svømmehall");
    const failed = await one(s.token, needId, (x) => x.state === "failed", 60_000);
    assert.equal(failed.reason, "webhook answered 500");
    assert.equal(failed.attempts, ATTEMPTS);
    assert.equal(failed.nextRetryAt, undefined);
    assert.equal(r.requests.length, ATTEMPTS);
    const listed = await h.http.get("/api/v1/deliveries?state=failed&channel=webhook").set(...bearer(s.token));
    assert.deepEqual(
      listed.body.items.map((d: Delivery) => d.id),
      [failed.id],
    );
    const report = await h.http.get(`/api/v1/needs/${needId}/notifications`).set(...bearer(buyer.token));
    assert.equal(report.body.items[0].state, "failed");
    assert.equal(report.body.items[0].attempts, ATTEMPTS);

    // Nobody else sees or replays it.
    const replay = (token: string | undefined, body?: object) => {
      const req = h.http.post(`/api/v1/deliveries/${failed.id}/replay`);
      if (token) req.set(...bearer(token));
      return body ? req.send(body) : req;
    };
    const theirs = await h.http.get(`/api/v1/deliveries?needId=${needId}`).set(...bearer(other.token));
    assert.deepEqual(theirs.body.items, []);
    assert.equal((await h.http.get(`/api/v1/deliveries/${failed.id}`).set(...bearer(other.token))).status, 404);
    assert.equal((await replay(other.token)).status, 404);
    assert.equal((await h.http.get("/api/v1/deliveries").set(...bearer(buyer.token))).status, 403);
    assert.equal((await replay(buyer.token)).status, 403);
    assert.equal((await replay(undefined)).status, 401);
    const spying = await h.http.get(`/api/v1/deliveries?supplierId=${s.id}`).set(...bearer(other.token));
    assert.equal(spying.status, 403);
    const admin = await h.http.get(`/api/v1/deliveries?supplierId=${s.id}`).set(...bearer(ADMIN_TOKEN));
    assert.deepEqual(
      admin.body.items.map((d: Delivery) => d.id),
      [failed.id],
    );
    const bad = await h.http.get("/api/v1/deliveries?state=lost").set(...bearer(s.token));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, "query.state");
    assert.equal((await h.http.post("/api/v1/deliveries/nothing-v1/replay").set(...bearer(s.token))).status, 404);

    // Fixed; five replays at once: one wins, the others are refused, one request reaches the receiver.
    status = 200;
    const before = r.requests.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => replay(s.token)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [202, 409, 409, 409, 409], JSON.stringify(answers.map((a) => a.body)));
    const sent = await one(s.token, needId, (x) => x.state === "sent");
    assert.equal(r.requests.length, before + 1);
    assert.equal(await h.ctx.queues.deliver.webhook.getJobState(`${failed.id}-replay-2`), "unknown");
    assert.equal(sent.attempts, ATTEMPTS + 1);
    assert.equal(sent.reason, undefined);
    assert.deepEqual(
      sent.replays.map(({ n, by, resend, previousState, previousReason }) => ({
        n,
        by,
        resend,
        previousState,
        previousReason,
      })),
      [{ n: 1, by: "supplier", resend: false, previousState: "failed", previousReason: "webhook answered 500" }],
    );

    // Sent: a replay is refused; the admin may resend it, explicitly.
    const again = await replay(s.token);
    assert.equal(again.status, 409);
    assert.match(again.headers["content-type"] ?? "", /problem\+json/);
    assert.equal((await replay(s.token, { resend: true })).status, 403);
    assert.equal((await replay(ADMIN_TOKEN)).status, 409);
    const resend = await replay(ADMIN_TOKEN, { resend: true });
    assert.equal(resend.status, 202, JSON.stringify(resend.body));
    assert.equal(resend.body.state, "pending");
    const resent = await one(s.token, needId, (x) => x.state === "sent" && x.replays.length === 2);
    assert.equal(r.requests.length, before + 2);
    assert.deepEqual(
      resent.replays.map((p) => [p.by, p.resend, p.previousState]),
      [
        ["supplier", false, "failed"],
        ["admin", true, "sent"],
      ],
    );
    const after = await h.http.get(`/api/v1/needs/${needId}/notifications`).set(...bearer(buyer.token));
    const item = after.body.items[0];
    assert.equal(item.state, "sent");
    assert.equal(item.sentAt, resent.sentAt);
    assert.equal(item.attempts, ATTEMPTS + 2);
    assert.deepEqual(
      item.replays.map((p: { by: string; resend: boolean }) => [p.by, p.resend]),
      [
        ["supplier", false],
        ["admin", true],
      ],
    );
  });

  it("when the receiver hangs beyond WEBHOOK_TIMEOUT_MS, then that counts as a failed attempt and the retry delivers", async () => {
    const port = await freePort();
    const r = await receiver(port, (n) => (n === 1 ? "hang" : 200));
    const s = await webhookSupplier("71000000", `http://127.0.0.1:${port}/hook`);
    const needId = await publish("71000000", "Prosjektering av ny barneskole");
    const sent = await one(s.token, needId, (x) => x.state === "sent");
    assert.equal(r.requests.length, 2);
    assert.equal(sent.attempts, 2);
    assert.equal(sent.lastError, `webhook timed out after ${TIMEOUT_MS} ms`);
  });

  it("when SMTP is down during a publish and comes back, then every mail arrives once after retries, none lost", async () => {
    const recipients = await Promise.all(
      Array.from({ length: 3 }, async (_, i) => {
        const s = await h.organization("supplier");
        const email = `varsel${i}.${s.id}@example.no`;
        const sub = await h.http
          .post("/api/v1/subscriptions")
          .set(...bearer(s.token))
          .send({ channels: ["email"], frequency: "instant", cpv: ["85000000"], email });
        assert.equal(sub.status, 201, JSON.stringify(sub.body));
        return { ...s, email };
      }),
    );
    const port = catcher.port;
    await catcher.stop();
    const needId = await publish("85000000", "Helsetjenester i sykehjem");
    const waiting = await deliveries(
      ADMIN_TOKEN,
      needId,
      (ds) => ds.length === 3 && ds.every((d) => d.state === "pending" && d.attempts >= 2),
    );
    for (const d of waiting) assert.match(d.lastError ?? "", /ECONNREFUSED/);

    catcher = await startMailCatcher({ port });
    const sent = await deliveries(ADMIN_TOKEN, needId, (ds) => ds.length === 3 && ds.every((d) => d.state === "sent"));
    const mails = catcher.messages().filter((m) => m.text.includes(needId));
    assert.equal(mails.length, 3, "one mail per recipient");
    assert.deepEqual(mails.map((m) => m.to[0]).sort(), recipients.map((s) => s.email).sort());
    const ids = mails.map((m) => m.headers["message-id"]);
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(ids.sort(), sent.map((d) => d.messageId).sort());
    assert.deepEqual(ids.sort(), sent.map((d) => `<${d.id}@markedsdialog.no>`).sort());
  });

  it("when DNS or policy turns a destination private after it was accepted, then the delivery fails at once and nothing is sent", async () => {
    const port = await freePort();
    const r = await receiver(port, () => 200);
    // Accepted while loopback is allowed (the API's configuration) …
    const s = await webhookSupplier("80000000", `http://127.0.0.1:${port}/hook`);
    // … and delivered by a worker whose policy refuses it.
    await h.workers!.close();
    refusing.push(
      startWorkers({ config: { ...h.config, WEBHOOK_ALLOW_NETWORKS: [] }, logger: h.ctx.logger, search: h.search }),
    );
    const needId = await publish("80000000", "Opplæring i nye digitale verktøy");
    const failed = await one(s.token, needId, (x) => x.state === "failed");
    assert.match(failed.reason ?? "", /private networks: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/);
    assert.equal(failed.attempts, 1, "a refused destination is not retried");
    assert.equal(r.requests.length, 0);
  });
});
