/**
 * Accounts under pressure: one sign-in link used by racing requests over real parallel connections, the
 * sign-in rate limits (per e-mail address and per client address, 429 with Retry-After), and the Secure
 * cookie behind an https PUBLIC_URL, and sessions while Redis is away.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { bearer, startHarness, type Harness } from "./helpers/harness";
import { ephemeral, startRedisServer, type RedisServer } from "./helpers/redis-servers";
import { createUser, linkToken, signInByLink } from "./helpers/accounts";

describe("accounts: racing link uses and sign-in rate limits", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let server: Server;
  let url: string;
  let orgId: string;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("accounts_limits", {
      MEILI_URL: "",
      SMTP_URL: catcher.url,
      RATE_LIMIT_MAGIC_LINK_EMAIL: "2",
      RATE_LIMIT_MAGIC_LINK_ADDRESS: "6",
      RATE_LIMIT_PASSWORD_EMAIL: "3",
      RATE_LIMIT_PASSWORD_ADDRESS: "1000",
    });
    server = h.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    orgId = (await h.organization("buyer")).id;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
    await catcher.stop();
  });

  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", connection: "close", ...headers },
      body: JSON.stringify(body),
    });

  it("when one sign-in link is used by eight requests at once over separate connections, then exactly one session starts", async () => {
    const email = `race.${Date.now()}@nordrefollo.test`;
    await createUser(h, orgId, email, "member");
    const asked = Date.now();
    assert.equal((await post("/auth/magic-link", { email })).status, 202);
    const token = await linkToken(catcher, email, "logg-inn", asked);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post("/auth/magic-link/verify", { token })));
    const statuses = answers.map((res) => res.status).sort();
    assert.deepEqual(statuses, [200, 401, 401, 401, 401, 401, 401, 401]);
    const cookies = answers.map((res) => res.headers.getSetCookie().find((c) => /^md_session=[^;]/.test(c)));
    assert.equal(cookies.filter(Boolean).length, 1);
    const winner = cookies.find(Boolean)!.split(";")[0]!;
    const session = await fetch(`${url}/api/v1/auth/session`, { headers: { cookie: winner } });
    assert.equal(session.status, 200);
  });

  it("when sign-in links are asked for one address past its limit, then 429 with Retry-After, and another address still gets 202", async () => {
    const email = `limit.${Date.now()}@nordrefollo.test`;
    await createUser(h, orgId, email, "member");
    assert.equal((await post("/auth/magic-link", { email })).status, 202);
    assert.equal((await post("/auth/magic-link", { email })).status, 202);
    const over = await post("/auth/magic-link", { email });
    assert.equal(over.status, 429);
    assert.equal(over.headers.get("content-type"), "application/problem+json; charset=utf-8");
    const retryAfter = Number(over.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 900, String(retryAfter));
    assert.equal((await post("/auth/magic-link", { email: `other.${email}` })).status, 202);
  });

  it("when one client address asks for links for many addresses, then it is limited too", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post("/auth/magic-link", { email: `many${i}.${Date.now()}@x.test` })).status);
    assert.ok(statuses.includes(429), String(statuses));
    assert.deepEqual(
      statuses.slice(statuses.indexOf(429)),
      statuses.slice(statuses.indexOf(429)).map(() => 429),
    );
  });

  it("when passwords are tried for one address past its limit, then the next attempt is answered 429 with Retry-After", async () => {
    const email = `passord.${Date.now()}@nordrefollo.test`;
    await createUser(h, orgId, email, "member");
    for (let i = 0; i < 3; i++)
      assert.equal((await post("/auth/password-sign-in", { email, password: `feil passord ${i}!!` })).status, 401);
    const over = await post("/auth/password-sign-in", { email, password: "feil passord igjen" });
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) >= 1);
  });
});

describe("accounts: the cookie behind an https PUBLIC_URL", () => {
  let h: Harness;
  let catcher: MailCatcher;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("accounts_https", {
      MEILI_URL: "",
      SMTP_URL: catcher.url,
      PUBLIC_URL: "https://markedsdialog.test",
    });
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  it("when a user signs in, then the session cookie is Secure as well as HttpOnly and SameSite=Lax", async () => {
    const org = await h.organization("organiser");
    const email = `secure.${Date.now()}@arrangor.test`;
    await createUser(h, org.id, email);
    const signedIn = await signInByLink(h, catcher, email);
    const attributes = signedIn.setCookie.split(";").map((part) => part.trim().toLowerCase());
    for (const attribute of ["secure", "httponly", "samesite=lax", "path=/"])
      assert.ok(attributes.includes(attribute), signedIn.setCookie);
    assert.ok(catcher.messages().some((m) => m.text.includes("https://markedsdialog.test/logg-inn?token=")));
  });
});

describe("accounts: with Redis away", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let redis: RedisServer;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "accounts-redis-"));
    redis = await startRedisServer((port) => ephemeral(port, dir));
    catcher = await startMailCatcher();
    h = await startHarness("accounts_redis_down", {
      MEILI_URL: "",
      SMTP_URL: catcher.url,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    });
  });
  after(async () => {
    await h.close();
    await redis.stop();
    await catcher.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("when Redis stops, then requests with the session cookie answer 503 problem+json, and API keys still work", async () => {
    const org = await h.organization("buyer");
    const email = `redis.${Date.now()}@nordrefollo.test`;
    await createUser(h, org.id, email);
    const s = await signInByLink(h, catcher, email);
    assert.equal((await h.http.get("/api/v1/auth/session").set("Cookie", s.cookie)).status, 200);
    await redis.stop();
    const session = await h.http.get("/api/v1/auth/session").set("Cookie", s.cookie);
    assert.equal(session.status, 503);
    assert.match(session.headers["content-type"] ?? "", /application\/problem\+json/);
    assert.equal((await h.http.get("/api/v1/me").set(...bearer(org.token))).status, 200);
  });
});
