import { createRequire } from "node:module";
import { dirname } from "node:path";
import express, { Router } from "express";
import { z } from "zod";
import { AppError, ORGANIZATION_KINDS, USER_ROLES } from "@markedsdialog/core";
import { idAnswer } from "@markedsdialog/core/shared/answers";
import { readiness, type AppContext } from "../context";
import { refuseQuery } from "../http/guards";
import { buildOpenApi } from "../http/openapi";
import { mount, route, type RouteDef } from "../http/route";

const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Markedsdialog API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
// No validator badge: it would load an image from elsewhere, which the page's policy refuses.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#docs", validatorUrl: null });`;

const callerAnswer = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("admin") }),
    z.strictObject({
      type: z.literal("organization"),
      orgId: idAnswer,
      kind: z.enum(ORGANIZATION_KINDS),
      name: z.string(),
      userId: idAnswer.optional().meta({ description: "Signed in as a person (session cookie): who" }),
      userRole: z.enum(USER_ROLES).optional(),
    }),
    z.strictObject({ type: z.literal("anonymous") }),
  ])
  .meta({ id: "Caller", description: "Who the API key or the session belongs to (anonymous without either)" });

const schemaObject = z
  .looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    $ref: z.string().optional(),
    get properties() {
      return z.record(z.string(), schemaObject).optional();
    },
  })
  .meta({ id: "SchemaObject", description: "A JSON Schema (draft 2020-12)" });

/** The OpenAPI document itself, in outline: its full description is the OpenAPI 3.1 specification. */
const openApiAnswer = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.strictObject({ title: z.string(), version: z.string(), description: z.string() }),
    servers: z.array(z.strictObject({ url: z.string() })),
    components: z.strictObject({
      securitySchemes: z.record(z.string(), z.looseObject({ type: z.string() })),
      schemas: z.record(z.string(), schemaObject),
    }),
    paths: z.record(
      z.string(),
      z.partialRecord(
        z.enum(["get", "post", "put", "patch", "delete"]),
        z.looseObject({
          operationId: z.string(),
          summary: z.string(),
          responses: z.record(z.string(), z.looseObject({ description: z.string() })),
        }),
      ),
    ),
  })
  .meta({ id: "OpenApiDocument" });

const tag = "System";

/** The JSON answers of the system router; their paths are whole (not under /api/v1). */
function systemRoutes(openapi: () => object) {
  return [
    route({
      method: "get",
      path: "/healthz",
      operationId: "health",
      summary: "Liveness: the process answers",
      tag,
      access: "public",
      response: z.strictObject({ status: z.literal("ok") }).meta({ id: "Health" }),
      handle: async () => ({ status: "ok" }),
    }),
    route({
      method: "get",
      path: "/readyz",
      operationId: "readiness",
      summary: "Readiness: the database, Redis and the search engine answer (503 names those that do not)",
      tag,
      access: "public",
      errors: [503],
      response: z
        .strictObject({
          status: z.literal("ready"),
          checks: z.strictObject({ database: z.literal(true), redis: z.literal(true), search: z.literal(true) }),
        })
        .meta({ id: "Readiness" }),
      handle: async ({ ctx }) => {
        const checks = await readiness(ctx);
        const failing = Object.keys(checks).filter((name) => !checks[name]);
        if (failing.length > 0) {
          throw new AppError("unavailable", `Not ready: ${failing.join(", ")} did not answer`, {
            issues: failing.map((name) => ({ path: `checks.${name}`, message: "does not answer" })),
          });
        }
        return { status: "ready", checks };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/openapi.json",
      operationId: "openApiDocument",
      summary: "This document",
      tag,
      access: "public",
      response: openApiAnswer,
      handle: async () => openapi(),
    }),
    route({
      method: "get",
      path: "/api/v1/me",
      operationId: "me",
      summary: "The caller, as the API key or the session identifies it",
      tag,
      access: "public",
      response: callerAnswer,
      // Without the access epoch its name was read under: that is the API processes' business.
      handle: async ({ actor }) => {
        if (actor.type !== "organization") return actor;
        const { epoch: _epoch, ...caller } = actor;
        return caller;
      },
    }),
  ];
}

/**
 * The OpenAPI document of `routes` (under /api/v1) and the system routes. Needs no services: the web
 * app's client is generated from it at build time (web/scripts/openapi.ts).
 */
export function openApiDocument(routes: RouteDef[], version: string): object {
  const own = systemRoutes(() => openapi);
  const openapi = buildOpenApi(routes, version, own);
  return openapi;
}

/** Liveness, readiness, the caller, the OpenAPI document and browsable docs. */
export function systemRouter(ctx: AppContext, routes: RouteDef[]): Router {
  const router = Router();
  const own = systemRoutes(() => openapi);
  const openapi = buildOpenApi(routes, ctx.version, own);
  mount(router, ctx, own);
  router.get(["/docs", "/docs/", "/docs/init.js"], refuseQuery);
  router.get(["/docs", "/docs/"], (_req, res) => {
    res.type("html").send(DOCS_PAGE);
  });
  router.get("/docs/init.js", (_req, res) => {
    res.type("application/javascript").send(DOCS_INIT);
  });
  router.use("/docs/assets", express.static(swaggerDir, { index: false }));
  return router;
}
