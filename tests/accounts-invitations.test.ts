/**
 * Invitations through HTTP: an organisation's administrator invites by e-mail (the link read from the real
 * mail), the invited person accepts and is signed in as a member, who may not invite; invitations are listed
 * and withdrawn by the administrators only.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, startHarness, type Harness } from "./helpers/harness";
import { createUser, linkToken, sessionCookie, signInByLink, type SignedIn } from "./helpers/accounts";

const PUBLIC_URL = "http://markedsdialog.test:8080";

describe("accounts: invitations", () => {
  let h: Harness;
  let catcher: MailCatcher;
  let buyer: { id: string; token: string; name: string };
  let admin: SignedIn;

  before(async () => {
    catcher = await startMailCatcher();
    h = await startHarness("accounts_invitations", { MEILI_URL: "", SMTP_URL: catcher.url, PUBLIC_URL });
    buyer = await h.organization("buyer");
    const email = `sjef.${Date.now()}@nordrefollo.test`;
    await createUser(h, buyer.id, email);
    admin = await signInByLink(h, catcher, email);
  });
  after(async () => {
    await h.close();
    await catcher.stop();
  });

  const withSession = (s: SignedIn) => ({ Cookie: s.cookie, "X-CSRF-Token": s.csrfToken });

  it("when an administrator invites a colleague, then the mail links to /invitasjon and accepting creates a member who is signed in and cannot invite", async () => {
    const colleague = `kollega.${Date.now()}@nordrefollo.test`;
    const asked = Date.now();
    const invited = await h.http
      .post(`/api/v1/organizations/${buyer.id}/invitations`)
      .set(withSession(admin))
      .send({ email: colleague, role: "member" });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    assert.equal(invited.body.email, colleague);
    const days = (Date.parse(invited.body.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, String(days));
    const mail = await catcher.waitFor((m) => m.to.includes(colleague));
    assert.match(mail.subject, /^Invitasjon til /);
    assert.ok(mail.text.includes(`${PUBLIC_URL}/invitasjon?token=`), mail.text);
    const token = await linkToken(catcher, colleague, "invitasjon", asked);

    const nameless = await h.http.post("/api/v1/auth/invitations/accept").send({ token });
    assert.equal(nameless.status, 400);
    assert.deepEqual(nameless.body.errors, [{ path: "body.name", message: "is required for this invitation" }]);
    const short = await h.http.post("/api/v1/auth/invitations/accept").send({ token, name: "Kari", password: "kort" });
    assert.equal(short.status, 400);
    assert.equal(short.body.errors[0].path, "body.password");

    const accepted = await h.http
      .post("/api/v1/auth/invitations/accept")
      .send({ token, name: "Kari Kollega", password: "et langt nok passord" });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.user.role, "member");
    assert.equal(accepted.body.user.orgId, buyer.id);
    const member: SignedIn = { ...sessionCookie(accepted.headers), ...accepted.body };
    assert.equal((await h.http.post("/api/v1/auth/invitations/accept").send({ token, name: "X" })).status, 401);

    const byMember = await h.http
      .post(`/api/v1/organizations/${buyer.id}/invitations`)
      .set(withSession(member))
      .send({ email: `ny.${Date.now()}@nordrefollo.test`, role: "admin" });
    assert.equal(byMember.status, 403);
    assert.equal((await h.http.get(`/api/v1/organizations/${buyer.id}/users`).set(withSession(member))).status, 403);
    const byKey = await h.http
      .post(`/api/v1/organizations/${buyer.id}/invitations`)
      .set(...bearer(buyer.token))
      .send({ email: `ny2.${Date.now()}@nordrefollo.test`, role: "member" });
    assert.equal(byKey.status, 403);

    const list = await h.http.get(`/api/v1/organizations/${buyer.id}/users`).set(withSession(admin));
    assert.equal(list.status, 200);
    const found = list.body.items.find((u: { email: string }) => u.email === colleague);
    assert.deepEqual({ role: found.role, hasPassword: found.hasPassword }, { role: "member", hasPassword: true });
    const again = await h.http
      .post(`/api/v1/organizations/${buyer.id}/invitations`)
      .set(withSession(admin))
      .send({ email: colleague, role: "member" });
    assert.equal(again.status, 409);
    assert.equal(again.body.errors[0].path, "body.email");

    const removed = await h.http.delete(`/api/v1/organizations/${buyer.id}/users/${found.id}`).set(withSession(admin));
    assert.equal(removed.status, 204);
    assert.equal((await h.http.get("/api/v1/auth/session").set("Cookie", member.cookie)).status, 401);
  });

  it("when an administrator withdraws an invitation, then it leaves the list and its link is refused; others cannot see the list", async () => {
    const org = await h.organization("supplier");
    const stranger = await h.organization("supplier");
    const adminEmail = `sjef.${Date.now()}@leverandor.test`;
    await createUser(h, org.id, adminEmail);
    const s = await signInByLink(h, catcher, adminEmail);
    const session = { Cookie: s.cookie, "X-CSRF-Token": s.csrfToken };
    const invite = async (email: string) => {
      const asked = Date.now();
      const res = await h.http
        .post(`/api/v1/organizations/${org.id}/invitations`)
        .set(session)
        .send({ email, name: "Ny Kollega", role: "member" });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { id: res.body.id as string, token: await linkToken(catcher, email, "invitasjon", asked) };
    };
    const kept = await invite(`beholdt.${Date.now()}@leverandor.test`);
    const withdrawn = await invite(`trukket.${Date.now()}@leverandor.test`);
    const list = await h.http.get(`/api/v1/organizations/${org.id}/invitations`).set(session);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((i: { id: string }) => i.id).sort(), [kept.id, withdrawn.id].sort());
    assert.ok(!JSON.stringify(list.body).includes(kept.token), "the list never shows a token");

    const byStranger = await h.http.get(`/api/v1/organizations/${org.id}/invitations`).set(...bearer(stranger.token));
    assert.equal(byStranger.status, 403);
    const del = await h.http.delete(`/api/v1/organizations/${org.id}/invitations/${withdrawn.id}`).set(session);
    assert.equal(del.status, 204);
    assert.equal(
      (await h.http.delete(`/api/v1/organizations/${org.id}/invitations/${withdrawn.id}`).set(session)).status,
      404,
    );
    const refused = await h.http.post("/api/v1/auth/invitations/accept").send({ token: withdrawn.token });
    assert.equal(refused.status, 401);
    const accepted = await h.http.post("/api/v1/auth/invitations/accept").send({ token: kept.token });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.user.name, "Ny Kollega");
    const after = await h.http.get(`/api/v1/organizations/${org.id}/invitations`).set(...bearer(ADMIN_TOKEN));
    assert.deepEqual(after.body, { items: [], total: 0 });
  });
});
