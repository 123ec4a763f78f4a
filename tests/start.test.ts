/**
 * `npm start`'s entry (scripts/start.ts) as a real process against the run's FerretDB, Redis, mail catcher
 * and Meilisearch (given as MONGO_URL/REDIS_URL/SMTP_URL/MEILI_URL, so it starts no services of its own):
 * it seeds, starts the API and a worker as children, is searchable when it says it is running, and stops
 * everything on SIGTERM or when a child dies.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Meilisearch } from "meilisearch";
import { ADMIN_TOKEN } from "./helpers/harness";
import { childPids, commandLine, isAlive, startProcess, type LogLine } from "./helpers/processes";

const MEILI_URL = process.env["TEST_MEILI_URL"];
const MEILI_KEY = process.env["TEST_MEILI_MASTER_KEY"] ?? "";

const tag = `start_${process.pid}_${randomBytes(3).toString("hex")}`;
const dataDir = mkdtempSync(join(tmpdir(), "md-start-test-"));
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  MONGO_DB: `t_${tag}`,
  QUEUE_PREFIX: `t_${tag}`,
  MEILI_INDEX_PREFIX: `t_${tag}_`,
  ADMIN_TOKEN,
  DATA_DIR: dataDir,
  HOST: "127.0.0.1",
  PORT: "0",
  LOG_LEVEL: "info",
};
delete baseEnv["SEED"]; // the default: npm start seeds the demo

const running = (line: LogLine) => /^Markedsdialog is running at /.test(line.msg ?? "");
const get = async (url: string, token?: string) => {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { hits?: { title?: string }[] } };
};
/** The API and worker children of the start script, by their entry point. */
const children = (pid: number) =>
  childPids(pid).filter((child) => /services\/(api|worker)\/src\/main\.ts/.test(commandLine(child)));

describe("npm start (scripts/start.ts)", () => {
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (!MEILI_URL) return;
    const client = new Meilisearch({ host: MEILI_URL, apiKey: MEILI_KEY });
    for (const index of ["suppliers", "needs"]) await client.deleteIndex(`t_${tag}_${index}`).waitTask();
  });

  it("when SEED has a bad value, then it stops at once with a message naming SEED", async () => {
    const start = startProcess("start", "scripts/start.ts", { ...baseEnv, SEED: "lots" });
    const exit = await start.exited;
    assert.equal(exit.code, 1);
    assert.match(start.output.join("\n"), /SEED/);
  });

  describe("with Meilisearch", { skip: MEILI_URL ? false : "no Meilisearch: TEST_MEILI_URL is unset" }, () => {
    const env = { ...baseEnv, MEILI_URL, MEILI_MASTER_KEY: MEILI_KEY };
    let first: ReturnType<typeof startProcess>;
    let url = "";
    before(async () => {
      first = startProcess("start", "scripts/start.ts", env);
      url = String((await first.waitFor(running, "the running line"))["url"]);
    });
    after(async () => {
      await first?.killAll();
    });

    it("when it says it is running, then the demo data is found by search through HTTP, served by an API and a worker process", async () => {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const line = first.lines.find(running)!;
      assert.deepEqual(line["processes"], ["api", "worker"]);
      assert.equal(line["search"], "meilisearch");
      const buyerKey = first.lines.map((l) => /^demo API key \(buyer\): (\S+)$/.exec(l.msg ?? "")?.[1]).find(Boolean);
      assert.ok(buyerKey, "the demo buyer's key is printed");

      const needs = await get(`${url}/api/v1/needs/search?q=renhald&municipality=3207`);
      assert.equal(needs.status, 200);
      assert.ok(
        needs.body.hits?.some((hit) => /renhold/i.test(hit.title ?? "")),
        JSON.stringify(needs.body).slice(0, 300),
      );
      const near = await get(
        `${url}/api/v1/suppliers/search?q=${encodeURIComponent("brøyting")}&near=59.72,10.83&radiusKm=30&sort=distance`,
        buyerKey,
      );
      assert.equal(near.status, 200);
      assert.ok(Number(near.body["total"]) > 0, JSON.stringify(near.body).slice(0, 300));
      const drift = await get(`${url}/api/v1/admin/search/drift`, ADMIN_TOKEN);
      assert.deepEqual(
        [drift.body["needs"], drift.body["suppliers"]].map((r) => (r as { inSync: boolean }).inSync),
        [true, true],
      );
      assert.deepEqual(
        children(first.child.pid!).map((pid) => /services\/(\w+)\//.exec(commandLine(pid))?.[1]),
        ["api", "worker"],
      );
    });

    it("when it gets SIGTERM, then the API and the worker stop and it exits 0", async () => {
      const pids = children(first.child.pid!);
      assert.equal(pids.length, 2);
      const exit = await first.stop("SIGTERM");
      assert.deepEqual(exit, { code: 0, signal: null }, first.output.slice(-10).join("\n"));
      assert.deepEqual(pids.filter(isAlive), [], "no child outlives it");
      assert.ok(first.lines.some((l) => l.msg === "stopped" && l["name"] === "markedsdialog"));
      await assert.rejects(fetch(`${url}/healthz`));
    });

    it("when a child dies, then it stops the other and exits non-zero instead of restarting it", async () => {
      const second = startProcess("start again", "scripts/start.ts", env);
      try {
        await second.waitFor(running, "the running line");
        assert.ok(
          second.lines.some((l) => /search index needs in sync/.test(l.msg ?? "")),
          "a second seed writes nothing",
        );
        const pids = children(second.child.pid!);
        const worker = pids.find((pid) => commandLine(pid).includes("services/worker/"));
        assert.ok(worker, "a worker child runs");
        process.kill(worker, "SIGKILL");
        const exit = await second.exited;
        assert.equal(exit.code, 1);
        assert.deepEqual(pids.filter(isAlive), []);
        assert.ok(second.lines.some((l) => l.msg === "worker exited unexpectedly; stopping everything"));
      } finally {
        await second.killAll();
      }
    });
  });

  it("when MEILI_URL is not set, then one API process runs the workers and the embedded index, rebuilt from the database", async () => {
    const start = startProcess("start embedded", "scripts/start.ts", { ...baseEnv, MEILI_URL: "" });
    try {
      const line = await start.waitFor(running, "the running line");
      assert.deepEqual(line["processes"], ["api"]);
      assert.equal(line["search"], "embedded");
      const needs = await get(`${String(line["url"])}/api/v1/needs/search?q=renhald&municipality=3207`);
      assert.ok(
        needs.body.hits?.some((hit) => /renhold/i.test(hit.title ?? "")),
        JSON.stringify(needs.body).slice(0, 300),
      );
      const exit = await start.stop("SIGTERM");
      assert.equal(exit.code, 0, start.output.slice(-15).join("\n"));
    } finally {
      await start.killAll();
    }
  });
});
