import type { Request, Response, Router } from "express";
import { z } from "zod";
import {
  AppError,
  formerMunicipalityNotes,
  requireAdmin,
  requireAuthenticated,
  type Actor,
  type FieldIssue,
} from "@markedsdialog/core";
import type { AppContext } from "../context";

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

/**
 * A write answer notes what was stored otherwise than sent: municipality numbers of earlier structures,
 * stored as their 2024 successors (`notes: [{ path: "body.municipality", message }]`, only when there are any).
 */
function withNotes(result: unknown, body: unknown): unknown {
  if (typeof result !== "object" || result === null || Array.isArray(result)) return result;
  const notes = formerMunicipalityNotes(body).map((note) => ({ ...note, path: `body.${note.path}` }));
  return notes.length > 0 ? { ...result, notes } : result;
}

function checkAccess(access: Access, actor: Actor) {
  if (access === "authenticated") requireAuthenticated(actor);
  if (access === "admin") requireAdmin(actor);
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
      else res.status(def.status ?? 200).json(def.body ? withNotes(result, req.body) : result);
    });
  }
}
