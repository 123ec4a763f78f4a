/** The one error class of the domain. Codes are a closed list; the HTTP layer maps them to statuses. */
export type ErrorCode = "invalid" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "unavailable";

/**
 * The kind of a field's problem, for clients that word it themselves (the web app's Norwegian texts);
 * `message` stays the API's English reason. Set for what the request schemas refuse.
 */
export const FIELD_ISSUE_CODES = [
  "required",
  "wrong_type",
  "not_a_number",
  "not_an_integer",
  "too_short",
  "too_long",
  "too_few",
  "too_many",
  "too_small",
  "too_large",
  "invalid_option",
  "invalid_date",
  "invalid_email",
  "invalid_url",
  "invalid_format",
  "invalid_text",
  "unknown_cpv",
  "unknown_municipality",
  "unknown_county",
  "unknown_field",
  "unknown_parameter",
  "invalid",
] as const;
export type FieldIssueCode = (typeof FIELD_ISSUE_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the failing field in the input, e.g. `cpv.1`; the HTTP layer adds the part (`body.cpv.1`). */
  path: string;
  message: string;
  code?: FieldIssueCode;
  /** The bound broken (`too_short`: characters, `too_few`: items, `too_small`: the value). */
  minimum?: number;
  maximum?: number;
  /** The options of `invalid_option`. */
  values?: string[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: ErrorCode, message: string, options: { issues?: FieldIssue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export const invalid = (message: string, issues: FieldIssue[] = []): AppError =>
  new AppError("invalid", message, { issues });
export const notFound = (what: string): AppError => new AppError("not_found", `${what} was not found`);
export const forbidden = (message: string): AppError => new AppError("forbidden", message);
export const conflict = (message: string): AppError => new AppError("conflict", message);
