/**
 * The queues on a real Redis Cluster: a single-node cluster (Debian's redis-server with cluster mode on,
 * every slot assigned to it) on a free loopback port of its own, reached through ioredis Cluster with
 * REDIS_CLUSTER=true by the API's producer and the worker.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Queue } from "bullmq";
import { Cluster } from "ioredis";
import { QUEUES } from "@markedsdialog/core";
import { bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";
import { ephemeral, startRedisServer, type RedisServer } from "./helpers/redis-servers";

/** A redis-server with cluster mode on, all 16384 slots assigned to it, once cluster_state is ok. */
async function startSingleNodeCluster(dir: string): Promise<RedisServer> {
  const server = await startRedisServer((port) => [
    ...ephemeral(port, dir),
    ...["--cluster-enabled", "yes", "--cluster-config-file", join(dir, "nodes.conf")],
    // Alone, a node does not know its address and CLUSTER SLOTS would name it "": clients could not follow.
    ...["--cluster-announce-ip", "127.0.0.1"],
  ]);
  const admin = await server.connect();
  try {
    assert.equal(await admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383"), "OK");
    await eventually(
      () => admin.call("CLUSTER", "INFO") as Promise<string>,
      (info) => /cluster_state:ok/.test(info),
    );
  } finally {
    admin.disconnect();
  }
  return server;
}

describe("queues on Redis Cluster (REDIS_CLUSTER=true)", () => {
  let dir: string;
  let cluster: RedisServer;
  let h: Harness;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "md-redis-cluster-"));
    cluster = await startSingleNodeCluster(dir);
    h = await startHarness(
      "cluster",
      { REDIS_URL: `redis://127.0.0.1:${cluster.port}`, REDIS_CLUSTER: "true" },
      { workers: true },
    );
  });
  after(async () => {
    await h?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("when the API and the worker talk to a cluster, then they connect through ioredis Cluster", () => {
    assert.ok(h.ctx.redis instanceof Cluster, "the producer's connection is a Cluster client");
    assert.ok(h.workers, "the workers started");
    assert.match(h.config.QUEUE_PREFIX, /^\{.+\}$/, "the queue prefix is a hash tag");
  });

  it("when needs and profiles are written, then their search-sync jobs complete on the cluster and none fails", async () => {
    const buyer = await h.organization("buyer");
    const supplier = await h.organization("supplier");
    const written = await Promise.all([
      h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ status: "published", title: "Klyngetest: vinterdrift av kommunale veier" })),
      h.http
        .put(`/api/v1/suppliers/${supplier.id}/profile`)
        .set(...bearer(supplier.token))
        .send({
          name: supplier.name,
          description: "Entreprenør med egne maskiner.",
          capabilities: "Klyngetest: brøyting og strøing av kommunale veier.",
          cpv: ["90620000"],
          municipality: "3207",
          serviceArea: {},
        }),
    ]);
    assert.deepEqual(
      written.map((res) => res.status),
      [201, 200],
      JSON.stringify(written.map((r) => r.body)),
    );
    const need = written[0].body as { id: string };
    const found = await eventually(
      () => h.http.get("/api/v1/needs/search").query({ q: "klyngetest" }),
      (res) => res.body.total === 1,
    );
    assert.equal(found.body.hits[0].id, need.id);
    await eventually(
      () =>
        h.http
          .get("/api/v1/suppliers/search")
          .query({ q: "klyngetest" })
          .set(...bearer(buyer.token)),
      (res) => res.body.total === 1,
    );
    const counts = await eventually(
      () => h.ctx.queues.searchSync.getJobCounts("completed", "failed", "waiting", "active", "delayed"),
      (c) => c["completed"] === 2,
    );
    assert.deepEqual(counts, { completed: 2, failed: 0, waiting: 0, paused: 0, active: 0, delayed: 0 });
  });

  it("when a queue prefix is not hash-tagged, then the cluster refuses its jobs (CROSSSLOT): the tag is what makes it work", async () => {
    const untagged = new Queue(QUEUES.searchSync, {
      connection: h.ctx.redis,
      prefix: h.config.QUEUE_PREFIX.slice(1, -1),
    });
    try {
      await assert.rejects(untagged.add("sync", { index: "needs", id: "x", version: 1 }), /CROSSSLOT/);
    } finally {
      await untagged.close();
    }
  });
});
