/** The one error class of the domain. Codes are a closed list; the HTTP layer maps them to statuses. */
export type ErrorCode = "invalid" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "unavailable";

export interface FieldIssue {
  /** Dotted path of the failing field in the input, e.g. `cpv.1`; the HTTP layer adds the part (`body.cpv.1`). */
  path: string;
  message: string;
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
