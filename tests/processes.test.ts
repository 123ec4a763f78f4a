import { QUEUES } from "@markedsdialog/core";
/**
 * Several processes, one system: two API processes and two worker processes (`node --import tsx
 * services/…/main.ts`, as `npm run start:api` / `start:worker` run them) against the run's FerretDB, Redis
 * and Meilisearch. Writes go through both APIs at once; every record must reach the index at its last
 * version, and every search-sync job must complete exactly once across both workers (read from the
 * workers' `job completed` log lines).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Meilisearch } from "meilisearch";
import { ADMIN_TOKEN, eventually, freshOrgNumber, needBody } from "./helpers/harness";
import { startCommand, startProcess, type RunningProcess } from "./helpers/processes";

const MEILI_URL = process.env["TEST_MEILI_URL"];
const MEILI_KEY = process.env["TEST_MEILI_MASTER_KEY"] ?? "";

type Json = Record<string, unknown>;
interface Api {
  url: string;
  call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }>;
}

function apiAt(url: string): Api {
  return {
    url,
    async call(method, path, token, body) {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
    },
  };
}

const profileBody = (name: string, words: string) => ({
  name,
  description: `Entreprenør med egne maskiner. ${words}`,
  capabilities: "Brøyting, strøing og vintervedlikehold av kommunale veier.",
  cpv: ["90620000"],
  municipality: "3207",
  serviceArea: {},
});

if (!MEILI_URL) {
  console.log(
    "Multi-process suite SKIPPED: no Meilisearch (TEST_MEILI_URL is unset; npm test sets it when the binary exists)",
  );
  it("two APIs and two workers against Meilisearch", { skip: "no Meilisearch: TEST_MEILI_URL is unset" }, () => {});
} else {
  describe("two API processes and two worker processes, one system", () => {
    const tag = `procs_${process.pid}_${randomBytes(3).toString("hex")}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGO_DB: `t_${tag}`,
      QUEUE_PREFIX: `t_${tag}`,
      MEILI_URL,
      MEILI_MASTER_KEY: MEILI_KEY,
      MEILI_INDEX_PREFIX: `t_${tag}_`,
      ADMIN_TOKEN,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
    };
    let processes: RunningProcess[] = [];
    let workers: RunningProcess[] = [];
    let apis: Api[] = [];
    /** The processes' error lines, for failure messages. */
    const errors = () =>
      processes
        .flatMap((p) => p.lines.filter((l) => Number(l["level"]) >= 50).map((l) => `${p.name}: ${JSON.stringify(l)}`))
        .join("\n")
        .slice(0, 4000);
    /** Every version a write answered with, as the search-sync job id it must have produced. */
    const written = new Map<string, { index: "needs" | "suppliers"; id: string; version: number; status?: string }>();
    const record = (index: "needs" | "suppliers", res: { status: number; body: Json }) => {
      const { id, version, status } = res.body as { id: string; version: number; status?: string };
      written.set(`${index}-${id}-v${version}`, { index, id, version, status });
    };

    before(async () => {
      workers = [
        startProcess("worker 1", "services/worker/src/main.ts", env),
        startProcess("worker 2", "services/worker/src/main.ts", env),
      ];
      const apiProcesses = [
        startProcess("api 1", "services/api/src/main.ts", env),
        startProcess("api 2", "services/api/src/main.ts", env),
      ];
      processes = [...apiProcesses, ...workers];
      await Promise.all(workers.map((w) => w.waitFor((l) => l.msg === "workers started", "workers started")));
      const listening = await Promise.all(
        apiProcesses.map((p) => p.waitFor((l) => l.msg === "api listening", "api listening")),
      );
      apis = listening.map((line) => apiAt(String(line["url"])));
    });
    after(async () => {
      await Promise.all(processes.map((p) => p.killAll()));
      const client = new Meilisearch({ host: MEILI_URL, apiKey: MEILI_KEY });
      for (const index of ["suppliers", "needs"]) await client.deleteIndex(`t_${tag}_${index}`).waitTask();
    });

    it("when writes go through both APIs at once, then the index ends at every record's last version and each job ran exactly once", async () => {
      const [a, b] = apis as [Api, Api];
      const organization = async (api: Api, kind: "buyer" | "supplier") => {
        const name = `${kind} ${tag} ${randomBytes(2).toString("hex")}`;
        const org = await api.call("POST", "/organizations", ADMIN_TOKEN, {
          kind,
          name,
          orgNumber: freshOrgNumber(),
          municipality: "3207",
          ...(kind === "buyer" && { buyerType: "kommune" }),
        });
        assert.equal(org.status, 201, JSON.stringify(org.body));
        const key = await api.call("POST", `/organizations/${String(org.body["id"])}/api-keys`, ADMIN_TOKEN, {});
        return { id: String(org.body["id"]), token: String(key.body["token"]), name };
      };
      const buyers = await Promise.all([organization(a, "buyer"), organization(b, "buyer")]);
      const suppliers = await Promise.all(Array.from({ length: 6 }, (_, i) => organization(i % 2 ? b : a, "supplier")));

      // Round 1, concurrently through both APIs: needs created (published or draft), profiles registered.
      const created = await Promise.all(
        buyers.flatMap((buyer, i) =>
          Array.from({ length: 4 }, async (_, j) => {
            const api = (i + j) % 2 ? b : a;
            const res = await api.call("POST", "/needs", buyer.token, {
              ...needBody({ title: `Flerprosess ${tag} behov ${i}-${j}` }),
              ...(j % 2 === 0 && { status: "published" }),
            });
            assert.equal(res.status, 201, `${JSON.stringify(res.body)}\n${errors()}`);
            record("needs", res);
            return { id: String(res.body["id"]), token: buyer.token, status: String(res.body["status"]) };
          }),
        ),
      );
      await Promise.all(
        suppliers.map(async (s, i) => {
          const res = await (i % 2 ? a : b).call(
            "PUT",
            `/suppliers/${s.id}/profile`,
            s.token,
            profileBody(s.name, "første"),
          );
          assert.equal(res.status, 200, `${JSON.stringify(res.body)}\n${errors()}`);
          record("suppliers", res);
        }),
      );

      // Round 2: both APIs race on the same records. A need's edit and status change may collide (one 409s,
      // nothing is written for it); two replacements of one profile are applied in turn.
      const outcomes = await Promise.all([
        ...created.flatMap((need, i) => [
          b.call("PATCH", `/needs/${need.id}`, need.token, { description: `Endret gjennom API 2, runde ${i}.` }),
          a.call("POST", `/needs/${need.id}/status`, need.token, {
            status: need.status === "draft" ? "published" : i % 3 === 0 ? "cancelled" : "in_dialogue",
          }),
        ]),
        ...suppliers.flatMap((s) => [
          a.call("PUT", `/suppliers/${s.id}/profile`, s.token, profileBody(s.name, "andre fra API 1")),
          b.call("PUT", `/suppliers/${s.id}/profile`, s.token, profileBody(s.name, "andre fra API 2")),
        ]),
      ]);
      const needOutcomes = outcomes.slice(0, created.length * 2);
      for (const res of needOutcomes) {
        assert.ok(res.status === 200 || res.status === 409, `${res.status} ${JSON.stringify(res.body)}\n${errors()}`);
        if (res.status === 200) record("needs", res);
      }
      for (const res of outcomes.slice(created.length * 2)) {
        assert.equal(res.status, 200, `${JSON.stringify(res.body)}\n${errors()}`);
        record("suppliers", res);
      }
      // One profile withdrawn once the races on it are over: its next version removes it from the index.
      const withdrawn = suppliers[0]!;
      const last = Math.max(...[...written.values()].filter((w) => w.id === withdrawn.id).map((w) => w.version));
      assert.equal((await b.call("DELETE", `/suppliers/${withdrawn.id}/profile`, withdrawn.token)).status, 204);
      written.set(`suppliers-${withdrawn.id}-v${last + 1}`, {
        index: "suppliers",
        id: withdrawn.id,
        version: last + 1,
      });

      const completed = () =>
        workers.flatMap((w) =>
          w.lines
            .filter((l) => l.msg === "job completed" && l["queue"] === QUEUES.searchSync)
            .map((l) => String(l["jobId"])),
        );
      await eventually(
        async () => completed().length,
        (n) => n >= written.size,
        120_000,
      );
      const inSync = (res: { body: Json }) =>
        (["needs", "suppliers"] as const).every((index) => (res.body[index] as Json | undefined)?.["inSync"] === true);
      const drift = await eventually(() => a.call("GET", "/admin/search/drift", ADMIN_TOKEN), inSync, 120_000);
      assert.equal((drift.body["suppliers"] as Json)["expected"], suppliers.length - 1, "the withdrawn profile is out");

      // What both APIs wrote, either finds: they read the same index. Open needs are the searchable ones.
      const finalStatus = new Map<string, { version: number; status: string }>();
      for (const w of written.values()) {
        if (w.index === "needs" && w.version > (finalStatus.get(w.id)?.version ?? 0))
          finalStatus.set(w.id, { version: w.version, status: w.status ?? "" });
      }
      for (const [i, buyer] of buyers.entries()) {
        const mine = created.filter((n) => n.token === buyer.token).map((n) => finalStatus.get(n.id)?.status);
        const open = mine.filter((status) => status === "published" || status === "in_dialogue").length;
        const found = await apis[1 - i]!.call("GET", `/needs/search?q=flerprosess&buyer=${buyer.id}&limit=100`);
        assert.equal(found.status, 200, JSON.stringify(found.body));
        assert.equal(found.body["total"], open, `buyer ${i}'s open needs, found through the other API`);
      }

      // Graceful stop: each process finishes what it is doing and exits 0.
      const exits = await Promise.all(processes.map((p) => p.stop()));
      assert.deepEqual(
        exits.map((e) => e.code),
        processes.map(() => 0),
        processes.map((p) => `${p.name}:\n${p.output.slice(-5).join("\n")}`).join("\n"),
      );

      const ids = completed();
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      assert.deepEqual(
        [...counts].filter(([, n]) => n > 1),
        [],
        "no job completed twice",
      );
      assert.deepEqual([...counts.keys()].sort(), [...written.keys()].sort(), "one job per version written");
      assert.equal(ids.length, written.size);
      const perWorker = workers.map((w) => `${w.name}: ${w.lines.filter((l) => l.msg === "job completed").length}`);
      console.log(`jobs completed: ${ids.length} (${perWorker.join(", ")})`);
    });

    it("when `npm run start:api` and `npm run start:worker` get SIGTERM (as docker stop sends it), then node gets it and stops cleanly", async () => {
      const npm = process.platform === "win32" ? "npm.cmd" : "npm";
      const started = [
        startCommand("npm start:api", npm, ["run", "--silent", "start:api"], env),
        startCommand("npm start:worker", npm, ["run", "--silent", "start:worker"], env),
      ];
      processes.push(...started);
      await started[0]!.waitFor((l) => l.msg === "api listening", "api listening");
      await started[1]!.waitFor((l) => l.msg === "workers started", "workers started");
      await Promise.all(started.map((p) => p.stop("SIGTERM")));
      // npm's own exit status after forwarding a signal varies (0, or the signal re-raised); node's lines don't.
      for (const p of started) {
        const said = (msg: string) => p.lines.some((l) => l.msg === msg && l["signal"] === "SIGTERM");
        const tail = p.output.slice(-5).join("\n");
        assert.ok(said("shutting down") && said("stopped"), `${p.name} stopped cleanly on SIGTERM:\n${tail}`);
      }
    });
  });
}
