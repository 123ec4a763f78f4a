import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";
import { readiness, type AppContext } from "../context";
import { refuseQuery } from "../http/guards";
import { buildOpenApi } from "../http/openapi";
import { route, type RouteDef } from "../http/route";

const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Markedsdialog API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
// No validator badge: it would load an image from elsewhere, which the page's policy refuses.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#docs", validatorUrl: null });`;

/** Mounted with the API's routes (under /api/v1, validated and documented like them). */
export const systemRoutes = [
  route({
    method: "get",
    path: "/me",
    operationId: "getMe",
    summary: "Who the caller is: the admin, an organisation (by its key) or anonymous",
    tag: "Organizations",
    access: "public",
    handle: async ({ actor }) => actor,
  }),
];

/** Liveness, readiness, the OpenAPI document and browsable docs; none of them takes query parameters. */
export function systemRouter(ctx: AppContext, routes: RouteDef[]): Router {
  const router = Router();
  const openapi = buildOpenApi(routes, ctx.version);
  router.get(["/healthz", "/readyz", "/api/v1/openapi.json", "/docs", "/docs/", "/docs/init.js"], refuseQuery);
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const checks = await readiness(ctx);
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks });
  });
  router.get("/api/v1/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  router.get(["/docs", "/docs/"], (_req, res) => {
    res.type("html").send(DOCS_PAGE);
  });
  router.get("/docs/init.js", (_req, res) => {
    res.type("application/javascript").send(DOCS_INIT);
  });
  router.use("/docs/assets", express.static(swaggerDir, { index: false }));
  return router;
}
