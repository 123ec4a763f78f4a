/**
 * The typed API client: openapi-fetch over the paths in schema.d.ts, which web/scripts/openapi.ts generates
 * from the API's own OpenAPI document, so a call the API does not answer (a path, a parameter, a field of
 * the answer) is a type error in the build. Cookie-authenticated writes carry the session's CSRF token.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

let csrfToken: string | undefined;
/** The session's CSRF token, sent as X-CSRF-Token with every write (set by the auth context). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  // The API reads lists as repeated or comma-separated values: cpv=45000000,90000000.
  querySerializer: { array: { style: "form", explode: false } },
});
api.use(csrf);

/** One field's problem: its path, the API's English reason and, for schema checks, its kind and bound. */
export type FieldIssue = NonNullable<Schemas["Problem"]["errors"]>[number];

/** An RFC 9457 problem from the API, with its field paths for validation errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldIssue[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** The answer's data, or an ApiError carrying the problem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) throw new ApiError(response.status, (error ?? {}) as Problem);
  return data;
}
