/**
 * Organisations and their keys through HTTP: issuing, listing and revoking keys, the admin's changes and
 * deactivation, what anonymous callers see, and ids that cannot be counted. Revocation across processes runs
 * against two real API processes; Redis away against a redis-server of its own that the test stops.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import {
  startHarness,
  needBody,
  bearer,
  eventually,
  freshOrgNumber,
  ADMIN_TOKEN,
  type Harness,
} from "./helpers/harness";
import {
  apiKeyListAnswer,
  issuedApiKeyAnswer,
  organizationAnswer,
  organizationListAnswer,
  publicOrganizationAnswer,
} from "@markedsdialog/core";
import { startProcess, type RunningProcess } from "./helpers/processes";
import { ephemeral, startRedisServer, type RedisServer } from "./helpers/redis-servers";

type Json = Record<string, unknown>;
const admin = bearer(ADMIN_TOKEN);
const UNKNOWN_KEY_ID = "0123456789abcdef01234567";

describe("organisations and their keys", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness("organizations", {}, { workers: true });
  });
  after(async () => h.close());

  const issueKey = async (orgId: string, label?: string) => {
    const res = await h.http
      .post(`/api/v1/organizations/${orgId}/api-keys`)
      .set(...admin)
      .send(label ? { label } : {});
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return issuedApiKeyAnswer.parse(res.body);
  };
  const me = (token: string) => h.http.get("/api/v1/me").set(...bearer(token));

  it("when the admin issues a key, then its id comes back and the organisation lists its keys with label, prefix, issued and last used, never the token", async () => {
    const org = await h.organization("supplier");
    const key = await issueKey(org.id, "CRM-integrasjon");
    assert.match(key.id, /^[0-9a-f]{24}$/);
    assert.equal(key.label, "CRM-integrasjon");
    assert.equal((await me(key.token)).status, 200);

    const list = await h.http.get(`/api/v1/organizations/${org.id}/api-keys`).set(...bearer(org.token));
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(apiKeyListAnswer.parse(list.body).total, 2);
    const listed = list.body.items.find((k: Json) => k["id"] === key.id);
    assert.deepEqual(Object.keys(listed).sort(), ["createdAt", "id", "label", "lastUsedAt", "prefix"]);
    assert.equal(listed.label, "CRM-integrasjon");
    assert.equal(listed.prefix, key.token.slice(0, 8));
    assert.ok(Date.parse(listed.lastUsedAt) <= Date.now(), "the key was used, so it has a last use");
    const text = JSON.stringify(list.body);
    for (const token of [key.token, org.token]) assert.ok(!text.includes(token.slice(8)), "no token is listed");
    const byAdmin = await h.http.get(`/api/v1/organizations/${org.id}/api-keys`).set(...admin);
    assert.equal(byAdmin.status, 200);
    assert.equal(byAdmin.body.total, 2);
  });

  it("when an organisation revokes one of its keys, then that key is refused on the next request, and revoking it again or an unknown key is 404", async () => {
    const org = await h.organization("buyer");
    const second = await issueKey(org.id, "andre nøkkel");
    assert.equal((await me(second.token)).status, 200, "remembered by this process before the revocation");

    const revoked = await h.http
      .delete(`/api/v1/organizations/${org.id}/api-keys/${second.id}`)
      .set(...bearer(org.token));
    assert.equal(revoked.status, 204, JSON.stringify(revoked.body));
    assert.equal((await me(second.token)).status, 401);
    assert.equal((await me(org.token)).status, 200, "the other key still works");
    const list = await h.http.get(`/api/v1/organizations/${org.id}/api-keys`).set(...bearer(org.token));
    assert.deepEqual(
      list.body.items.map((k: Json) => k["id"]).filter((id: unknown) => id === second.id),
      [],
    );

    for (const keyId of [second.id, UNKNOWN_KEY_ID]) {
      const again = await h.http.delete(`/api/v1/organizations/${org.id}/api-keys/${keyId}`).set(...admin);
      assert.equal(again.status, 404, keyId);
      assert.match(again.headers["content-type"] ?? "", /application\/problem\+json/);
      assert.equal(again.body.type, "https://markedsdialog.no/problems/not-found");
    }
  });

  it("when the admin deactivates a buyer, then its keys stop at once, its needs stay public marked as from an inactive organisation, and reactivation restores the keys", async () => {
    const buyer = await h.organization("buyer");
    const word = `deaktivert${randomBytes(3).toString("hex")}`;
    const published = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: `Vinterdrift ${word}` }));
    assert.equal(published.status, 201);
    assert.equal(published.body.buyer.active, true);
    const draft = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ title: "Utkast som ikke slettes" }));
    assert.equal((await me(buyer.token)).status, 200);

    const off = await h.http
      .patch(`/api/v1/organizations/${buyer.id}`)
      .set(...admin)
      .send({ active: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.active, false);
    assert.equal((await me(buyer.token)).status, 401, "the key stops at once");
    const write = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    assert.equal(write.status, 401);
    const onBehalf = await h.http
      .post("/api/v1/needs")
      .set(...admin)
      .send(needBody({ buyerId: buyer.id }));
    assert.equal(onBehalf.status, 400);
    assert.equal(onBehalf.body.errors[0].path, "body.buyerId");

    const id = published.body.id as string;
    await eventually(
      () => h.http.get(`/api/v1/needs/${id}`),
      (res) => res.status === 200 && res.body.buyer.active === false,
    );
    await eventually(
      () => h.http.get("/api/v1/needs").query({ buyer: buyer.id }),
      (res) => res.body.items?.length === 1 && res.body.items[0].buyer.active === false,
    );
    await eventually(
      () => h.http.get("/api/v1/needs/search").query({ q: word }),
      (res) => res.body.hits?.length === 1 && res.body.hits[0].buyerActive === false,
    );
    const kept = await h.http.get(`/api/v1/needs/${draft.body.id}`).set(...admin);
    assert.equal(kept.status, 200, "nothing is deleted");
    assert.equal(kept.body.buyer.active, false);
    assert.equal((await h.http.get(`/api/v1/organizations/${buyer.id}`)).body.active, false);

    const on = await h.http
      .patch(`/api/v1/organizations/${buyer.id}`)
      .set(...admin)
      .send({ active: true });
    assert.equal(on.status, 200);
    assert.equal((await me(buyer.token)).status, 200, "reactivation restores the keys");
    await eventually(
      () => h.http.get(`/api/v1/needs/${id}`),
      (res) => res.body.buyer?.active === true,
    );
  });

  it("when the admin changes an organisation, then the fields are checked as at registration and a rename reaches its needs", async () => {
    const buyer = await h.organization("buyer", { email: "post@example.no" });
    const supplier = await h.organization("supplier");
    const refused: [string, Json, string][] = [
      [buyer.id, { municipality: "9999" }, "body.municipality"],
      [buyer.id, { name: "x" }, "body.name"],
      [buyer.id, { email: "ikke-epost" }, "body.email"],
      [buyer.id, { active: "nei" }, "body.active"],
      [buyer.id, { orgNumber: freshOrgNumber() }, "body"],
      [supplier.id, { buyerType: "kommune" }, "body.buyerType"],
    ];
    for (const [id, patch, path] of refused) {
      const res = await h.http
        .patch(`/api/v1/organizations/${id}`)
        .set(...admin)
        .send(patch);
      assert.equal(res.status, 400, JSON.stringify(patch));
      assert.match(res.headers["content-type"] ?? "", /application\/problem\+json/);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${JSON.stringify(patch)}: ${JSON.stringify(res.body.errors)}`,
      );
    }
    const empty = await h.http
      .patch(`/api/v1/organizations/${buyer.id}`)
      .set(...admin)
      .send({});
    assert.equal(empty.status, 400);
    const missing = await h.http
      .patch(`/api/v1/organizations/${UNKNOWN_KEY_ID}`)
      .set(...admin)
      .send({ name: "Ingen" });
    assert.equal(missing.status, 404);
    const unchanged = await h.http.get(`/api/v1/organizations/${buyer.id}`).set(...admin);
    assert.deepEqual(
      { name: unchanged.body.name, municipality: unchanged.body.municipality, version: unchanged.body.version },
      { name: buyer.name, municipality: "3207", version: 1 },
    );

    const need = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published" }));
    const renamed = await h.http
      .patch(`/api/v1/organizations/${buyer.id}`)
      .set(...admin)
      .send({ name: "Nytt navn kommune", municipality: "3101", email: null });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.deepEqual(
      { name: renamed.body.name, municipality: renamed.body.municipality, county: renamed.body.county },
      { name: "Nytt navn kommune", municipality: "3101", county: "31" },
    );
    assert.equal(renamed.body.email, undefined, "null removes the e-mail");
    assert.equal((await me(buyer.token)).body.name, "Nytt navn kommune");
    await eventually(
      () => h.http.get(`/api/v1/needs/${need.body.id}`),
      (res) => res.body.buyer?.name === "Nytt navn kommune",
    );
  });

  it("when ten changes of one organisation race, then the losers get 409 and no change is lost", async () => {
    const org = await h.organization("organiser");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.http
          .patch(`/api/v1/organizations/${org.id}`)
          .set(...admin)
          .send(i % 2 ? { name: `Arrangør ${i}` } : { active: false, name: `Arrangør ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 200 || s === 409),
      `unexpected statuses ${statuses.join(",")}`,
    );
    const won = results.filter((r) => r.status === 200).map((r) => r.body as { version: number; name: string });
    assert.ok(won.length >= 1);
    assert.equal(new Set(won.map((w) => w.version)).size, won.length, "one winner per version");
    const final = await h.http.get(`/api/v1/organizations/${org.id}`).set(...admin);
    assert.equal(final.body.version, 1 + won.length);
    const last = won.find((w) => w.version === final.body.version);
    assert.equal(final.body.name, last?.name);
  });

  it("when a buyer is deactivated while ten edits of its need race, then the need still ends marked as from an inactive organisation", async () => {
    const buyer = await h.organization("buyer");
    const need = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published" }));
    const [off, ...edits] = await Promise.all([
      h.http
        .patch(`/api/v1/organizations/${buyer.id}`)
        .set(...admin)
        .send({ active: false }),
      ...Array.from({ length: 10 }, (_, i) =>
        h.http
          .patch(`/api/v1/needs/${need.body.id}`)
          .set(...admin)
          .send({ title: `Rettet samtidig ${i}` }),
      ),
    ]);
    assert.equal(off?.status, 200, JSON.stringify(off?.body));
    const statuses = edits.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 200 || s === 409),
      `unexpected statuses ${statuses.join(",")}`,
    );
    const final = await h.http.get(`/api/v1/needs/${need.body.id}`).set(...admin);
    assert.equal(final.body.buyer.active, false);
    assert.equal(final.body.version, 1 + 1 + statuses.filter((s) => s === 200).length, "no write lost");
  });

  it("when someone anonymous reads an organisation, then only its public facts come back; signed-in callers see its e-mail", async () => {
    const org = await h.organization("supplier", { email: "salg@example.no", website: "https://example.no" });
    const anonymous = await h.http.get(`/api/v1/organizations/${org.id}`);
    assert.equal(anonymous.status, 200);
    publicOrganizationAnswer.parse(anonymous.body);
    assert.deepEqual(Object.keys(anonymous.body).sort(), [
      "active",
      "county",
      "id",
      "kind",
      "municipality",
      "name",
      "orgNumber",
      "website",
    ]);
    const other = await h.organization("buyer");
    const signedIn = await h.http.get(`/api/v1/organizations/${org.id}`).set(...bearer(other.token));
    assert.equal(organizationAnswer.parse(signedIn.body).email, "salg@example.no");
    const directory = await h.http
      .get("/api/v1/organizations")
      .query({ kind: "supplier" })
      .set(...admin);
    organizationListAnswer.parse(directory.body);
    assert.equal((await h.http.get("/api/v1/organizations")).status, 401, "the directory is for the admin");
  });

  it("when two organisations are registered back to back, then their ids do not differ by a small number", async () => {
    const [a, b] = [await h.organization("supplier"), await h.organization("supplier")];
    for (const id of [a.id, b.id]) assert.match(id, /^[0-9a-f]{24}$/);
    const gap = BigInt(`0x${a.id}`) - BigInt(`0x${b.id}`);
    assert.ok(gap > 2n ** 40n || gap < -(2n ** 40n), `ids ${a.id} and ${b.id} are ${gap} apart`);
    assert.notEqual(a.id.slice(0, 8), b.id.slice(0, 8), "not the same timestamp prefix either");
  });

  it("when the admin lists drafts, then every buyer's drafts come back; a buyer only ever sees its own", async () => {
    const [first, second] = [await h.organization("buyer"), await h.organization("buyer")];
    const draftOf = async (buyer: { token: string }) =>
      (
        await h.http
          .post("/api/v1/needs")
          .set(...bearer(buyer.token))
          .send(needBody())
      ).body.id as string;
    const [d1, d2] = [await draftOf(first), await draftOf(second)];
    const all = await h.http
      .get("/api/v1/needs")
      .query({ status: "draft", limit: 100 })
      .set(...admin);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const ids = all.body.items.map((n: { id: string }) => n.id);
    assert.ok(ids.includes(d1) && ids.includes(d2), "both buyers' drafts");
    assert.ok(all.body.items.every((n: { status: string }) => n.status === "draft"));

    const own = await h.http
      .get("/api/v1/needs")
      .query({ status: "draft", buyer: first.id, limit: 100 })
      .set(...bearer(first.token));
    assert.deepEqual(
      own.body.items.map((n: { id: string }) => n.id),
      [d1],
    );
    for (const [query, token] of [
      [{ status: "draft" }, first.token],
      [{ status: "draft", buyer: second.id }, first.token],
    ] as const) {
      assert.equal(
        (
          await h.http
            .get("/api/v1/needs")
            .query(query)
            .set(...bearer(token))
        ).status,
        403,
      );
    }
    assert.equal((await h.http.get("/api/v1/needs").query({ status: "draft" })).status, 403);
  });
});

describe("with Redis away, keys are checked against the database", () => {
  let h: Harness;
  let redis: RedisServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "orgs-redis-"));
    redis = await startRedisServer((port) => ephemeral(port, dir));
    h = await startHarness("orgs_redis_down", { REDIS_URL: `redis://127.0.0.1:${redis.port}` });
  });
  after(async () => {
    await h.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when Redis stops, then a key revoked before stays refused, a working key still works, and revoking or deactivating answers 503 and changes nothing", async () => {
    const org = await h.organization("supplier");
    const second = (
      await h.http
        .post(`/api/v1/organizations/${org.id}/api-keys`)
        .set(...admin)
        .send({})
    ).body as { id: string; token: string };
    const revoked = await h.http
      .delete(`/api/v1/organizations/${org.id}/api-keys/${second.id}`)
      .set(...bearer(org.token));
    assert.equal(revoked.status, 204);
    assert.equal((await h.http.get("/api/v1/me").set(...bearer(org.token))).status, 200);
    const keys = await h.http.get(`/api/v1/organizations/${org.id}/api-keys`).set(...bearer(org.token));
    const keyId = keys.body.items[0].id as string;

    await redis.stop();
    assert.equal((await h.http.get("/api/v1/me").set(...bearer(second.token))).status, 401);
    assert.equal((await h.http.get("/api/v1/me").set(...bearer(org.token))).status, 200);
    const refused = await h.http.delete(`/api/v1/organizations/${org.id}/api-keys/${keyId}`).set(...admin);
    assert.equal(refused.status, 503);
    assert.match(refused.headers["content-type"] ?? "", /application\/problem\+json/);
    const deactivate = await h.http
      .patch(`/api/v1/organizations/${org.id}`)
      .set(...admin)
      .send({ active: false });
    assert.equal(deactivate.status, 503);
    assert.equal((await h.http.get("/api/v1/me").set(...bearer(org.token))).status, 200, "nothing changed");
    assert.equal((await h.http.get(`/api/v1/organizations/${org.id}`)).body.active, true);
  });
});

describe("two API processes, one set of keys", () => {
  const tag = `orgprocs_${process.pid}_${randomBytes(3).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGO_DB: `t_${tag}`,
    QUEUE_PREFIX: `t_${tag}`,
    MEILI_URL: "", // the embedded engine: the keys are the subject here, not the index
    ADMIN_TOKEN,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "info",
  };
  let processes: RunningProcess[] = [];
  let urls: string[] = [];
  before(async () => {
    processes = [
      startProcess("api 1", "services/api/src/main.ts", env),
      startProcess("api 2", "services/api/src/main.ts", env),
    ];
    const listening = await Promise.all(processes.map((p) => p.waitFor((l) => l.msg === "api listening", "listening")));
    urls = listening.map((line) => String(line["url"]));
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.killAll()));
  });

  const call = async (api: number, method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${urls[api]}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  it("when a key is revoked or its organisation deactivated through one process, then the other refuses it on the very next request", async () => {
    const org = await call(0, "POST", "/organizations", ADMIN_TOKEN, {
      kind: "buyer",
      buyerType: "kommune",
      name: `Prosess ${tag}`,
      orgNumber: freshOrgNumber(),
      municipality: "3207",
    });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const orgId = String(org.body["id"]);
    const issue = async () => (await call(0, "POST", `/organizations/${orgId}/api-keys`, ADMIN_TOKEN, {})).body;
    const [first, second] = [await issue(), await issue()];
    const [firstToken, secondToken] = [String(first["token"]), String(second["token"])];

    for (let i = 0; i < 2; i++) assert.equal((await call(1, "GET", "/me", firstToken)).status, 200);
    const revoked = await call(0, "DELETE", `/organizations/${orgId}/api-keys/${String(first["id"])}`, secondToken);
    assert.equal(revoked.status, 204, JSON.stringify(revoked.body));
    assert.equal((await call(1, "GET", "/me", firstToken)).status, 401);

    assert.equal((await call(1, "GET", "/me", secondToken)).status, 200);
    const off = await call(0, "PATCH", `/organizations/${orgId}`, ADMIN_TOKEN, { active: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal((await call(1, "GET", "/me", secondToken)).status, 401);
    const on = await call(0, "PATCH", `/organizations/${orgId}`, ADMIN_TOKEN, { active: true });
    assert.equal(on.status, 200);
    assert.equal((await call(1, "GET", "/me", secondToken)).status, 200);
    assert.equal((await call(1, "GET", "/me", firstToken)).status, 401, "a revoked key stays revoked");
  });
});
