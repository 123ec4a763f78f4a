/**
 * GET /metrics, the API process's Prometheus metrics (http/metrics.ts): not under /api/v1 and not in the
 * OpenAPI document, which describes JSON answers; this answers the Prometheus text format, for a scraper.
 */
import { Router } from "express";
import { authenticate } from "@markedsdialog/core";
import { scrapeAccess } from "@markedsdialog/worker/metrics";
import type { AppContext } from "../context";
import { refuseQuery } from "../http/guards";
import { sendProblem, sendTooManyRequests } from "../http/problem";

const bearerToken = (header: string): string | undefined => /^Bearer\s+(\S{1,512})$/i.exec(header)?.[1];

/**
 * GET /metrics: for a bearer of METRICS_TOKEN or ADMIN_TOKEN. Mounted before the API's authentication (a
 * METRICS_TOKEN is no API key); failed tokens count against the same per-address limit. An organisation's
 * API key is known but not allowed (403).
 */
export function metricsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get("/metrics", refuseQuery, async (req, res) => {
    const header = req.headers.authorization;
    const access = scrapeAccess(header, ctx.config);
    if (access !== "allowed") {
      const address = req.ip ?? "unknown";
      if (header !== undefined) {
        const blocked = await ctx.limits.authFailures.exhausted(address);
        if (blocked !== undefined)
          return sendTooManyRequests(res, blocked, "Too many failed authentications from this address");
        const token = bearerToken(header);
        const actor = token ? await authenticate(token, undefined, ctx.accessEpoch) : undefined;
        if (actor?.type === "organization")
          return sendProblem(res, 403, "forbidden", "Only the platform administrator or the metrics scraper may");
        const over = await ctx.limits.authFailures.hit(address);
        if (over !== undefined)
          return sendTooManyRequests(res, over, "Too many failed authentications from this address");
      }
      res.setHeader("WWW-Authenticate", 'Bearer realm="markedsdialog"');
      return sendProblem(res, 401, "unauthenticated", "Send METRICS_TOKEN or ADMIN_TOKEN as a bearer token");
    }
    const text = await ctx.metrics.registry.metrics();
    res.setHeader("Cache-Control", "no-store");
    res.type(ctx.metrics.registry.contentType).send(text);
  });
  return router;
}
