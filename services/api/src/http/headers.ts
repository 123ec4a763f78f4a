import type { RequestHandler } from "express";
import helmet from "helmet";

const NOTHING = ["'none'"];

/**
 * Helmet's headers on every answer (nosniff, no-referrer, HSTS, …), with a Content-Security-Policy that
 * allows nothing: the API answers JSON, which a browser should never run or frame.
 */
export const securityHeaders: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: NOTHING, frameAncestors: NOTHING, baseUri: NOTHING, formAction: NOTHING },
  },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
});

/**
 * The policy of /docs: Swagger UI's script and stylesheet and the OpenAPI document from this origin, its
 * icons as data: URIs, and nothing inline (the page's only script is /docs/init.js).
 */
export const docsPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: NOTHING,
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    frameAncestors: NOTHING,
    baseUri: NOTHING,
    formAction: NOTHING,
  },
});

/** API answers depend on the caller's key and some show a key: no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};
