import { inFilter } from "./filters";
import type { Filter } from "./types";
import { county, municipality } from "../reference/index";

/**
 * Place tokens let one `in` filter on one field answer "does this deliver to / concern that place?":
 * `m:<kommunenummer>` a municipality, `c:<fylkesnummer>` a whole county, `in:<fylkesnummer>` somewhere in
 * a county, and `NO` the whole country.
 */
export const NATIONAL = "NO";

export function placeTokens(area: { municipalities: string[]; wholeCounties: string[]; national: boolean }): string[] {
  const tokens = new Set<string>();
  if (area.national) tokens.add(NATIONAL);
  for (const number of area.municipalities) {
    tokens.add(`m:${number}`);
    const place = municipality(number);
    if (place) tokens.add(`in:${place.countyNumber}`);
  }
  for (const county of area.wholeCounties) {
    tokens.add(`c:${county}`);
    tokens.add(`in:${county}`);
  }
  return [...tokens];
}

/** Tokens matching anything that covers the municipality. */
export function tokensForMunicipality(number: string): string[] {
  const county = municipality(number)?.countyNumber;
  return [`m:${number}`, ...(county ? [`c:${county}`] : []), NATIONAL];
}

/** Tokens matching anything that covers some or all of the county. */
export const tokensForCounty = (county: string): string[] => [`in:${county}`, `c:${county}`, NATIONAL];

/** The text "nationwide" as buyers write it, in the names of a national supplier or need. */
export const NATIONAL_NAME = "hele landet";

/**
 * Names a place word in a query can match (searchable, unlike the tokens): each municipality's name and
 * administrative centre (Nordre Follo and Ski), each county's name, and "hele landet" for the whole country.
 */
export function placeNames(area: { municipalities: string[]; counties: string[]; national: boolean }): string[] {
  const names = new Set<string>();
  for (const number of area.municipalities) {
    const place = municipality(number);
    if (!place) continue;
    names.add(place.name);
    if (place.adminCentre) names.add(place.adminCentre);
  }
  for (const number of area.counties) {
    const name = county(number)?.name;
    if (name) names.add(name);
  }
  if (area.national) names.add(NATIONAL_NAME);
  return [...names];
}

/** A filter on a place-token field (`serves`, `places`) for the municipalities and counties asked for. */
export const placeFilter = (field: string, municipalities?: string[], counties?: string[]): Filter[] => [
  ...inFilter(field, municipalities && [...new Set(municipalities.flatMap(tokensForMunicipality))]),
  ...inFilter(field, counties && [...new Set(counties.flatMap(tokensForCounty))]),
];
