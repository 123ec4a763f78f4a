import type { Request, Response, Router } from "express";
import { z } from "zod";
import { AppError, requireAdmin, requireAuthenticated, type Actor, type FieldIssue } from "@markedsdialog/core";
import type { AppContext } from "../context";
import { sendProblem } from "./problem";

export type Access = "public" | "authenticated" | "admin";

/**
 * One route: its schemas validate the request and document it in OpenAPI, so the two cannot drift.
 * Handlers get parsed input and return the response body; business rules stay in the core services.
 */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  description?: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  status?: number;
  responseDescription?: string;
  errors?: number[];
  handle(input: {
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
    actor: Actor;
    ctx: AppContext;
    res: Response;
  }): Promise<unknown>;
}

export const route = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  def: RouteDef<P, Q, B>,
): RouteDef => def as unknown as RouteDef;

const issuesOf = (error: z.ZodError, prefix: string): FieldIssue[] =>
  error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].join("."), message: issue.message }));

function parsePart(schema: z.ZodType | undefined, value: unknown, prefix: string, issues: FieldIssue[]): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  issues.push(...issuesOf(result.error, prefix));
  return undefined;
}

/**
 * Core names the fields of what it was given (`buyerId`, `members.0`); which part of the request they came
 * in is the HTTP layer's to say: the body when the route takes one, else the query.
 */
function locateIssues(error: unknown, def: RouteDef): unknown {
  const part = def.body ? "body" : def.query ? "query" : undefined;
  if (!part || !(error instanceof AppError) || error.issues.length === 0) return error;
  const issues = error.issues.map((issue) => ({ ...issue, path: `${part}.${issue.path}` }));
  return new AppError(error.code, error.message, { issues, cause: error.cause });
}

function checkAccess(access: Access, actor: Actor) {
  if (access === "authenticated") requireAuthenticated(actor);
  if (access === "admin") requireAdmin(actor);
}

/**
 * Outside production every JSON answer is checked against the route's `response` schema, so each test that
 * goes through HTTP also checks the answers against the OpenAPI document. A mismatch is logged; in tests it
 * is answered instead as a 500 naming the paths that do not match, and this returns false.
 */
function answerConforms(def: RouteDef, result: unknown, ctx: AppContext, res: Response): boolean {
  const mode = ctx.config.NODE_ENV;
  if (!def.response || mode === "production") return true;
  const checked = def.response.safeParse(JSON.parse(JSON.stringify(result)));
  if (checked.success) return true;
  const issues = issuesOf(checked.error, "response");
  ctx.logger.error({ operationId: def.operationId, issues }, "the answer does not match its response schema");
  if (mode !== "test") return true;
  sendProblem(res, 500, "internal", `The answer of ${def.operationId} does not match its response schema`, issues);
  return false;
}

export function mount(router: Router, ctx: AppContext, routes: RouteDef[]): void {
  for (const def of routes) {
    router[def.method](def.path, async (req: Request, res: Response) => {
      const actor = res.locals.actor as Actor;
      checkAccess(def.access, actor);
      const issues: FieldIssue[] = [];
      const params = parsePart(def.params, req.params, "params", issues);
      const query = parsePart(def.query, { ...req.query }, "query", issues);
      const body = parsePart(def.body, req.body, "body", issues);
      if (issues.length) throw new AppError("invalid", "The request has invalid fields", { issues });
      const result = await ctx.inFlight
        .track(() => def.handle({ params, query, body, actor, ctx, res } as Parameters<RouteDef["handle"]>[0]))
        .catch((error: unknown) => {
          throw locateIssues(error, def);
        });
      if (result === undefined) res.status(def.status ?? 204).end();
      else if (answerConforms(def, result, ctx, res)) res.status(def.status ?? 200).json(result);
    });
  }
}
