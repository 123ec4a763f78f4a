/**
 * The queues through Redis Sentinel: a redis-server master and one sentinel monitoring it (Debian's
 * redis-server in sentinel mode), each on a free loopback port of its own. With REDIS_SENTINEL_NAME set,
 * REDIS_URL names the sentinel and the API's producer and the worker ask it for the master.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ConfigError, loadConfig } from "@markedsdialog/core";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { ephemeral, startRedisServer, type RedisServer } from "./helpers/redis-servers";

const MASTER = "md-master";

describe("queues through Redis Sentinel (REDIS_SENTINEL_NAME)", () => {
  let dir: string;
  let master: RedisServer;
  let sentinel: RedisServer;
  let h: Harness;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "md-redis-sentinel-"));
    master = await startRedisServer((port) => ephemeral(port, dir));
    const conf = join(dir, "sentinel.conf"); // sentinel rewrites its configuration file, so it must own one
    sentinel = await startRedisServer((port) => {
      writeFileSync(
        conf,
        `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${MASTER} 127.0.0.1 ${master.port} 1\n`,
      );
      return [conf, "--sentinel"];
    });
    const ask = await sentinel.connect();
    try {
      await eventually(
        () => ask.call("SENTINEL", "get-master-addr-by-name", MASTER) as Promise<string[] | null>,
        (addr) => addr?.[1] === String(master.port),
      );
    } finally {
      ask.disconnect();
    }
    h = await startHarness(
      "sentinel",
      { REDIS_URL: `redis://127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_NAME: MASTER },
      { workers: true },
    );
  });
  after(async () => {
    await h?.close();
    await sentinel?.stop();
    await master?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("when needs are written, then their jobs go through the master the sentinel names and complete", async () => {
    const buyer = await h.organization("buyer");
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Vakttest: vinterdrift av kommunale veier" }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const found = await eventually(
      () => h.http.get("/api/v1/needs/search").query({ q: "vakttest" }),
      (r) => r.body.total === 1,
    );
    assert.equal(found.body.hits[0].id, res.body.id);
    const direct = await master.connect();
    try {
      const keys = await direct.keys(`${h.config.QUEUE_PREFIX}:search-sync:*`);
      assert.ok(keys.length > 0, "the queue's keys are on the master");
    } finally {
      direct.disconnect();
    }
  });

  it("when Sentinel is combined with Cluster or TLS, then the configuration is refused naming the variable", () => {
    const base = { REDIS_URL: "redis://127.0.0.1:26379", REDIS_SENTINEL_NAME: MASTER };
    assert.throws(
      () => loadConfig({ ...base, REDIS_CLUSTER: "true" }),
      (e) => e instanceof ConfigError && /REDIS_SENTINEL_NAME/.test(e.message),
    );
    assert.throws(() => loadConfig({ ...base, REDIS_URL: "rediss://127.0.0.1:26379" }), /REDIS_URL/);
    assert.equal(loadConfig(base).REDIS_SENTINEL_NAME, MASTER);
  });
});
