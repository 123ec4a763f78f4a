/**
 * People's accounts through HTTP: users created by the admin and invited by their organisation's
 * administrators, sign-in by the link e-mailed through the real SMTP path (read from the mail catcher),
 * passwords, sessions in cookies with CSRF tokens, and the organisation's permissions applied unchanged.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, needBody, startHarness, type Harness } from "./helpers/harness";
import { createUser, linkToken, sessionCookie, signInByLink, type SignedIn } from "./helpers/accounts";

const PUBLIC_URL = "http://markedsdialog.test:8080";

describe("accounts: sign-in by e-mailed link, passwords and sessions", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let buyer: { id: string; token: string; name: string };
  let other: { id: string; token: string; name: string };
  let admin: SignedIn;
  const email = `innkjoper.${Date.now()}@nordrefollo.test`;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("accounts", { MEILI_URL: "", SMTP_URL: catcher.url, PUBLIC_URL });
    buyer = await h.organization("buyer");
    other = await h.organization("buyer");
    await createUser(h, buyer.id, email);
    admin = await signInByLink(h, catcher, email.toUpperCase());
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  const withSession = (s: SignedIn) => ({ Cookie: s.cookie, "X-CSRF-Token": s.csrfToken });

  it("when a user asks for a sign-in link, then the e-mail links to PUBLIC_URL/logg-inn and using it starts a session as the organisation", async () => {
    const mail = catcher.messages().find((m) => m.to.includes(email))!;
    assert.equal(mail.subject, "Logg inn på Markedsdialog");
    assert.match(mail.text, new RegExp(`${PUBLIC_URL}/logg-inn\\?token=[A-Za-z0-9_-]{43}`));
    assert.deepEqual(
      { ...admin.user, id: undefined },
      {
        id: undefined,
        email,
        name: `Person ${email.split("@")[0]}`,
        role: "admin",
        orgId: buyer.id,
        orgName: buyer.name,
        orgKind: "buyer",
      },
    );
    const session = await h.http.get("/api/v1/auth/session").set("Cookie", admin.cookie);
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, { user: admin.user, csrfToken: admin.csrfToken });
    const me = await h.http.get("/api/v1/me").set("Cookie", admin.cookie);
    assert.deepEqual(me.body, {
      type: "organization",
      orgId: buyer.id,
      kind: "buyer",
      name: buyer.name,
      userId: admin.user.id,
      userRole: "admin",
    });
  });

  it("when the session cookie is set, then it is HttpOnly, SameSite=Lax, Path=/ and not Secure over http", () => {
    const attributes = admin.setCookie.split(";").map((part) => part.trim().toLowerCase());
    assert.ok(attributes.includes("httponly"), admin.setCookie);
    assert.ok(attributes.includes("samesite=lax"), admin.setCookie);
    assert.ok(attributes.includes("path=/"), admin.setCookie);
    assert.ok(!attributes.includes("secure"), admin.setCookie);
    assert.match(admin.setCookie, /^md_session=[A-Za-z0-9_-]{43};/);
  });

  it("when a sign-in link is used twice, then the second use is refused", async () => {
    const user = `twice.${Date.now()}@nordrefollo.test`;
    await createUser(h, buyer.id, user, "member");
    const asked = Date.now();
    await h.http.post("/api/v1/auth/magic-link").send({ email: user }).expect(202);
    const token = await linkToken(catcher, user, "logg-inn", asked);
    assert.equal((await h.http.post("/api/v1/auth/magic-link/verify").send({ token })).status, 200);
    const again = await h.http.post("/api/v1/auth/magic-link/verify").send({ token });
    assert.equal(again.status, 401);
    assert.equal(again.headers["content-type"], "application/problem+json; charset=utf-8");
  });

  it("when a link is asked for an unknown address, then the answer is the same 202 and no mail goes", async () => {
    const unknown = `nobody.${Date.now()}@nowhere.test`;
    const res = await h.http.post("/api/v1/auth/magic-link").send({ email: unknown });
    assert.equal(res.status, 202);
    const known = await h.http.post("/api/v1/auth/magic-link").send({ email });
    assert.deepEqual(res.body, known.body, "the same answer for an unknown and a known address");
    await h.ctx.inFlight.idle(10_000);
    assert.equal(catcher.messages().filter((m) => m.to.includes(unknown)).length, 0);
    const bad = await h.http.post("/api/v1/auth/magic-link").send({ email: "not an address", extra: 1 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), ["body.email", "body.extra"]);
  });

  it("when a cookie-authenticated write lacks the CSRF token, then it is refused 403 and nothing is stored; with it, it is done; Bearer needs none", async () => {
    const before = await h.http.get(`/api/v1/needs?buyer=${buyer.id}&status=draft`).set(...bearer(buyer.token));
    const missing = await h.http.post("/api/v1/needs").set("Cookie", admin.cookie).send(needBody());
    assert.equal(missing.status, 403);
    assert.equal(missing.body.type, "https://markedsdialog.no/problems/forbidden");
    const wrong = await h.http
      .post("/api/v1/needs")
      .set({ Cookie: admin.cookie, "X-CSRF-Token": `${admin.csrfToken.slice(0, -1)}x` })
      .send(needBody());
    assert.equal(wrong.status, 403);
    const between = await h.http.get(`/api/v1/needs?buyer=${buyer.id}&status=draft`).set(...bearer(buyer.token));
    assert.equal(between.body.total, before.body.total);
    const ok = await h.http.post("/api/v1/needs").set(withSession(admin)).send(needBody());
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.buyer.id, buyer.id);
    const byKey = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody());
    assert.equal(byKey.status, 201);
    // With an Authorization header the cookie is not read: the key acts, and needs no CSRF token.
    const both = await h.http
      .post("/api/v1/needs")
      .set(...bearer(other.token))
      .set("Cookie", admin.cookie)
      .send(needBody());
    assert.equal(both.status, 201);
    assert.equal(both.body.buyer.id, other.id);
  });

  it("when a user of one organisation writes another's need with the cookie, then it is refused 403", async () => {
    const need = await h.http
      .post("/api/v1/needs")
      .set(...bearer(other.token))
      .send(needBody());
    assert.equal(need.status, 201);
    await h.http
      .post(`/api/v1/needs/${need.body.id}/status`)
      .set(...bearer(other.token))
      .send({ status: "published" })
      .expect(200);
    const res = await h.http
      .patch(`/api/v1/needs/${need.body.id}`)
      .set(withSession(admin))
      .send({ title: "Overtatt av en annen kommune" });
    assert.equal(res.status, 403);
    const status = await h.http
      .post(`/api/v1/needs/${need.body.id}/status`)
      .set(withSession(admin))
      .send({ status: "cancelled" });
    assert.equal(status.status, 403);
    const users = await h.http.get(`/api/v1/organizations/${other.id}/users`).set(withSession(admin));
    assert.equal(users.status, 403);
  });

  it("when a user sets a password, then its other sessions end, password sign-in works, and a wrong password or an unknown address get the same 401", async () => {
    const short = await h.http.put("/api/v1/auth/password").set(withSession(admin)).send({ password: "elleve tegn" });
    assert.equal(short.status, 400);
    assert.equal(short.body.errors[0].path, "body.password");
    const second = await signInByLink(h, catcher, email);
    const set = await h.http
      .put("/api/v1/auth/password")
      .set(withSession(admin))
      .send({ password: "korrekt hest batteri stift" });
    assert.equal(set.status, 204);
    assert.equal(
      (await h.http.get("/api/v1/auth/session").set("Cookie", second.cookie)).status,
      401,
      "other sessions end",
    );
    assert.equal(
      (await h.http.get("/api/v1/auth/session").set("Cookie", admin.cookie)).status,
      200,
      "this one goes on",
    );
    const byKey = await h.http
      .put("/api/v1/auth/password")
      .set(...bearer(buyer.token))
      .send({ password: "korrekt hest batteri stift" });
    assert.equal(byKey.status, 403);

    const ok = await h.http
      .post("/api/v1/auth/password-sign-in")
      .send({ email, password: "korrekt hest batteri stift" });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.user.id, admin.user.id);
    assert.notEqual(ok.body.csrfToken, admin.csrfToken);
    sessionCookie(ok.headers);
    const wrong = await h.http
      .post("/api/v1/auth/password-sign-in")
      .send({ email, password: "feil hest batteri stift" });
    const unknown = await h.http
      .post("/api/v1/auth/password-sign-in")
      .send({ email: `ukjent.${Date.now()}@nowhere.test`, password: "korrekt hest batteri stift" });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    assert.deepEqual(strip(wrong.body), strip(unknown.body));
    assert.equal(wrong.headers["set-cookie"], undefined);
  });

  it("when a user signs out, then the session is gone and the cookie cleared; without the CSRF token sign-out is refused", async () => {
    const user = `signout.${Date.now()}@nordrefollo.test`;
    await createUser(h, buyer.id, user, "member");
    const s = await signInByLink(h, catcher, user);
    assert.equal((await h.http.post("/api/v1/auth/sign-out").set("Cookie", s.cookie)).status, 403);
    const out = await h.http.post("/api/v1/auth/sign-out").set(withSession(s));
    assert.equal(out.status, 204);
    assert.match(String(out.headers["set-cookie"]), /md_session=;.*Expires=Thu, 01 Jan 1970/);
    assert.equal((await h.http.get("/api/v1/auth/session").set("Cookie", s.cookie)).status, 401);
    assert.equal((await h.http.post("/api/v1/needs").set(withSession(s)).send(needBody())).status, 401);
  });

  it("when the organisation is deactivated, then its users' sessions are refused; reactivating does not bring them back", async () => {
    const org = await h.organization("supplier");
    const user = `deaktivert.${Date.now()}@leverandor.test`;
    await createUser(h, org.id, user);
    const s = await signInByLink(h, catcher, user);
    assert.equal((await h.http.get("/api/v1/auth/session").set("Cookie", s.cookie)).status, 200);
    const off = await h.http
      .patch(`/api/v1/organizations/${org.id}`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ active: false });
    assert.equal(off.status, 200);
    assert.equal((await h.http.get("/api/v1/auth/session").set("Cookie", s.cookie)).status, 401);
    const me = await h.http.get("/api/v1/me").set("Cookie", s.cookie);
    assert.deepEqual(me.body, { type: "anonymous" });
    await h.http.post("/api/v1/auth/magic-link").send({ email: user }).expect(202);
    await h.ctx.inFlight.idle(10_000);
    assert.equal(
      catcher.messages().filter((m) => m.to.includes(user)).length,
      1,
      "no link for a deactivated organisation",
    );
    await h.http
      .patch(`/api/v1/organizations/${org.id}`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ active: true })
      .expect(200);
    assert.equal((await h.http.get("/api/v1/auth/session").set("Cookie", s.cookie)).status, 401);
  });

  it("when the admin creates users, then bad input is refused by field and an address is taken once", async () => {
    const bad = await h.http
      .post(`/api/v1/organizations/${buyer.id}/users`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ email: "x", name: "", role: "owner" });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
      "body.email",
      "body.name",
      "body.role",
    ]);
    const dup = await h.http
      .post(`/api/v1/organizations/${buyer.id}/users`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ email: email.toUpperCase(), name: "Dobbel", role: "member" });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errors[0].path, "body.email");
    const byOrg = await h.http
      .post(`/api/v1/organizations/${buyer.id}/users`)
      .set(withSession(admin))
      .send({ email: `x.${Date.now()}@a.test`, name: "X", role: "member" });
    assert.equal(byOrg.status, 403);
    const anonymous = await h.http.get(`/api/v1/organizations/${buyer.id}/users`);
    assert.equal(anonymous.status, 401);
  });
});
