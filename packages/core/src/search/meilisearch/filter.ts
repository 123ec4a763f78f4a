/**
 * Checked structured filters compiled to Meilisearch's filter syntax. User input only ever ends up inside a
 * quoted, escaped string literal or as a finite number, so it cannot add filter syntax.
 */
import { invalid } from "../../errors";
import { checkFilters, MAX_MAGNITUDE, type FilterSettings } from "../filters";
import type { Filter } from "../types";

/** A Meilisearch string literal: double-quoted, with backslashes and double quotes escaped. */
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
