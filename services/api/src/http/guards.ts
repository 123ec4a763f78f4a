import type { RequestHandler } from "express";
import { authenticate, type AccessEpoch, type Actor, type FieldIssue } from "@markedsdialog/core";
import { sendProblem } from "./problem";

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
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody && !req.is(["application/json", "application/*+json"])) {
    return sendProblem(res, 415, "unsupported-media-type", "Send the body as application/json");
  }
  next();
};

export function authenticateRequests(adminToken: string | undefined, epoch: AccessEpoch): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    let actor: Actor = { type: "anonymous" };
    if (header !== undefined) {
      const match = /^Bearer\s+(\S{1,512})$/i.exec(header);
      const found = match?.[1] ? await authenticate(match[1], adminToken, epoch) : undefined;
      if (!found) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="markedsdialog"');
        return sendProblem(res, 401, "unauthenticated", "The API key is missing, malformed, unknown or revoked");
      }
      actor = found;
    }
    res.locals.actor = actor;
    next();
  };
}
