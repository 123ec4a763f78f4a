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
import { callerKey } from "./guards";
import { issueKind } from "./issue-codes";
import { sendProblem, sendTooManyRequests } from "./problem";

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
  /** An answer that is not JSON (the handler sends it itself), e.g. `text/csv`. */
  responseType?: string;
  errors?: number[];
  /** "search": counted against the search limit, per API key or, without one, per client address. */
  rateLimit?: "search";
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

/** Zod reports unknown keys as one issue at their object; each gets its own path here (`body.timeline.x`). */
const issuesOf = (error: z.ZodError, prefix: string): FieldIssue[] =>
  error.issues.flatMap((issue): FieldIssue[] => {
    const at = [prefix, ...issue.path.map(String)];
    if (issue.code !== "unrecognized_keys")
      return [{ path: at.join("."), message: issue.message, ...issueKind(issue) }];
    const [message, code] =
      prefix === "query"
        ? (["is not a known parameter", "unknown_parameter"] as const)
        : (["is not a known field", "unknown_field"] as const);
    return issue.keys.map((key) => ({ path: [...at, key].join("."), message, code }));
  });

function parsePart(schema: z.ZodType, value: unknown, prefix: string, issues: FieldIssue[]): unknown {
  // The input is reported so a missing field tells itself apart (`required`); it never reaches the answer.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  issues.push(...issuesOf(result.error, prefix));
  return undefined;
}

/** A route without a query schema takes no parameters. */
const NO_QUERY = z.strictObject({});

/** A route without a body schema takes no body; an empty JSON object is let through. */
function refuseBody(body: unknown, issues: FieldIssue[]): undefined {
  if (body === undefined) return undefined;
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  if (!isObject) issues.push({ path: "body", message: "this route takes no body" });
  else
    for (const key of Object.keys(body))
      issues.push({ path: `body.${key}`, message: "is not a known field", code: "unknown_field" });
  return undefined;
}

/** JSON Schema locations of objects that would accept fields they do not name. */
function looseObjects(schema: unknown, at: string, found: string[]): string[] {
  if (Array.isArray(schema)) schema.forEach((item, i) => looseObjects(item, `${at}/${i}`, found));
  else if (typeof schema === "object" && schema !== null) {
    const node = schema as Record<string, unknown>;
    if (node.properties !== undefined && node.additionalProperties !== false) found.push(at || "/");
    for (const [key, inner] of Object.entries(node)) looseObjects(inner, `${at}/${key}`, found);
  }
  return found;
}

/**
 * Unknown query parameters and body fields are refused on every route, so every object in a route's
 * schemas must be strict (z.strictObject): a route that would let them through does not mount.
 */
function assertStrict(def: RouteDef): void {
  for (const [part, schema] of [
    ["params", def.params],
    ["query", def.query],
    ["body", def.body],
  ] as const) {
    if (!schema) continue;
    const loose = looseObjects(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), "", []);
    if (loose.length)
      throw new Error(
        `${def.method.toUpperCase()} ${def.path}: its ${part} schema accepts unknown fields at ${loose.join(", ")}; use z.strictObject`,
      );
  }
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

const writeNotesAnswer = z
  .array(z.strictObject({ path: z.string(), message: z.string() }))
  .min(1)
  .meta({ id: "WriteNotes", description: "What was stored otherwise than sent, e.g. a former municipality number" });
const writtenAnswers = new WeakMap<z.ZodType, z.ZodType>();

/** The answer as sent: a route that takes a body may add `notes` to its object answer (see withNotes). */
export function answerSchema(def: RouteDef): z.ZodType | undefined {
  const response = def.response;
  if (!def.body || !(response instanceof z.ZodObject)) return response;
  let written = writtenAnswers.get(response);
  if (!written) {
    const id = z.globalRegistry.get(response)?.id;
    written = response.extend({ notes: writeNotesAnswer.optional() }).meta(id ? { id: `${id}Written` } : {});
    writtenAnswers.set(response, written);
  }
  return written;
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
  if (!answerSchema(def) || mode === "production") return true;
  const checked = answerSchema(def)!.safeParse(JSON.parse(JSON.stringify(result)));
  if (checked.success) return true;
  const issues = issuesOf(checked.error, "response");
  ctx.logger.error({ operationId: def.operationId, issues }, "the answer does not match its response schema");
  if (mode !== "test") return true;
  sendProblem(res, 500, "internal", `The answer of ${def.operationId} does not match its response schema`, issues);
  return false;
}

export function mount(router: Router, ctx: AppContext, routes: RouteDef[]): void {
  for (const def of routes) {
    assertStrict(def);
    router[def.method](def.path, async (req: Request, res: Response) => {
      const actor = res.locals.actor as Actor;
      checkAccess(def.access, actor);
      if (def.rateLimit) {
        const wait = await ctx.limits[def.rateLimit].hit(callerKey(req, res));
        if (wait !== undefined) return sendTooManyRequests(res, wait, `Too many requests to ${def.rateLimit}`);
      }
      const issues: FieldIssue[] = [];
      const params = def.params ? parsePart(def.params, req.params, "params", issues) : req.params;
      const query = parsePart(def.query ?? NO_QUERY, { ...req.query }, "query", issues);
      const body = def.body ? parsePart(def.body, req.body, "body", issues) : refuseBody(req.body, issues);
      if (issues.length) throw new AppError("invalid", "The request has invalid fields", { issues });
      const result = await ctx.inFlight
        .track(() => def.handle({ params, query, body, actor, ctx, res } as Parameters<RouteDef["handle"]>[0]))
        .catch((error: unknown) => {
          throw locateIssues(error, def);
        });
      if (res.headersSent) return; // the handler answered itself (CSV)
      if (result === undefined) res.status(def.status ?? 204).end();
      else {
        const answer = def.body ? withNotes(result, req.body) : result;
        if (answerConforms(def, answer, ctx, res)) res.status(def.status ?? 200).json(answer);
      }
    });
  }
}
