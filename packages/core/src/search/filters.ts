/**
 * Structured filters: checked against the index settings once, then compiled for Meilisearch here (the
 * embedded engine compiles the same checked filters to Orama `where` clauses). User input only ever ends up
 * inside a quoted, escaped string literal or as a finite number, so it cannot add filter syntax.
 */
import type { FieldType, IndexSettings } from "@markedsdialog/search-config";
import { invalid, type FieldIssue } from "../errors";
import type { Filter } from "./types";

export const MAX_IN_VALUES = 100;
export const MAX_VALUE_LENGTH = 256;
/** Larger magnitudes would print in exponent notation and are no date, value or count we store. */
const MAX_MAGNITUDE = 1e15;

export type CheckedFilter =
  | { field: string; type: FieldType; op: "eq"; value: string | number | boolean }
  | { field: string; type: FieldType; op: "in"; values: (string | number)[] }
  | { field: string; type: FieldType; op: "gte" | "lte"; value: number };

type FilterSettings = Pick<IndexSettings, "filterableAttributes" | "fields">;

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

/** A Meilisearch string literal: double-quoted, with backslashes and double quotes escaped. */
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

export const quoteFilterString = (value: string): string => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** A number as Meilisearch's filter grammar reads it (never exponent notation). */
export function formatFilterNumber(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) throw invalid(`${value} is not a usable number`);
  return Math.abs(value) < 1e-6 ? value.toFixed(12) : String(value);
}

const literal = (value: string | number | boolean): string =>
  typeof value === "string"
    ? quoteFilterString(value)
    : typeof value === "number"
      ? formatFilterNumber(value)
      : String(value);

/** One Meilisearch expression: conditions joined with AND, `in` as `field IN [..]`. Empty string for no filter. */
export function meiliFilter(filters: readonly Filter[], settings: FilterSettings): string {
  return checkFilters(filters, settings)
    .map((f) => {
      switch (f.op) {
        case "eq":
          return `${f.field} = ${literal(f.value)}`;
        case "in":
          return `${f.field} IN [${f.values.map(literal).join(", ")}]`;
        case "gte":
          return `${f.field} >= ${literal(f.value)}`;
        case "lte":
          return `${f.field} <= ${literal(f.value)}`;
      }
    })
    .join(" AND ");
}

/** `_geoRadius(lat, lng, metres)`; coordinates are checked finite and in range. */
export function meiliGeoRadius(lat: number, lng: number, metres: number): string {
  const ok = Number.isFinite(lat) && Number.isFinite(lng) && Number.isFinite(metres);
  if (!ok || Math.abs(lat) > 90 || Math.abs(lng) > 180 || metres <= 0) {
    throw invalid("Invalid geo radius", [{ path: "near", message: "needs a valid lat, lon and a positive radius" }]);
  }
  return `_geoRadius(${lat.toFixed(6)}, ${lng.toFixed(6)}, ${Math.round(metres)})`;
}
