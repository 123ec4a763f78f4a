/**
 * Sessions shared by two API processes (separate Node processes on one database and Redis): a session
 * started through one is used through the other, and removing the user or deactivating its organisation
 * through one is refused by the other on its very next request, although both had the user in memory.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, freshOrgNumber } from "./helpers/harness";
import { linkToken, sessionCookie } from "./helpers/accounts";
import { startProcess, type RunningProcess } from "./helpers/processes";

type Json = Record<string, unknown>;

describe("two API processes, one set of sessions", () => {
  const tag = `accprocs_${process.pid}_${randomBytes(3).toString("hex")}`;
  let catcher: MailCatcher;
  let processes: RunningProcess[] = [];
  let urls: string[] = [];

  before(async () => {
    catcher = await startMailCatcher();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MONGO_DB: `t_${tag}`,
      QUEUE_PREFIX: `t_${tag}`,
      MEILI_URL: "",
      SMTP_URL: catcher.url,
      ADMIN_TOKEN,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
    };
    processes = [
      startProcess("api 1", "services/api/src/main.ts", env),
      startProcess("api 2", "services/api/src/main.ts", env),
    ];
    const listening = await Promise.all(processes.map((p) => p.waitFor((l) => l.msg === "api listening", "listening")));
    urls = listening.map((line) => String(line["url"]));
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.killAll()));
    await catcher.stop();
  });

  const call = async (api: number, method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${urls[api]}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json, headers: res.headers };
  };
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  async function signedInUser(orgId: string) {
    const email = `prosess.${randomBytes(4).toString("hex")}@nordrefollo.test`;
    const user = await call(0, "POST", `/organizations/${orgId}/users`, admin, {
      email,
      name: "Per Prosess",
      role: "admin",
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const asked = Date.now();
    assert.equal((await call(0, "POST", "/auth/magic-link", {}, { email })).status, 202);
    const token = await linkToken(catcher, email, "logg-inn", asked);
    const verified = await call(1, "POST", "/auth/magic-link/verify", {}, { token });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const { cookie } = sessionCookie({ "set-cookie": verified.headers.getSetCookie() });
    for (const api of [0, 1, 0, 1]) assert.equal((await call(api, "GET", "/auth/session", { cookie })).status, 200);
    return { userId: String(user.body["id"]), cookie };
  }

  it("when a user is removed or its organisation deactivated through one process, then the other refuses the session at once", async () => {
    const org = await call(0, "POST", "/organizations", admin, {
      kind: "buyer",
      buyerType: "kommune",
      name: `Prosess ${tag}`,
      orgNumber: freshOrgNumber(),
      municipality: "3207",
    });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const orgId = String(org.body["id"]);

    const removed = await signedInUser(orgId);
    const kept = await signedInUser(orgId);
    assert.equal((await call(1, "DELETE", `/organizations/${orgId}/users/${removed.userId}`, admin)).status, 204);
    assert.equal((await call(0, "GET", "/auth/session", { cookie: removed.cookie })).status, 401);
    assert.equal((await call(0, "GET", "/auth/session", { cookie: kept.cookie })).status, 200);

    const off = await call(1, "PATCH", `/organizations/${orgId}`, admin, { active: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal((await call(0, "GET", "/auth/session", { cookie: kept.cookie })).status, 401);
    assert.equal((await call(1, "GET", "/auth/session", { cookie: kept.cookie })).status, 401);
  });
});
