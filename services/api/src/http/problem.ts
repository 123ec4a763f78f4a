import { STATUS_CODES, type Server } from "node:http";
import type { ErrorRequestHandler, Response } from "express";
import { z } from "zod";
import { AppError, FIELD_ISSUE_CODES, type ErrorCode, type FieldIssue, type Logger } from "@markedsdialog/core";

/** The one place where error codes become HTTP statuses (RFC 9457 problem details). */
const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

const TITLES: Record<string, string> = {
  invalid: "Invalid request",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  unavailable: "Service unavailable",
  "malformed-json": "Malformed JSON",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  "method-not-allowed": "Method not allowed",
  "too-many-requests": "Too many requests",
  "bad-request": "Bad request",
  "headers-too-large": "Request headers too large",
  "request-timeout": "Request timeout",
  internal: "Internal error",
};

export const problemType = (slug: string): string => `https://markedsdialog.no/problems/${slug.replace(/_/g, "-")}`;

/** What sendProblem answers, for the OpenAPI document. */
export const problemSchema = z
  .strictObject({
    type: z.string().meta({ description: `${problemType("<slug>")}, e.g. ${problemType("not_found")}` }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    instance: z.string().meta({ description: "The request's path" }),
    errors: z
      .array(
        z.strictObject({
          path: z.string(),
          message: z.string().meta({ description: "The reason, in English" }),
          code: z
            .enum(FIELD_ISSUE_CODES)
            .optional()
            .meta({ description: "The kind of problem, for wording it in another language (schema checks)" }),
          minimum: z.number().optional().meta({ description: "too_short, too_few, too_small: the bound" }),
          maximum: z.number().optional().meta({ description: "too_long, too_many, too_large: the bound" }),
          values: z.array(z.string()).optional().meta({ description: "invalid_option: the options" }),
        }),
      )
      .optional()
      .meta({ description: "The failing fields, e.g. `body.cpv.1` (validation errors)" }),
    requestId: z.string().meta({ description: "Also in the x-request-id header and the logs" }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export function sendProblem(
  res: Response,
  status: number,
  slug: string,
  detail: string,
  errors: FieldIssue[] = [],
): void {
  res
    .status(status)
    .type("application/problem+json")
    .json({
      type: problemType(slug),
      title: TITLES[slug] ?? slug,
      status,
      detail,
      instance: res.req.originalUrl.split("?")[0],
      ...(errors.length > 0 && { errors }),
      requestId: res.req.id,
    });
}

/** 429 with Retry-After in whole seconds (at least 1), the time until the limit's window ends. */
export function sendTooManyRequests(res: Response, msBeforeNext: number, detail: string): void {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  res.setHeader("Retry-After", String(seconds));
  sendProblem(res, 429, "too-many-requests", `${detail}; try again in ${seconds} s`);
}

/** What Node's HTTP parser refuses before express sees the request, by the parser's error code. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, "headers-too-large", "The request headers are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request-timeout", "The request was not received in time"],
  HPE_INVALID_CONTENT_LENGTH: [400, "bad-request", "The Content-Length header is not valid"],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, "bad-request", "Content-Length and Transfer-Encoding cannot be combined"],
  HPE_INVALID_TRANSFER_ENCODING: [400, "bad-request", "The Transfer-Encoding header is not valid"],
};

/**
 * Requests that Node's parser refuses (a bad Content-Length, Content-Length with Transfer-Encoding, headers
 * too large) never reach express; without this, Node answers them with a bare `400 Bad Request`.
 */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    // As Node's own handler: nothing is written on a socket gone away or while a response is under way.
    const busy = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === "ECONNRESET" || !socket.writable || busy) return void socket.destroy();
    const [status, slug, detail] = CLIENT_ERRORS[error.code ?? ""] ?? [
      400,
      "bad-request",
      "The request is not valid HTTP",
    ];
    const body = JSON.stringify({ type: problemType(slug), title: TITLES[slug], status, detail });
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        "Content-Type: application/problem+json; charset=utf-8",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "X-Content-Type-Options: nosniff",
        "Cache-Control: no-store",
        "Connection: close",
        "",
        body,
      ].join("\r\n"),
    );
  });
}

interface ParserError {
  type?: string;
  status?: number;
  message?: string;
}

/** Body-parser failures carry a `type`; map the ones a client can cause. */
function parserProblem(error: ParserError): [number, string, string] | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return [400, "malformed-json", "The request body is not valid JSON"];
    case "entity.too.large":
      return [413, "payload-too-large", "The request body is larger than the limit"];
    case "encoding.unsupported":
    case "charset.unsupported":
      return [415, "unsupported-media-type", error.message ?? "Unsupported encoding"];
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return [400, "invalid", error.message ?? "The request body could not be read"];
    default:
      return undefined;
  }
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    void _next;
    if (error instanceof AppError) {
      return sendProblem(res, STATUS[error.code], error.code, error.message, error.issues);
    }
    const parser = typeof error === "object" && error !== null ? parserProblem(error as ParserError) : undefined;
    if (parser) return sendProblem(res, parser[0], parser[1], parser[2]);
    const status = (error as ParserError | undefined)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return sendProblem(res, status, "invalid", (error as Error).message);
    }
    logger.error({ err: error, requestId: req.id, path: req.path }, "unhandled error");
    return sendProblem(res, 500, "internal", "Something went wrong on our side; the request id helps us find it");
  };
}
