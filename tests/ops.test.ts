/**
 * Operations through HTTP: GET /metrics (who may read it, queue depths read from Redis at scrape time, HTTP
 * durations by route template) and the queue dashboard at /admin/queues (admin bearer or a browser session
 * cookie; everyone else refused), against the run's FerretDB and Redis with no workers running, so jobs
 * stay where the API put them; and a Redis of the file's own, stopped under a scrape.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { QUEUES } from "@markedsdialog/core";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { ephemeral, startRedisServer, type RedisServer } from "./helpers/redis-servers";

const METRICS_TOKEN = "test-metrics-token-0123456789";

/** The value of one sample line (`name{labels} value`) in Prometheus' text format, undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(m[3]);
  }
  return undefined;
}

describe("operations: metrics and the queue dashboard", () => {
  let h: Harness;
  let buyer: { id: string; token: string };
  let supplier: { id: string; token: string };

  before(async () => {
    h = await startHarness("ops", { METRICS_TOKEN, TRUST_PROXY: "loopback" });
    buyer = await h.organization("buyer");
    supplier = await h.organization("supplier");
  });
  after(async () => h.close());

  const scrape = async (token = METRICS_TOKEN) => {
    const res = await h.http.get("/metrics").set(...bearer(token));
    assert.equal(res.status, 200, res.text);
    return res.text;
  };

  it("when anyone but the metrics scraper or the admin asks for /metrics, then it is refused with problem+json", async () => {
    const anonymous = await h.http.get("/metrics");
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers["content-type"] ?? "", /application\/problem\+json/);
    assert.match(anonymous.headers["www-authenticate"] ?? "", /^Bearer/);
    assert.equal((await h.http.get("/metrics").set(...bearer("not-the-metrics-token-at-all"))).status, 401);
    for (const key of [supplier.token, buyer.token]) {
      const res = await h.http.get("/metrics").set(...bearer(key));
      assert.equal(res.status, 403, res.text);
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
    }
    assert.equal((await h.http.post("/metrics").set(...bearer(ADMIN_TOKEN))).status, 405);
    const withQuery = await h.http.get("/metrics?format=json").set(...bearer(ADMIN_TOKEN));
    assert.equal(withQuery.status, 400);
    assert.equal(withQuery.body.errors[0].path, "query.format");
    for (const token of [METRICS_TOKEN, ADMIN_TOKEN]) {
      const res = await h.http.get("/metrics").set(...bearer(token));
      assert.equal(res.status, 200);
      assert.match(res.headers["content-type"] ?? "", /^text\/plain; version=0\.0\.4/);
      assert.equal(res.headers["cache-control"], "no-store");
    }
  });

  it("when needs are published with no worker running, then each scrape reads the queues' depth from Redis as it is then", async () => {
    const text = await scrape();
    for (const queue of Object.values(QUEUES))
      for (const state of ["waiting", "active", "delayed", "failed"])
        assert.equal(typeof sample(text, "markedsdialog_queue_jobs", { queue, state }), "number", `${queue} ${state}`);
    assert.equal(sample(text, "markedsdialog_queue_jobs", { queue: QUEUES.matchNeed, state: "waiting" }), 0);
    assert.equal(sample(text, "markedsdialog_queue_read_ok", {}), 1);
    const waiting = async () =>
      sample(await scrape(), "markedsdialog_queue_jobs", { queue: QUEUES.matchNeed, state: "waiting" });
    for (const expected of [1, 2]) {
      const res = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ status: "published" }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await eventually(waiting, (n) => n === expected);
    }
  });

  it("when requests are answered, then their durations are counted by route template and status, never by raw id", async () => {
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    const id = res.body.id as string;
    for (let i = 0; i < 3; i++)
      assert.equal((await h.http.get(`/api/v1/needs/${id}`).set(...bearer(buyer.token))).status, 200);
    assert.equal((await h.http.get(`/api/v1/needs/${id}`).set(...bearer(supplier.token))).status, 404);
    // Under /api: elsewhere the web app answers every address (its SPA fallback).
    assert.equal((await h.http.get("/api/v1/no/such/place")).status, 404);
    const text = await scrape();
    const count = (route: string, status: string, method = "GET") =>
      sample(text, "markedsdialog_http_request_duration_seconds_count", { method, route, status });
    assert.equal(count("/api/v1/needs/:id", "200"), 3);
    assert.equal(count("/api/v1/needs/:id", "404"), 1);
    assert.ok((count("/api/v1/needs", "201", "POST") ?? 0) >= 1);
    assert.equal(count("unmatched", "404"), 1);
    assert.ok(!text.includes(id), "no label holds the need's id");
  });

  it("when someone other than the admin opens the queue dashboard, then it is refused", async () => {
    for (const path of ["/admin/queues", "/admin/queues/api/queues"]) {
      const anonymous = await h.http.get(path);
      assert.equal(anonymous.status, 401, `${path}: ${anonymous.text}`);
      assert.match(anonymous.headers["content-type"] ?? "", /application\/problem\+json/);
      for (const key of [supplier.token, buyer.token])
        assert.equal((await h.http.get(path).set(...bearer(key))).status, 403, path);
      const forged = await h.http.get(path).set("Cookie", `md_admin=v1.${Date.now() + 3_600_000}.${"A".repeat(43)}`);
      assert.equal(forged.status, 401, `${path} with a forged session cookie`);
    }
    const wrong = await h.http.post("/admin/session").send({ token: "not-the-admin-token" });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers["set-cookie"], undefined);
    assert.equal(
      (
        await h.http
          .post("/admin/session")
          .set(...bearer(supplier.token))
          .send({})
      ).status,
      403,
    );
    const extra = await h.http.post("/admin/session").send({ token: ADMIN_TOKEN, remember: true });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.errors[0].path, "body.remember");
  });

  it("when the admin opens the dashboard with the bearer token, then it gets the page, its assets under its own policy, and every queue in the JSON API", async () => {
    const page = await h.http.get("/admin/queues").set(...bearer(ADMIN_TOKEN));
    assert.equal(page.status, 200, page.text);
    assert.match(page.headers["content-type"] ?? "", /text\/html/);
    const policy = page.headers["content-security-policy"] ?? "";
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /frame-ancestors 'none'/);
    const base = /<base href="([^"]+)"/.exec(page.text)?.[1];
    assert.equal(base, "/admin/queues/", "the page's relative asset paths resolve under the dashboard's path");
    assert.match(policy, /base-uri 'self'/, "which needs its <base> allowed");
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
      (m) => new URL(m[1]!, `http://localhost${base}`).pathname,
    );
    assert.ok(assets.length > 0, "the page loads scripts or styles");
    for (const asset of assets) {
      assert.ok(asset.startsWith("/admin/queues/"), `${asset} is served from the dashboard's own path`);
      assert.equal((await h.http.get(asset).set(...bearer(ADMIN_TOKEN))).status, 200, asset);
    }
    const api = await h.http.get("/admin/queues/api/queues").set(...bearer(ADMIN_TOKEN));
    assert.equal(api.status, 200, api.text);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    assert.deepEqual(names, Object.values(QUEUES).sort());
    const elsewhere = await h.http.get("/api/v1/me");
    assert.match(elsewhere.headers["content-security-policy"] ?? "", /default-src 'none'/);
    assert.doesNotMatch(elsewhere.headers["content-security-policy"] ?? "", /script-src/);
  });

  it("when the admin signs in from a browser, then a signed HttpOnly SameSite=Strict cookie for /admin opens the dashboard, and signing out ends it", async () => {
    const login = await h.http.get("/admin/login");
    assert.equal(login.status, 200);
    assert.match(login.text, /Logg inn/);
    const session = await h.http.post("/admin/session").send({ token: ADMIN_TOKEN });
    assert.equal(session.status, 204, session.text);
    const cookie = String(session.headers["set-cookie"]);
    assert.match(cookie, /^md_admin=v1\.\d+\.[\w-]+; Path=\/admin; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    const value = cookie.split(";")[0]!;
    const api = await h.http.get("/admin/queues/api/queues").set("Cookie", value);
    assert.equal(api.status, 200, api.text);
    assert.equal(api.body.queues.length, Object.values(QUEUES).length);
    const me = await h.http.get("/api/v1/me").set("Cookie", value);
    assert.deepEqual(me.body, { type: "anonymous" }, "the cookie is no API credential");
    const tampered = value.replace(/\.(\d+)\./, (_, n: string) => `.${Number(n) + 1000}.`);
    assert.equal((await h.http.get("/admin/queues/api/queues").set("Cookie", tampered)).status, 401);
    const https = await h.http.post("/admin/session").set("X-Forwarded-Proto", "https").send({ token: ADMIN_TOKEN });
    assert.match(String(https.headers["set-cookie"]), /; Secure$/, "Secure when the request came over https");
    const out = await h.http.delete("/admin/session").set("Cookie", value);
    assert.equal(out.status, 204);
    assert.match(String(out.headers["set-cookie"]), /^md_admin=; Path=\/admin; Max-Age=0;/);
  });
});

describe("when Redis is away, then /metrics still answers and says the queue depths could not be read", () => {
  let h: Harness;
  let redis: RedisServer;
  const dir = mkdtempSync(join(tmpdir(), "ops-redis-"));
  before(async () => {
    redis = await startRedisServer((port) => ephemeral(port, dir));
    h = await startHarness("ops_redis", { REDIS_URL: `redis://127.0.0.1:${redis.port}` });
  });
  after(async () => {
    await h.close();
    await redis.stop();
  });

  it("when Redis stops, then a scrape answers 200 with queue_read_ok 0 and no queue depths, and reads them again once it is back", async () => {
    const before = await h.http.get("/metrics").set(...bearer(ADMIN_TOKEN));
    assert.equal(sample(before.text, "markedsdialog_queue_read_ok", {}), 1);
    await redis.stop();
    const res = await h.http.get("/metrics").set(...bearer(ADMIN_TOKEN));
    assert.equal(res.status, 200, res.text);
    assert.equal(sample(res.text, "markedsdialog_queue_read_ok", {}), 0);
    assert.equal(
      sample(res.text, "markedsdialog_queue_jobs", { queue: QUEUES.deliverWebhook, state: "waiting" }),
      undefined,
    );
    redis = await startRedisServer((port) => ephemeral(port, dir), redis.port);
    await eventually(
      async () =>
        sample((await h.http.get("/metrics").set(...bearer(ADMIN_TOKEN))).text, "markedsdialog_queue_read_ok", {}),
      (ok) => ok === 1,
    );
  });
});
