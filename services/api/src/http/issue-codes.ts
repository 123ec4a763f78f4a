/**
 * What kind of problem a zod issue is, as one of the API's field issue codes (FIELD_ISSUE_CODES), with the
 * bound or the options it broke, so a client can word it in its own language; the English `message` stays.
 * Custom checks name their kind in the issue's `params.code` (e.g. `unknown_cpv` in cpvCodeSchema).
 */
import type { z } from "zod";
import { FIELD_ISSUE_CODES, type FieldIssue, type FieldIssueCode } from "@markedsdialog/core";

type Kind = Omit<FieldIssue, "path" | "message">;
const NUMBERS = new Set(["number", "int", "bigint"]);
const DATES = new Set(["date", "datetime", "time"]);
const known = (code: unknown): code is FieldIssueCode => FIELD_ISSUE_CODES.includes(code as FieldIssueCode);
const bound = (value: unknown) => (typeof value === "number" ? value : undefined);

export function issueKind(issue: z.core.$ZodIssue): Kind {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return { code: "required" };
      if (issue.expected === "int" && typeof issue.input === "number" && Number.isFinite(issue.input))
        return { code: "not_an_integer" };
      return { code: NUMBERS.has(issue.expected) ? "not_a_number" : "wrong_type" };
    case "too_small": {
      const minimum = bound(issue.minimum);
      const code = issue.origin === "string" ? "too_short" : issue.origin === "array" ? "too_few" : "too_small";
      return { code, ...(minimum !== undefined && { minimum }) };
    }
    case "too_big": {
      const maximum = bound(issue.maximum);
      const code = issue.origin === "string" ? "too_long" : issue.origin === "array" ? "too_many" : "too_large";
      return { code, ...(maximum !== undefined && { maximum }) };
    }
    case "invalid_value":
      return { code: "invalid_option", values: issue.values.map(String) };
    case "invalid_format":
      if (DATES.has(issue.format)) return { code: "invalid_date" };
      if (issue.format === "email") return { code: "invalid_email" };
      if (issue.format === "url") return { code: "invalid_url" };
      return { code: "invalid_format" };
    case "custom": {
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      return { code: known(code) ? code : "invalid" };
    }
    default:
      return { code: "invalid" };
  }
}
