import { createHash, timingSafeEqual } from "node:crypto";
import type { CookieOptions, RequestHandler, Response } from "express";
import { AppError, authenticateSession, type Config, type SignedIn } from "@markedsdialog/core";
import type { AppContext } from "../context";
import { sendProblem } from "./problem";

export const SESSION_COOKIE = "md_session";
export const CSRF_HEADER = "x-csrf-token";
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, Path=/; Secure when the public address is https or in production. */
export function cookieOptions(config: Config): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: config.NODE_ENV === "production" || config.PUBLIC_URL.startsWith("https:"),
  };
}

export function setSessionCookie(res: Response, config: Config, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions(config), maxAge: config.SESSION_MAX_AGE_S * 1000 });
}

export function clearSessionCookie(res: Response, config: Config): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

const sameSecret = (a: string, b: string): boolean => {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
};

/** The session the request was made with, set by resolveSessions. */
export const sessionOf = (res: Response): (SignedIn & { id: string }) | undefined =>
  res.locals.session as (SignedIn & { id: string }) | undefined;

/**
 * Requests without an Authorization header but with the session cookie act as the session's user (its
 * organisation's actor, plus `userId`). A cookie whose session is gone is ignored (and cleared): the request
 * is anonymous. Every write made with the cookie needs `X-CSRF-Token` equal to the session's token (403
 * otherwise), except the sign-in routes (`exempt`), which take no authority from the cookie.
 */
export function resolveSessions(ctx: AppContext, exempt: ReadonlySet<string>): RequestHandler {
  return async (req, res, next) => {
    if (req.headers.authorization !== undefined) return next();
    const id = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (id === undefined) return next();
    let signedIn: SignedIn | undefined;
    try {
      signedIn = await authenticateSession(id, ctx.sessions, ctx.accessEpoch);
    } catch (error) {
      if (error instanceof AppError && error.code === "unavailable")
        return sendProblem(res, 503, "unavailable", error.message);
      throw error;
    }
    if (!signedIn) {
      clearSessionCookie(res, ctx.config);
      return next();
    }
    res.locals.actor = signedIn.actor;
    res.locals.session = { ...signedIn, id };
    if (WRITE_METHODS.has(req.method) && !exempt.has(req.path)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !sameSecret(sent, signedIn.session.csrfToken))
        return sendProblem(
          res,
          403,
          "forbidden",
          "A write made with the session cookie needs the header X-CSRF-Token with the session's csrfToken",
        );
    }
    next();
  };
}
