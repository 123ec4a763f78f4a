import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { authenticate, type AccessEpoch, type Actor, type FieldIssue } from "@markedsdialog/core";
import { sendProblem, sendTooManyRequests } from "./problem";
import type { RateLimit } from "./rate-limit";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Paths of keys that could act as MongoDB operators or reach into nested fields. */
function operatorKeys(value: unknown, path: string, found: FieldIssue[], depth = 0): FieldIssue[] {
  if (depth > 32) {
    found.push({ path, message: "is nested too deeply" });
    return found;
  }
  if (Array.isArray(value)) value.forEach((item, i) => operatorKeys(item, `${path}.${i}`, found, depth + 1));
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith("$") || key.includes(".") || FORBIDDEN_KEYS.has(key) || key.includes("[")) {
        found.push({ path: `${path}.${key}`, message: "field names may not start with $, contain dots or brackets" });
      } else operatorKeys(inner, `${path}.${key}`, found, depth + 1);
    }
  }
  return found;
}

/** Refuses `$`-operators and dotted keys anywhere in the body or the query string. */
export const rejectOperators: RequestHandler = (req, res, next) => {
  const issues = [...operatorKeys(req.query, "query", []), ...operatorKeys(req.body, "body", [])];
  if (issues.length)
    return sendProblem(res, 400, "invalid", "The request contains operator or dotted field names", issues);
  next();
};

/** Bodies must be JSON: anything else is refused before it reaches a route. */
/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as a form; it is not read. */
const ONE_CLICK_PATH = /^\/api\/v1\/unsubscribe\/[^/]+$/;

export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody && req.method === "POST" && ONE_CLICK_PATH.test(req.path) && req.is("application/x-www-form-urlencoded"))
    return next();
  if (hasBody && !req.is(["application/json", "application/*+json"])) {
    return sendProblem(res, 415, "unsupported-media-type", "Send the body as application/json");
  }
  next();
};

/** Node keeps the first of repeated Authorization headers; which key was meant is unclear, so both are refused. */
export const singleAuthorization: RequestHandler = (req, res, next) => {
  const count = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === "authorization").length;
  if (count > 1)
    return sendProblem(res, 400, "invalid", "Send one Authorization header", [
      { path: "headers.authorization", message: `is sent ${count} times` },
    ]);
  next();
};

/** Routes outside the API's RouteDefs take no query parameters either. */
export const refuseQuery: RequestHandler = (req, res, next) => {
  const names = Object.keys(req.query as object);
  if (names.length)
    return sendProblem(
      res,
      400,
      "invalid",
      "The request has invalid fields",
      names.map((name) => ({ path: `query.${name}`, message: "is not a known parameter" })),
    );
  next();
};

/** Who a per-caller limit counts: the API key (a digest of it), or the client address without one. */
export const callerKey = (req: Request, res: Response): string =>
  typeof res.locals.credential === "string" ? `key:${res.locals.credential}` : `address:${req.ip ?? "unknown"}`;

/**
 * Resolves the bearer key to an actor. Failures are counted per client address (req.ip, see TRUST_PROXY):
 * past the limit, requests that present a key are answered 429 until the window ends, a correct key too;
 * requests without one are not affected.
 */
export function authenticateRequests(
  adminToken: string | undefined,
  epoch: AccessEpoch,
  failures: RateLimit,
): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    let actor: Actor = { type: "anonymous" };
    if (header !== undefined) {
      const address = req.ip ?? "unknown";
      const blocked = await failures.exhausted(address);
      if (blocked !== undefined)
        return sendTooManyRequests(res, blocked, "Too many failed authentications from this address");
      const token = /^Bearer\s+(\S{1,512})$/i.exec(header)?.[1];
      const found = token ? await authenticate(token, adminToken, epoch) : undefined;
      if (!found || !token) {
        const over = await failures.hit(address);
        if (over !== undefined)
          return sendTooManyRequests(res, over, "Too many failed authentications from this address");
        res.setHeader("WWW-Authenticate", 'Bearer realm="markedsdialog"');
        return sendProblem(res, 401, "unauthenticated", "The API key is missing, malformed, unknown or revoked");
      }
      actor = found;
      res.locals.credential = createHash("sha256").update(token).digest("base64url").slice(0, 27);
    }
    res.locals.actor = actor;
    next();
  };
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Writes are counted per organisation; the platform admin is not limited. */
export function limitWrites(writes: RateLimit): RequestHandler {
  return async (req, res, next) => {
    const actor = res.locals.actor as Actor;
    if (!WRITE_METHODS.has(req.method) || actor.type !== "organization") return next();
    const over = await writes.hit(actor.orgId);
    if (over !== undefined) return sendTooManyRequests(res, over, "Too many writes by this organisation");
    next();
  };
}
