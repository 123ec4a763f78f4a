import { randomUUID } from "node:crypto";
import express, { Router, type Express } from "express";
import { pinoHttp } from "pino-http";
import type { AppContext } from "./context";
import { mount, type RouteDef } from "./http/route";
import {
  authenticateRequests,
  limitWrites,
  rejectOperators,
  requireJsonBody,
  singleAuthorization,
} from "./http/guards";
import { docsPolicy, noStore, securityHeaders } from "./http/headers";
import { allowMethods, routesOf } from "./http/methods";
import { errorHandler, sendProblem } from "./http/problem";
import { labelRoutes } from "./http/metrics";
import { metricsRouter } from "./routes/metrics";
import { adminRouter, DASHBOARD_PATH } from "./admin-queues";
import { systemRouter } from "./routes/system";
import { organizationRoutes } from "./routes/organizations";
import { needRoutes } from "./routes/needs";
import { buyerGroupRoutes } from "./routes/buyer-groups";
import { supplierRoutes } from "./routes/suppliers";
import { subscriptionRoutes } from "./routes/subscriptions";
import { matchingRoutes } from "./routes/matching";
import { notificationRoutes } from "./routes/notifications";
import { deliveryRoutes } from "./routes/deliveries";
import { conferenceMeetingRoutes } from "./routes/conference-meetings";
import { conferenceRoutes } from "./routes/conferences";
import { conferenceCommsRoutes } from "./routes/conference-comms";
import { accountRoutes } from "./routes/accounts";
import { SIGN_IN_PATHS, signInRoutes } from "./routes/sign-in";
import { resolveSessions } from "./http/session";
import { webAppRouter } from "./http/web-app";

export type { AppContext } from "./context";

export const apiRoutes: RouteDef[] = [
  ...organizationRoutes,
  ...accountRoutes,
  ...signInRoutes,
  // Before needRoutes: /needs/:id/notifications(.csv) are more specific than anything there.
  ...notificationRoutes,
  ...deliveryRoutes,
  ...needRoutes,
  ...buyerGroupRoutes,
  ...supplierRoutes,
  ...subscriptionRoutes,
  ...matchingRoutes,
  ...conferenceRoutes,
  ...conferenceMeetingRoutes,
  ...conferenceCommsRoutes,
];

/** Builds the HTTP app. It never listens: main.ts does (with answerClientErrors), tests use supertest. */
export function createApp(ctx: AppContext, extraRoutes: RouteDef[] = []): Express {
  // Extra routes first: /needs/search must win over /needs/:id.
  const routes = [...extraRoutes, ...apiRoutes];
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.set("trust proxy", ctx.config.TRUST_PROXY);
  app.use(ctx.metrics.timeRequests);
  app.use(securityHeaders);
  app.use("/docs", docsPolicy);
  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const id =
          typeof req.headers["x-request-id"] === "string" && /^[\w-]{1,64}$/.test(req.headers["x-request-id"])
            ? req.headers["x-request-id"]
            : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      redact: ["req.headers.authorization"],
    }),
  );
  app.use("/api/v1", noStore);
  app.use(singleAuthorization);
  const system = systemRouter(ctx, routes);
  const api = Router();
  api.use(limitWrites(ctx.limits.writes));
  mount(api, ctx, routes);
  const metrics = metricsRouter(ctx);
  const admin = adminRouter(ctx);
  const known = [...routesOf(system), ...routesOf(metrics), ...routesOf(admin), ...routesOf(api, "/api/v1")];
  app.use(labelRoutes(known, ["/docs/assets", DASHBOARD_PATH]));
  app.use(allowMethods(known));
  // The web app at / when it is built (web/dist), before keys and sessions are looked up: its files and
  // pages are the same for everyone. It never answers the API's paths; without a build, / is a 404.
  const web = webAppRouter();
  if (web) app.use(web);
  // Before authentication: a METRICS_TOKEN is not an API key (metricsRouter checks the bearer itself).
  app.use(metrics);
  app.use(authenticateRequests(ctx.config.ADMIN_TOKEN, ctx.accessEpoch, ctx.limits.authFailures));
  app.use(resolveSessions(ctx, SIGN_IN_PATHS));
  app.use(requireJsonBody);
  app.use(
    express.json({
      limit: ctx.config.BODY_LIMIT_BYTES,
      strict: true,
      type: ["application/json", "application/*+json"],
    }),
  );
  app.use(rejectOperators);
  app.use(system);
  app.use(admin);
  app.use("/api/v1", api);
  app.use((req, res) => sendProblem(res, 404, "not_found", `No route for ${req.method} ${req.path}`));
  app.use(errorHandler(ctx.logger));
  return app;
}
