import { z } from "zod";
import { answerSchema, type RouteDef } from "./route";
import { problemSchema } from "./problem";

type Json = Record<string, unknown>;

/**
 * JSON Schema for a zod schema, with named sub-schemas (`.meta({ id })`) moved to components/schemas so
 * references resolve against the OpenAPI document rather than the inline schema. Requests are described
 * as they are sent (`input`: defaults optional), answers as they are sent back (`output`).
 */
function jsonSchema(schema: z.ZodType, components: Json, io: "input" | "output" = "input"): Json {
  const { $schema, $defs, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as Json;
  void $schema;
  const relink = (value: Json): Json =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) components[name] = relink(def);
  return relink(rest);
}

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input: the `errors` member lists the failing field paths",
  401: "Missing or unknown API key",
  403: "The organisation may not do this",
  404: "Not found (or not visible to the caller)",
  409: "Conflict with the record's state",
  413: "Body over the size limit",
  415: "Body is not JSON",
  429: "Too many requests (failed authentications from the address, searches, or writes by the organisation); `Retry-After` says when to try again",
};

function parameters(def: RouteDef, components: Json) {
  const out: object[] = [];
  for (const [where, schema] of [
    ["path", def.params],
    ["query", def.query],
  ] as const) {
    if (!(schema instanceof z.ZodObject)) continue;
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const described = jsonSchema(field, components);
      out.push({
        name,
        in: where,
        required: where === "path" || !field.safeParse(undefined).success,
        description: described.description,
        schema: described,
      });
    }
  }
  return out;
}

function success(def: RouteDef, status: string, components: Json) {
  if (status === "204") return { description: def.responseDescription ?? "Done" };
  if (def.responseType)
    return {
      description: def.responseDescription ?? "OK",
      content: { [def.responseType]: { schema: { type: "string" } } },
    };
  return {
    description: def.responseDescription ?? "OK",
    content: {
      "application/json": {
        schema: answerSchema(def) ? jsonSchema(answerSchema(def)!, components, "output") : { type: "object" },
      },
    },
  };
}

/**
 * OpenAPI 3.1 built from the same zod schemas that validate requests and (outside production) answers.
 * `routes` are under /api/v1; `rootRoutes` (health, readiness) name their whole path.
 */
export function buildOpenApi(routes: RouteDef[], version: string, rootRoutes: RouteDef[] = []) {
  const paths: Record<string, Record<string, object>> = {};
  const components: Json = {};
  const problem = jsonSchema(problemSchema, components, "output");
  for (const def of [...routes, ...rootRoutes]) {
    const base = rootRoutes.includes(def) ? "" : "/api/v1";
    const path = `${base}${def.path.replace(/:(\w+)/g, "{$1}")}`;
    const status = String(def.status ?? 200);
    // 400: every route refuses unknown parameters and fields; 429: any request with a key can be limited.
    const errors = [...new Set([400, ...(def.body ? [413, 415] : []), 429, ...(def.errors ?? [])])];
    if (def.access !== "public") errors.push(401);
    if (def.access === "admin") errors.push(403);
    (paths[path] ??= {})[def.method] = {
      operationId: def.operationId,
      summary: def.summary,
      description: def.description,
      tags: [def.tag],
      security: def.access === "public" ? [{}, { bearer: [] }, { session: [] }] : [{ bearer: [] }, { session: [] }],
      parameters: parameters(def, components),
      ...(def.body && {
        requestBody: { required: true, content: { "application/json": { schema: jsonSchema(def.body, components) } } },
      }),
      responses: {
        [status]: success(def, status, components),
        ...Object.fromEntries(
          [...new Set(errors)].sort().map((code) => [
            String(code),
            {
              description: ERROR_TEXT[code] ?? "Error",
              content: { "application/problem+json": { schema: problem } },
            },
          ]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Markedsdialog API",
      version,
      description:
        "Buyers announce upcoming public procurements (needs) early; suppliers present what they can do. Authenticate with `Authorization: Bearer <API key>`, or as a person with the session cookie (`/auth/*`).",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "md_session",
          description: "A person's session (POST /auth/magic-link/verify); writes also need the header X-CSRF-Token",
        },
      },
      schemas: components,
    },
    paths,
  };
}
