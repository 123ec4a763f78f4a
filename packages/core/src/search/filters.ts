/**
 * Structured filters: checked against the index settings once, here, then compiled by each engine
 * (meilisearch/filter.ts to Meilisearch's filter syntax, embedded/filter.ts to tests on the embedded index).
 * The builders turn request parameters into filters. Checked values are finite numbers, booleans or strings
 * of bounded length, so an engine can always keep user input a literal.
 */
import type { FieldType, IndexSettings } from "@markedsdialog/search-config";
import { invalid, type FieldIssue } from "../errors";
import type { Filter } from "./types";

export const MAX_IN_VALUES = 100;
export const MAX_VALUE_LENGTH = 256;
/** Larger magnitudes would print in exponent notation and are no date, value or count we store. */
export const MAX_MAGNITUDE = 1e15;

export type CheckedFilter =
  | { field: string; type: FieldType; op: "eq"; value: string | number | boolean }
  | { field: string; type: FieldType; op: "in"; values: (string | number)[] }
  | { field: string; type: FieldType; op: "gte" | "lte"; value: number };

export type FilterSettings = Pick<IndexSettings, "filterableAttributes" | "fields">;

function checkValue(type: FieldType, value: unknown, path: string, issues: FieldIssue[]): string | number | boolean {
  if (type === "number") {
    if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
      issues.push({ path, message: "must be a finite number" });
    }
    return value as number;
  }
  if (type === "boolean") {
    if (typeof value !== "boolean") issues.push({ path, message: "must be true or false" });
    return value as boolean;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") {
    issues.push({ path, message: "must be a string" });
    return "";
  }
  if (value.length > MAX_VALUE_LENGTH) issues.push({ path, message: `must be at most ${MAX_VALUE_LENGTH} characters` });
  return value;
}

/** Checks field names against the filterable attributes and values against the field types; throws `invalid`. */
export function checkFilters(
  filters: readonly Filter[],
  settings: FilterSettings,
  basePath = "filters",
): CheckedFilter[] {
  const issues: FieldIssue[] = [];
  const checked: CheckedFilter[] = [];
  filters.forEach((filter, i) => {
    const path = `${basePath}.${i}`;
    const field = (filter as { field?: unknown }).field;
    const type =
      typeof field === "string" && Object.hasOwn(settings.fields, field) ? settings.fields[field] : undefined;
    if (typeof field !== "string" || !type || !settings.filterableAttributes.includes(field)) {
      issues.push({ path: `${path}.field`, message: `${String(field)} is not a filterable field` });
      return;
    }
    if (type === "geo") {
      issues.push({ path: `${path}.field`, message: "filter on distance with `near` instead" });
      return;
    }
    switch (filter.op) {
      case "eq":
        checked.push({ field, type, op: "eq", value: checkValue(type, filter.value, `${path}.value`, issues) });
        return;
      case "in": {
        const values: unknown = filter.values;
        if (!Array.isArray(values) || values.length === 0 || values.length > MAX_IN_VALUES) {
          issues.push({ path: `${path}.values`, message: `must list 1 to ${MAX_IN_VALUES} values` });
          return;
        }
        if (type === "boolean") {
          issues.push({ path: `${path}.op`, message: "use eq on a true/false field" });
          return;
        }
        const checkedValues = values.map((v: unknown, j) => checkValue(type, v, `${path}.values.${j}`, issues));
        checked.push({ field, type, op: "in", values: checkedValues as (string | number)[] });
        return;
      }
      case "gte":
      case "lte":
        if (type !== "number") {
          issues.push({ path: `${path}.op`, message: `${filter.op} needs a number field` });
          return;
        }
        checked.push({
          field,
          type,
          op: filter.op,
          value: checkValue(type, filter.value, `${path}.value`, issues) as number,
        });
        return;
      default:
        issues.push({ path: `${path}.op`, message: "must be eq, in, gte or lte" });
    }
  });
  if (issues.length > 0) throw invalid("Invalid search filter", issues);
  return checked;
}

/** Builders for structured filters: nothing when no values were given. */
export const inFilter = (field: string, values: readonly (string | number)[] | undefined): Filter[] =>
  values?.length ? [{ field, op: "in", values: [...values] }] : [];

/** CPV codes at any level match through `cpvCodes`, which holds every code's ancestors as 8 digits. */
export const cpvFilter = (codes: readonly string[] | undefined): Filter[] =>
  inFilter(
    "cpvCodes",
    codes?.map((c) => c.slice(0, 8)),
  );

/** Dates on or after `from` and on or before `to`, as epoch milliseconds. */
export const dateRangeFilter = (field: string, from?: Date, to?: Date): Filter[] => [
  ...(from ? [{ field, op: "gte", value: from.getTime() } as const] : []),
  ...(to ? [{ field, op: "lte", value: to.getTime() } as const] : []),
];
