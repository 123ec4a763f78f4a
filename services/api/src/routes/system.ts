import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";
import type { Actor } from "@markedsdialog/core";
import { readiness, type AppContext } from "../context";
import { buildOpenApi } from "../http/openapi";
import type { RouteDef } from "../http/route";

const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Markedsdialog API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#docs" });`;

/** Liveness, readiness, the OpenAPI document and browsable docs. */
export function systemRouter(ctx: AppContext, routes: RouteDef[]): Router {
  const router = Router();
  const openapi = buildOpenApi(routes, ctx.version);
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
  router.get("/api/v1/me", (_req, res) => {
    const actor = res.locals.actor as Actor;
    res.json(actor);
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
