/**
 * The API under attack: rate limits shared by API processes through Redis, security headers, methods,
 * strict input on every route and problem+json for what Node's parser refuses. One real API process
 * (`services/api/src/main.ts`) answers the raw-socket requests and shares its limits with two in-process
 * apps of their own contexts and Redis connections.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { createLogger, loadConfig, type Config } from "@markedsdialog/core";
import { createApp } from "@markedsdialog/api/app";
import { closeContext, createContext, type AppContext } from "@markedsdialog/api/context";
import { route } from "@markedsdialog/api/http/route";
import { searchRoutes } from "@markedsdialog/api/routes/search";
import {
  ADMIN_TOKEN,
  bearer,
  eventually,
  freshOrgNumber,
  needBody,
  startHarness,
  type Harness,
} from "./helpers/harness";
import { startProcess, type RunningProcess } from "./helpers/processes";
import { rawRequest } from "./helpers/raw-http";
import { ephemeral, startRedisServer } from "./helpers/redis-servers";

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

/** An app of its own context (and so its own Redis connection), listening on a free port. */
async function startInstance(h: Harness, config: Config) {
  const ctx: AppContext = await createContext(config, createLogger("silent", "test"), h.search);
  const server: Server = createApp(ctx, searchRoutes).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await ctx.queues.searchSync.obliterate({ force: true }).catch(() => undefined);
      await closeContext(ctx);
    },
  };
}

async function call(
  url: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; from?: string } = {},
) {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token && { authorization: `Bearer ${init.token}` }),
      ...(init.from && { "x-forwarded-for": init.from }),
      ...(init.body !== undefined && { "content-type": "application/json" }),
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Json } satisfies Answer;
}

function assertTooMany(answer: Answer) {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  assert.match(answer.headers.get("content-type") ?? "", /^application\/problem\+json/);
  assert.equal(answer.body["type"], "https://markedsdialog.no/problems/too-many-requests");
  assert.match(answer.headers.get("retry-after") ?? "", /^[1-9]\d*$/);
}

const statuses = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>((count, a) => ({ ...count, [a.status]: (count[a.status] ?? 0) + 1 }), {});

/** 12 requests at once, spread over the instances in turn. */
const race = (urls: string[], send: (url: string, i: number) => Promise<Answer>) =>
  Promise.all(Array.from({ length: 12 }, (_, i) => send(urls[i % urls.length]!, i)));

const limitEnv = (points: number, windowS: number) =>
  Object.fromEntries(
    ["AUTH_FAILURES", "SEARCH", "WRITES"].flatMap((name) => [
      [`RATE_LIMIT_${name}`, String(points)],
      [`RATE_LIMIT_${name.replace("_FAILURES", "")}_WINDOW_S`, String(windowS)],
    ]),
  );

describe("the API under attack", () => {
  let h: Harness;
  let api: RunningProcess;
  let apiUrl: string;
  let peers: Awaited<ReturnType<typeof startInstance>>[] = [];
  let buyer: { id: string; token: string };
  let otherBuyer: { id: string; token: string };
  /** The real process and the peers share this configuration: 5 of each per minute. */
  const tag = `hard_${process.pid}_${randomBytes(3).toString("hex")}`;
  let sharedEnv: NodeJS.ProcessEnv;

  before(async () => {
    h = await startHarness("hardening");
    buyer = await h.organization("buyer");
    otherBuyer = await h.organization("buyer");
    sharedEnv = {
      ...process.env,
      MONGO_DB: h.config.MONGO_DB,
      QUEUE_PREFIX: tag,
      MEILI_URL: "",
      ADMIN_TOKEN,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      ...limitEnv(5, 60),
    };
    api = startProcess("api", "services/api/src/main.ts", sharedEnv);
    apiUrl = String((await api.waitFor((l) => l.msg === "api listening", "api listening"))["url"]);
    const config = loadConfig(sharedEnv);
    peers = [await startInstance(h, config), await startInstance(h, config)];
  });
  after(async () => {
    await Promise.all(peers.map((peer) => peer.close()));
    await api?.stop();
    await h?.close();
  });
  const everyone = () => [...peers.map((peer) => peer.url), apiUrl];

  describe("rate limits, shared by every API process through Redis", () => {
    it("when one address searches past the limit, then every instance answers 429 with Retry-After, and a key has its own count", async () => {
      const answers = await race(everyone(), (url) => call(url, "/api/v1/needs/search?q=vinterdrift"));
      assert.deepEqual(statuses(answers), { 200: 5, 429: 7 });
      for (const answer of answers.filter((a) => a.status === 429)) assertTooMany(answer);
      const withKey = await call(peers[0]!.url, "/api/v1/suppliers/search?q=brøyting", { token: buyer.token });
      assert.equal(withKey.status, 200, "a buyer's key is counted apart from the address");
    });

    it("when an organisation writes past the limit, then 429 and nothing stored; other organisations and the admin still write", async () => {
      const answers = await race(everyone(), (url, i) =>
        call(url, "/api/v1/needs", {
          method: "POST",
          token: buyer.token,
          body: needBody({ title: `Behov nummer ${i}` }),
        }),
      );
      assert.deepEqual(statuses(answers), { 201: 5, 429: 7 });
      for (const answer of answers.filter((a) => a.status === 429)) assertTooMany(answer);
      const drafts = await call(apiUrl, `/api/v1/needs?buyer=${buyer.id}&status=draft`, { token: buyer.token });
      assert.equal(drafts.body["total"], 5, "a refused write stores nothing");
      const other = await call(peers[1]!.url, "/api/v1/needs", {
        method: "POST",
        token: otherBuyer.token,
        body: needBody(),
      });
      assert.equal(other.status, 201);
      const admin = { method: "POST", token: ADMIN_TOKEN, body: needBody({ buyerId: buyer.id }) };
      assert.equal((await call(peers[0]!.url, "/api/v1/needs", admin)).status, 201, "the admin is not limited");
    });

    it("when one address fails to authenticate past the limit, then keys from it get 429 on every instance, forged X-Forwarded-For or not", async () => {
      const answers = await race(everyone(), (url, i) =>
        call(url, "/api/v1/me", { token: `wrong-key-${i}`, from: `198.51.100.${i}` }),
      );
      assert.deepEqual(statuses(answers), { 401: 5, 429: 7 }, "without TRUST_PROXY, X-Forwarded-For is not believed");
      for (const answer of answers.filter((a) => a.status === 429)) assertTooMany(answer);
      for (const url of everyone()) assertTooMany(await call(url, "/api/v1/me", { token: ADMIN_TOKEN }));
      const anonymous = await call(apiUrl, "/api/v1/me");
      assert.deepEqual(
        [anonymous.status, anonymous.body],
        [200, { type: "anonymous" }],
        "requests without a key go on",
      );
    });

    it("after the window ends, requests succeed again (1 s windows; behind a trusted proxy each forwarded address counts)", async () => {
      const env = { ...sharedEnv, QUEUE_PREFIX: `${tag}_short`, TRUST_PROXY: "loopback", ...limitEnv(2, 1) };
      const [a, b] = [await startInstance(h, loadConfig(env)), await startInstance(h, loadConfig(env))];
      try {
        const from = "203.0.113.7";
        assert.equal((await call(a.url, "/api/v1/me", { token: "wrong", from })).status, 401);
        assert.equal((await call(b.url, "/api/v1/me", { token: "wrong", from })).status, 401);
        assertTooMany(await call(a.url, "/api/v1/me", { token: "wrong", from }));
        assertTooMany(await call(b.url, "/api/v1/me", { token: ADMIN_TOKEN, from }));
        assert.equal((await call(b.url, "/api/v1/me", { token: ADMIN_TOKEN, from: "203.0.113.8" })).status, 200);
        await eventually(
          () => call(a.url, "/api/v1/me", { token: ADMIN_TOKEN, from }),
          (r) => r.status === 200,
        );

        const search = (url: string) => call(url, "/api/v1/needs/search?q=veg");
        assert.deepEqual([(await search(a.url)).status, (await search(b.url)).status], [200, 200]);
        assertTooMany(await search(a.url));
        await eventually(
          () => search(b.url),
          (r) => r.status === 200,
        );

        const write = (url: string) =>
          call(url, "/api/v1/needs", { method: "POST", token: otherBuyer.token, body: needBody() });
        assert.deepEqual([(await write(a.url)).status, (await write(b.url)).status], [201, 201]);
        assertTooMany(await write(b.url));
        await eventually(
          () => write(a.url),
          (r) => r.status === 201,
        );
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("when Redis is down, the limits are counted in the process and no request fails for it", async () => {
      const dir = mkdtempSync(join(tmpdir(), "md-redis-down-"));
      const redis = await startRedisServer((port) => ephemeral(port, dir));
      const env = { ...sharedEnv, REDIS_URL: `redis://127.0.0.1:${redis.port}`, ...limitEnv(2, 60) };
      const app = await startInstance(h, loadConfig(env));
      try {
        await redis.stop();
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push((await call(app.url, "/api/v1/me", { token: "wrong" })).status);
        assert.deepEqual(answers, [401, 401, 429]);
        assert.equal((await call(app.url, "/api/v1/needs/search?q=veg")).status, 200);
        assert.equal((await call(app.url, "/api/v1/needs")).status, 200);
      } finally {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("headers", () => {
    it("every answer, errors too, says nosniff, forbids framing, sends no referrer, and API answers are never cached", async () => {
      for (const [path, status] of [
        ["/api/v1/needs", 200],
        ["/api/v1/nothing-here", 404],
        ["/healthz", 200],
      ] as const) {
        const res = await h.http.get(path);
        assert.equal(res.status, status);
        assert.equal(res.headers["x-content-type-options"], "nosniff", path);
        assert.match(res.headers["content-security-policy"] ?? "", /default-src 'none'/, path);
        assert.match(res.headers["content-security-policy"] ?? "", /frame-ancestors 'none'/, path);
        assert.equal(res.headers["x-frame-options"], "DENY", path);
        assert.equal(res.headers["referrer-policy"], "no-referrer", path);
        if (path.startsWith("/api/")) assert.equal(res.headers["cache-control"], "no-store", path);
      }
    });

    it("answers that show a key are not cached", async () => {
      const org = await h.http
        .post("/api/v1/organizations")
        .set(...bearer(ADMIN_TOKEN))
        .send({ kind: "supplier", name: "Nøkkel AS", orgNumber: freshOrgNumber(), municipality: "3207" });
      assert.equal(org.status, 201);
      const key = await h.http
        .post(`/api/v1/organizations/${org.body.id}/api-keys`)
        .set(...bearer(ADMIN_TOKEN))
        .send({});
      assert.equal(key.status, 201);
      assert.match(key.body.token, /^md_/);
      for (const res of [org, key]) assert.equal(res.headers["cache-control"], "no-store");
    });

    it("/docs has a strict policy that its page keeps: scripts and styles from this origin only, nothing inline", async () => {
      const page = await h.http.get("/docs");
      const policy = page.headers["content-security-policy"] ?? "";
      for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"])
        assert.ok(policy.includes(directive), `${directive} in ${policy}`);
      assert.doesNotMatch(policy, /unsafe|\*|https?:/);
      assert.doesNotMatch(page.text, /<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son\w+=/i, "nothing inline");
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(assets.length >= 3);
      for (const asset of assets) {
        assert.match(asset, /^\/docs\//);
        assert.equal((await h.http.get(asset)).status, 200, asset);
      }
    });
  });

  describe("methods and the HTTP layer", () => {
    it("two Authorization headers are refused with 400", async () => {
      const res = await rawRequest(apiUrl, [
        "GET /api/v1/me HTTP/1.1",
        "Host: api",
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        "Authorization: Bearer md_someone_elses_key_0123456789",
      ]);
      assert.equal(res.status, 400, res.body);
      assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/);
      assert.equal(JSON.parse(res.body).errors[0].path, "headers.authorization");
    });

    it("a wrong method on any known path is 405 with Allow listing the methods it takes", async () => {
      const doc = (await h.http.get("/api/v1/openapi.json")).body as { paths: Record<string, Json> };
      const known: [string, string[]][] = [
        ...Object.entries(doc.paths).map(([path, ops]) => [path, Object.keys(ops)] as [string, string[]]),
        ["/healthz", ["get"]],
        ["/readyz", ["get"]],
        ["/docs", ["get"]],
      ];
      for (const [template, methods] of known) {
        const path = template.replace(/\{\w+\}/g, "ffffffffffffffffffffffff");
        const allow = [...methods, ...(methods.includes("get") ? ["head"] : [])].map((m) => m.toUpperCase()).sort();
        for (const method of ["get", "post", "put", "patch", "delete"].filter((m) => !methods.includes(m))) {
          const res = await h.http[method as "post"](path).set(...bearer(ADMIN_TOKEN));
          assert.equal(res.status, 405, `${method} ${path}`);
          assert.equal(res.headers["allow"], allow.join(", "), `${method} ${path}`);
          assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/);
        }
      }
      assert.equal(
        (await h.http.patch("/api/v1/needs/search")).headers["allow"],
        "GET, HEAD",
        "the first pattern decides",
      );
      const options = await h.http.options("/api/v1/needs");
      assert.deepEqual([options.status, options.headers["allow"]], [204, "GET, HEAD, POST"]);
      assert.equal((await h.http.put("/api/v1/no-such-thing")).status, 404);
    });

    it("what Node's parser refuses (bad Content-Length, Content-Length with chunks, huge headers) is problem+json", async () => {
      const post = (headers: string[], body = "") =>
        rawRequest(
          apiUrl,
          ["POST /api/v1/needs HTTP/1.1", "Host: api", "Content-Type: application/json", ...headers],
          body,
        );
      for (const [what, res, status] of [
        ["Content-Length: abc", await post(["Content-Length: abc"], "{}"), 400],
        ["two Content-Lengths", await post(["Content-Length: 2", "Content-Length: 3"], "{}"), 400],
        [
          "Content-Length and chunked",
          await post(["Content-Length: 2", "Transfer-Encoding: chunked"], "2\r\n{}\r\n0\r\n\r\n"),
          400,
        ],
        ["20 KB of headers", await post([`X-Filler: ${"x".repeat(20_000)}`, "Content-Length: 2"], "{}"), 431],
        ["Content-Encoding: compress", await post(["Content-Encoding: compress", "Content-Length: 2"], "{}"), 415],
        ["gzip that is not", await post(["Content-Encoding: gzip", "Content-Length: 2"], "{}"), 400],
      ] as const) {
        assert.equal(res.status, status, `${what}: ${res.status} ${res.body}`);
        assert.match(res.headers["content-type"] ?? "", /^application\/problem\+json/, what);
        const problem = JSON.parse(res.body) as Json;
        assert.equal(problem["status"], status, what);
        assert.match(String(problem["type"]), /^https:\/\/markedsdialog\.no\/problems\//, what);
      }
    });
  });

  describe("strict input on every route", () => {
    it("every documented operation refuses an unknown query parameter and an unknown body field, by path", async () => {
      const doc = (await h.http.get("/api/v1/openapi.json")).body as { paths: Record<string, Json> };
      for (const [template, ops] of Object.entries(doc.paths)) {
        const path = template.replace(/\{\w+\}/g, "ffffffffffffffffffffffff");
        for (const method of Object.keys(ops)) {
          const res = await h.http[method as "post"](`${path}?zz=1`)
            .set(...bearer(ADMIN_TOKEN))
            .send({ zz: 1 });
          assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(res.body)}`);
          const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
          assert.ok(paths.includes("query.zz") && paths.includes("body.zz"), `${method} ${path}: ${paths.join(", ")}`);
        }
      }
    });

    it("the reported holes: /needs/{id}?fields=all, /me?x=1, /healthz?x=1, and reindex?x=1, which no longer reindexes", async () => {
      const need = await h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ title: "Snøsmelteanlegg for torget", status: "published" }));
      assert.equal(need.status, 201);
      const fields = await h.http.get(`/api/v1/needs/${need.body.id}?fields=all`);
      assert.deepEqual([fields.status, fields.body.errors?.[0]?.path], [400, "query.fields"]);
      const me = await h.http.get("/api/v1/me?x=1");
      assert.deepEqual([me.status, me.body.errors?.[0]?.path], [400, "query.x"]);
      assert.equal((await h.http.get("/healthz?x=1")).status, 400);
      // The harness runs no workers: the need reaches the index only through a reindex.
      const found = async () =>
        ((await h.http.get("/api/v1/needs/search?q=snøsmelteanlegg")).body.hits as { id: string }[]).map(
          (hit) => hit.id,
        );
      assert.deepEqual(await found(), []);
      const reindex = await h.http.post("/api/v1/admin/search/reindex?x=1").set(...bearer(ADMIN_TOKEN));
      assert.deepEqual([reindex.status, reindex.body.errors?.[0]?.path], [400, "query.x"]);
      assert.deepEqual(await found(), [], "the refused request did not reindex");
      assert.equal((await h.http.post("/api/v1/admin/search/reindex").set(...bearer(ADMIN_TOKEN))).status, 200);
      assert.deepEqual(await found(), [need.body.id]);
    });

    it("a route whose schema would let unknown fields through does not mount", () => {
      const loose = route({
        method: "post",
        path: "/loose",
        operationId: "loose",
        summary: "A route with a loose body",
        tag: "Test",
        access: "public",
        body: z.strictObject({ inner: z.object({ a: z.string() }) }),
        handle: async () => ({}),
      });
      assert.throws(
        () => createApp(h.ctx, [loose]),
        /POST \/loose: its body schema accepts unknown fields at \/properties\/inner/,
      );
    });
  });

  it("the limits and TRUST_PROXY come from the environment; trusting every proxy is refused", () => {
    const config = loadConfig({});
    assert.deepEqual(
      [config.RATE_LIMIT_AUTH_FAILURES, config.RATE_LIMIT_AUTH_WINDOW_S, config.TRUST_PROXY],
      [100, 900, false],
      "at most 100 failed authentications per address in 15 minutes",
    );
    assert.deepEqual(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY, ["loopback", "10.0.0.0/8"]);
    assert.equal(loadConfig({ TRUST_PROXY: "1", RATE_LIMIT_SEARCH: "0" }).RATE_LIMIT_SEARCH, 0);
    assert.throws(() => loadConfig({ TRUST_PROXY: "true" }), /TRUST_PROXY/);
    assert.throws(() => loadConfig({ RATE_LIMIT_WRITES: "lots" }), /RATE_LIMIT_WRITES/);
    assert.throws(() => loadConfig({ RATE_LIMIT_SEARCH_WINDOW_S: "0" }), /RATE_LIMIT_SEARCH_WINDOW_S/);
  });
});
