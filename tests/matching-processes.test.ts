/**
 * Two API processes (`node --import tsx services/api/src/main.ts`, as `npm run start:api` runs it) against
 * one FerretDB and one Redis: subscriptions written through either, racing, must leave the shared matching
 * index equal to the database, and a need matched through either process must reach the same suppliers.
 * Both run the embedded search engine, whose index is per process; only the Redis index is tested here.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ADMIN_TOKEN, freshOrgNumber, needBody } from "./helpers/harness";
import { startProcess, type RunningProcess } from "./helpers/processes";

type Json = Record<string, unknown>;
type Call = (method: string, path: string, token?: string, body?: unknown) => Promise<{ status: number; body: Json }>;

const api =
  (url: string): Call =>
  async (method, path, token, body) => {
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
  };

describe("two API processes share one matching index", () => {
  const tag = `mproc_${process.pid}_${randomBytes(3).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGO_DB: `t_${tag}`,
    QUEUE_PREFIX: `t_${tag}`,
    MEILI_URL: "",
    ADMIN_TOKEN,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "info",
  };
  let processes: RunningProcess[] = [];
  let a: Call;
  let b: Call;

  before(async () => {
    processes = [
      startProcess("api 1", "services/api/src/main.ts", env),
      startProcess("api 2", "services/api/src/main.ts", env),
    ];
    const listening = await Promise.all(
      processes.map((p) => p.waitFor((l) => l.msg === "api listening", "api listening")),
    );
    [a, b] = listening.map((line) => api(String(line["url"]))) as [Call, Call];
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.killAll()));
  });

  it("when subscriptions are written through both APIs at once, then the index equals the database and both match alike", async () => {
    const organization = async (call: Call, kind: "buyer" | "supplier") => {
      const org = await call("POST", "/organizations", ADMIN_TOKEN, {
        kind,
        name: `${kind} ${tag} ${randomBytes(2).toString("hex")}`,
        orgNumber: freshOrgNumber(),
        municipality: "3207",
        ...(kind === "buyer" && { buyerType: "kommune" }),
      });
      assert.equal(org.status, 201, JSON.stringify(org.body));
      const key = await call("POST", `/organizations/${String(org.body["id"])}/api-keys`, ADMIN_TOKEN, {});
      return { id: String(org.body["id"]), token: String(key.body["token"]) };
    };
    const buyer = await organization(a, "buyer");
    const suppliers = await Promise.all([0, 1, 2, 3].map((i) => organization(i % 2 ? b : a, "supplier")));
    const snow = { channels: ["inapp"], frequency: "instant", cpv: ["90620000"] };

    // Round 1, through both processes at once: three subscriptions per supplier.
    const created = await Promise.all(
      suppliers.flatMap((s, i) =>
        [0, 1, 2].map(async (j) => {
          const res = await ((i + j) % 2 ? b : a)("POST", "/subscriptions", s.token, {
            ...snow,
            ...(j === 1 && { cpv: ["45000000"] }),
            ...(j === 2 && { municipalities: ["3207"] }),
          });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          return { id: String(res.body["id"]), token: s.token, supplier: s.id };
        }),
      ),
    );
    // Round 2: both processes race on the same subscriptions: changes, deletions, changes of deleted ones.
    const outcomes = await Promise.all(
      created.flatMap((sub, i) => [
        a("PATCH", `/subscriptions/${sub.id}`, sub.token, { keywords: ["brøyting"], cpv: null }),
        b("PATCH", `/subscriptions/${sub.id}`, sub.token, { counties: ["31"] }),
        ...(i % 3 === 0 ? [b("DELETE", `/subscriptions/${sub.id}`, sub.token)] : []),
      ]),
    );
    assert.ok(outcomes.length >= 24);
    for (const res of outcomes)
      assert.ok([200, 204, 404, 409].includes(res.status), `${res.status} ${JSON.stringify(res.body)}`);

    for (const call of [a, b]) {
      const drift = await call("GET", "/admin/matching/drift", ADMIN_TOKEN);
      assert.equal(drift.status, 200);
      assert.equal(drift.body["inSync"], true, JSON.stringify(drift.body));
      assert.equal(drift.body["expected"], created.length - created.filter((_, i) => i % 3 === 0).length);
    }

    // Round 3: a final state known in advance, written through one process and matched through the other.
    const [keep, drop] = [created[1]!, created[2]!];
    assert.equal(
      (
        await b("PATCH", `/subscriptions/${keep.id}`, keep.token, {
          ...snow,
          keywords: null,
          counties: null,
          municipalities: null,
        })
      ).status,
      200,
    );
    assert.equal((await a("DELETE", `/subscriptions/${drop.id}`, drop.token)).status, 204);
    const need = await b("POST", "/needs", buyer.token, needBody({ status: "published", cpv: ["90620000"] }));
    assert.equal(need.status, 201);
    const viaA = await a("GET", `/needs/${String(need.body["id"])}/matches?limit=100`, buyer.token);
    const viaB = await b("GET", `/needs/${String(need.body["id"])}/matches?limit=100`, buyer.token);
    assert.equal(viaA.status, 200, JSON.stringify(viaA.body));
    assert.deepEqual(viaA.body["items"], viaB.body["items"], "both processes match alike");
    const reached = (viaA.body["items"] as { supplier: { id: string } }[]).map((m) => m.supplier.id);
    assert.ok(reached.includes(keep.supplier), "the change made through API 2 is matched by API 1");
    assert.equal(
      (await b("GET", `/subscriptions/${drop.id}`, drop.token)).status,
      404,
      "deleted through API 1, gone for API 2",
    );
    const drift = await b("GET", "/admin/matching/drift", ADMIN_TOKEN);
    assert.equal(drift.body["inSync"], true, JSON.stringify(drift.body));
  });
});
