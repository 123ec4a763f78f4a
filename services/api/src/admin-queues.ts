/**
 * The queue dashboard (Bull Board) at /admin/queues, for the platform admin only, and the browser session
 * that opens it. A script or curl sends the admin token as a bearer; a browser signs in at /admin/login,
 * whose page posts the token to POST /admin/session and gets a signed cookie back: HttpOnly,
 * SameSite=Strict, scoped to /admin, Secure when the request came over https, valid for 8 hours. The cookie
 * is an expiry time and an HMAC of it keyed by the admin token, so nothing is stored and changing
 * ADMIN_TOKEN ends every session. Nothing else reads it: the API proper takes bearer keys only.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Router, type Request, type RequestHandler, type Response } from "express";
import helmet from "helmet";
import { z } from "zod";
import { AppError, type Actor } from "@markedsdialog/core";
import type { AppContext } from "./context";
import { noStore } from "./http/headers";
import { mount, route } from "./http/route";
import { sendProblem, sendTooManyRequests } from "./http/problem";

export const DASHBOARD_PATH = "/admin/queues";
const COOKIE = "md_admin";
const SESSION_MS = 8 * 3600 * 1000;

const sessionKey = (adminToken: string) => createHash("sha256").update(`admin-session\0${adminToken}`).digest();
const sign = (adminToken: string, expires: number) =>
  createHmac("sha256", sessionKey(adminToken)).update(`v1.${expires}`).digest("base64url");

function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The session cookie's value, if the request carries one. */
function cookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}

/** A cookie this process signed with the current admin token, not expired. */
function validSession(value: string | undefined, adminToken: string | undefined): boolean {
  const match = value ? /^v1\.(\d{13})\.([\w-]{43})$/.exec(value) : null;
  if (!match || !adminToken) return false;
  const expires = Number(match[1]);
  return expires > Date.now() && sameText(match[2]!, sign(adminToken, expires));
}

function cookieHeader(req: Request, value: string, maxAgeS: number): string {
  const secure = req.secure ? "; Secure" : "";
  return `${COOKIE}=${value}; Path=/admin; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure}`;
}

const signIn = route({
  method: "post",
  path: "/admin/session",
  operationId: "adminSignIn",
  summary: "Signs the admin in for the queue dashboard: a cookie for /admin",
  tag: "Admin",
  access: "public",
  body: z.strictObject({ token: z.string().min(1).max(512).optional() }),
  handle: async ({ body, actor, ctx, res }) => {
    if (!ctx.config.ADMIN_TOKEN) throw new AppError("forbidden", "No ADMIN_TOKEN is configured");
    if (body.token !== undefined) {
      const blocked = await ctx.limits.authFailures.exhausted(res.req.ip ?? "unknown");
      if (blocked !== undefined) return sendTooManyRequests(res, blocked, "Too many failed authentications");
    }
    const byBearer = actor.type === "admin";
    const byBody = body.token !== undefined && sameText(body.token, ctx.config.ADMIN_TOKEN);
    if (!byBearer && !byBody) {
      if (actor.type === "organization") throw new AppError("forbidden", "Only the platform administrator may");
      if (body.token !== undefined) {
        const over = await ctx.limits.authFailures.hit(res.req.ip ?? "unknown");
        if (over !== undefined) return sendTooManyRequests(res, over, "Too many failed authentications");
      }
      throw new AppError("unauthenticated", "Send the admin token as `token` or as a bearer token");
    }
    const expires = Date.now() + SESSION_MS;
    res.setHeader(
      "Set-Cookie",
      cookieHeader(res.req, `v1.${expires}.${sign(ctx.config.ADMIN_TOKEN, expires)}`, SESSION_MS / 1000),
    );
    return undefined;
  },
});

const signOut = route({
  method: "delete",
  path: "/admin/session",
  operationId: "adminSignOut",
  summary: "Ends the browser's dashboard session (removes its cookie)",
  tag: "Admin",
  access: "public",
  handle: async ({ res }) => {
    res.setHeader("Set-Cookie", cookieHeader(res.req, "", 0));
    return undefined;
  },
});

/** The admin by bearer token, or a browser with a valid session cookie; others 401 (anonymous) or 403. */
function requireDashboardAccess(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const actor = res.locals.actor as Actor;
    if (actor.type === "admin" || (actor.type === "anonymous" && validSession(cookieOf(req), ctx.config.ADMIN_TOKEN)))
      return next();
    if (actor.type === "organization")
      return sendProblem(res, 403, "forbidden", "Only the platform administrator may see the queue dashboard");
    res.setHeader("WWW-Authenticate", 'Bearer realm="markedsdialog"');
    sendProblem(res, 401, "unauthenticated", "Send the admin token as a bearer token, or sign in at /admin/login");
  };
}

const LOGIN_PAGE = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Markedsdialog – køoversikt</title></head>
<body><main><h1>Køoversikt</h1>
<form id="login"><label for="token">Administratornøkkel</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Logg inn</button></form><p id="status" role="status"></p></main>
<script src="/admin/login.js"></script></body></html>`;
const LOGIN_SCRIPT = `document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = document.getElementById("token").value;
  const res = await fetch("/admin/session", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }),
  });
  if (res.ok) location.assign("${DASHBOARD_PATH}/");
  else document.getElementById("status").textContent = "Feil nøkkel, eller for mange forsøk. Prøv igjen.";
});`;

const NOTHING = ["'none'"];
const ownAssets = {
  defaultSrc: NOTHING,
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  frameAncestors: NOTHING,
  baseUri: NOTHING,
  formAction: NOTHING,
};
/** The policy of /admin (the sign-in page): its own script and nothing inline. */
const adminPolicy: RequestHandler = helmet.contentSecurityPolicy({ useDefaults: false, directives: ownAssets });
/**
 * The dashboard's: Bull Board's page sets `<base href="/admin/queues/">` and its React code adds style
 * elements (theme, hoisted styles), so base-uri 'self' and inline styles; scripts still from this origin
 * only. Its Google Fonts stylesheet is refused: the page falls back to local fonts and calls out to no one.
 */
const dashboardPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: { ...ownAssets, styleSrc: ["'self'", "'unsafe-inline'"], baseUri: ["'self'"] },
});

/** /admin: the sign-in page and session, and the dashboard over every queue in ctx.allQueues. */
export function adminRouter(ctx: AppContext): Router {
  const router = Router();
  router.use("/admin", adminPolicy, noStore);
  router.use(DASHBOARD_PATH, dashboardPolicy);
  mount(router, ctx, [signIn, signOut]);
  router.get("/admin/login", (_req, res: Response) => void res.type("html").send(LOGIN_PAGE));
  router.get("/admin/login.js", (_req, res: Response) => void res.type("application/javascript").send(LOGIN_SCRIPT));
  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: ctx.allQueues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "Markedsdialog" } },
  });
  router.use(DASHBOARD_PATH, requireDashboardAccess(ctx), board.getRouter() as RequestHandler);
  return router;
}
