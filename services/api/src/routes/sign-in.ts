import type { Response } from "express";
import {
  acceptInvitation,
  acceptInvitationSchema,
  AppError,
  forbidden,
  magicLinkRequestedAnswer,
  magicLinkRequestSchema,
  magicLinkVerifySchema,
  passwordSignIn,
  passwordSignInSchema,
  presentSignedIn,
  requestSignInLink,
  sessionAnswer,
  setPassword,
  setPasswordSchema,
  verifySignInLink,
  type AccountMailSettings,
  type StartedSession,
} from "@markedsdialog/core";
import type { AppContext } from "../context";
import { route } from "../http/route";
import { sendTooManyRequests } from "../http/problem";
import type { RateLimit } from "../http/rate-limit";
import { clearSessionCookie, sessionOf, setSessionCookie } from "../http/session";

const tag = "Sign-in";

export const accountMail = (ctx: AppContext): AccountMailSettings => ({
  smtpUrl: ctx.config.SMTP_URL,
  from: ctx.config.MAIL_FROM,
  publicUrl: ctx.config.PUBLIC_URL,
});

/** Routes that start a session: they take no authority from a cookie, so they need no CSRF token. */
export const SIGN_IN_PATHS: ReadonlySet<string> = new Set(
  ["/auth/magic-link", "/auth/magic-link/verify", "/auth/password-sign-in", "/auth/invitations/accept"].map(
    (path) => `/api/v1${path}`,
  ),
);

const addressOf = (res: Response): string => res.req.ip ?? "unknown";

/** Counts one event against each limit; answers 429 (and returns false) at the first that is over. */
async function within(res: Response, checks: [RateLimit, string, string][]): Promise<boolean> {
  for (const [limit, key, what] of checks) {
    const wait = await limit.hit(key);
    if (wait !== undefined) {
      sendTooManyRequests(res, wait, `Too many ${what}`);
      return false;
    }
  }
  return true;
}

/**
 * A link's token is tried: past the failed-authentication limit of the address, refused (429); a failure
 * counts against it. The session replaces the one the request came with, if any.
 */
async function signInWith(ctx: AppContext, res: Response, attempt: () => Promise<StartedSession>) {
  const address = addressOf(res);
  const blocked = await ctx.limits.authFailures.exhausted(address);
  if (blocked !== undefined)
    return sendTooManyRequests(res, blocked, "Too many failed authentications from this address");
  let started: StartedSession;
  try {
    started = await attempt();
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthenticated") await ctx.limits.authFailures.hit(address);
    throw error;
  }
  return startedAnswer(ctx, res, started);
}

async function startedAnswer(ctx: AppContext, res: Response, started: StartedSession) {
  const previous = sessionOf(res);
  if (previous) await ctx.sessions.end(previous.id);
  setSessionCookie(res, ctx.config, started.id);
  return started.answer;
}

export const signInRoutes = [
  route({
    method: "post",
    path: "/auth/magic-link",
    operationId: "requestSignInLink",
    summary: "E-mail a sign-in link (`/logg-inn?token=…`, single-use, valid 15 minutes) to a user's address",
    description: "Always 202, whether or not the address has an account. Limited per address and per e-mail address.",
    tag,
    access: "public",
    body: magicLinkRequestSchema,
    status: 202,
    errors: [429],
    response: magicLinkRequestedAnswer,
    handle: async ({ body, ctx, res }) => {
      const ok = await within(res, [
        [ctx.limits.magicLinkAddress, addressOf(res), "sign-in links asked for from this address"],
        [ctx.limits.magicLinkEmail, body.email, "sign-in links asked for this e-mail address"],
      ]);
      if (!ok) return undefined;
      // After the answer, so that its timing does not tell whether the address has an account.
      void ctx.inFlight
        .track(() => requestSignInLink(body.email, accountMail(ctx), ctx.logger))
        .catch((err: unknown) => ctx.logger.error({ err }, "sign-in link failed"));
      return {
        accepted: true as const,
        message: "If the address belongs to a user, a sign-in link is on its way; it works once, for 15 minutes",
      };
    },
  }),
  route({
    method: "post",
    path: "/auth/magic-link/verify",
    operationId: "useSignInLink",
    summary: "Sign in with a link's token: starts a session (cookie `md_session`); the link is used up",
    tag,
    access: "public",
    body: magicLinkVerifySchema,
    errors: [401, 429],
    response: sessionAnswer,
    handle: async ({ body, ctx, res }) => signInWith(ctx, res, () => verifySignInLink(body.token, ctx.sessions)),
  }),
  route({
    method: "post",
    path: "/auth/invitations/accept",
    operationId: "acceptInvitation",
    summary: "Accept an invitation: creates the user (optionally with a password) and signs in",
    tag,
    access: "public",
    body: acceptInvitationSchema,
    errors: [401, 409, 429],
    response: sessionAnswer,
    handle: async ({ body, ctx, res }) => signInWith(ctx, res, () => acceptInvitation(body, ctx.sessions)),
  }),
  route({
    method: "post",
    path: "/auth/password-sign-in",
    operationId: "signInWithPassword",
    summary: "Sign in with e-mail address and password; a wrong password and an unknown address answer the same 401",
    tag,
    access: "public",
    body: passwordSignInSchema,
    errors: [401, 429],
    response: sessionAnswer,
    handle: async ({ body, ctx, res }) => {
      const ok = await within(res, [
        [ctx.limits.passwordAddress, addressOf(res), "password attempts from this address"],
        [ctx.limits.passwordEmail, body.email, "password attempts for this e-mail address"],
      ]);
      if (!ok) return undefined;
      return startedAnswer(ctx, res, await passwordSignIn(body.email, body.password, ctx.sessions));
    },
  }),
  route({
    method: "put",
    path: "/auth/password",
    operationId: "setPassword",
    summary: "Set or change the signed-in user's password (argon2id; at least 12 characters); its other sessions end",
    tag,
    access: "authenticated",
    body: setPasswordSchema,
    status: 204,
    errors: [403],
    handle: async ({ body, ctx, res }) => {
      const session = sessionOf(res);
      if (!session) throw forbidden("Passwords belong to people: sign in (the session cookie) to set one");
      await setPassword(session.actor, body.password, { sessionId: session.id, sessions: ctx.sessions });
    },
  }),
  route({
    method: "get",
    path: "/auth/session",
    operationId: "getSession",
    summary: "The signed-in user and the session's CSRF token; 401 without a session",
    tag,
    access: "public",
    errors: [401],
    response: sessionAnswer,
    handle: async ({ res }) => {
      const session = sessionOf(res);
      if (!session) throw new AppError("unauthenticated", "Not signed in");
      return presentSignedIn(session);
    },
  }),
  route({
    method: "post",
    path: "/auth/sign-out",
    operationId: "signOut",
    summary: "End the session (needs X-CSRF-Token); without one, only the cookie is cleared",
    tag,
    access: "public",
    status: 204,
    errors: [403],
    handle: async ({ ctx, res }) => {
      const session = sessionOf(res);
      if (session) await ctx.sessions.end(session.id);
      clearSessionCookie(res, ctx.config);
    },
  }),
];
