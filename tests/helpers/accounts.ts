/** Signing people in through the API, reading the links from the mail the local SMTP catcher received. */
import assert from "node:assert/strict";
import type { MailCatcher } from "../../scripts/mail-catcher";
import { ADMIN_TOKEN, bearer, type Harness } from "./harness";

export interface SignedIn {
  /** `md_session=…`, for a Cookie header. */
  cookie: string;
  csrfToken: string;
  user: { id: string; email: string; name: string; role: string; orgId: string; orgName: string; orgKind: string };
  setCookie: string;
}

/** The token of the last link to `page` mailed to `email` (waiting for it). */
export async function linkToken(
  catcher: MailCatcher,
  email: string,
  page: "logg-inn" | "invitasjon",
  after = 0,
): Promise<string> {
  const mail = await catcher.waitFor(
    (m) => m.to.includes(email) && m.text.includes(`/${page}?token=`) && m.receivedAt.getTime() >= after,
    15_000,
  );
  const token = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
  assert.ok(token, mail.text);
  return token;
}

/** The session cookie a sign-in answer set, as `md_session=…`, and the whole Set-Cookie line. */
export function sessionCookie(headers: Record<string, unknown>): { cookie: string; setCookie: string } {
  const lines = ([] as string[]).concat((headers["set-cookie"] as string[] | string | undefined) ?? []);
  const setCookie = lines.find((line) => line.startsWith("md_session=") && !line.startsWith("md_session=;"));
  assert.ok(setCookie, `no session cookie in ${JSON.stringify(lines)}`);
  return { cookie: setCookie.split(";")[0]!, setCookie };
}

export async function createUser(h: Harness, orgId: string, email: string, role: "admin" | "member" = "admin") {
  const res = await h.http
    .post(`/api/v1/organizations/${orgId}/users`)
    .set(...bearer(ADMIN_TOKEN))
    .send({ email, name: `Person ${email.split("@")[0]}`, role });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; email: string };
}

/** Asks for a link, reads it from the mail and uses it. */
export async function signInByLink(h: Harness, catcher: MailCatcher, email: string): Promise<SignedIn> {
  const asked = Date.now();
  const res = await h.http.post("/api/v1/auth/magic-link").send({ email });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const token = await linkToken(catcher, email.toLowerCase(), "logg-inn", asked - 1);
  const verified = await h.http.post("/api/v1/auth/magic-link/verify").send({ token });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return { ...sessionCookie(verified.headers), csrfToken: verified.body.csrfToken, user: verified.body.user };
}
