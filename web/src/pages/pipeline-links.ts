import type { Schemas } from "../api/client";

type GroupBy = Schemas["Pipeline"]["groupBy"];

/** The search page filtered to one pipeline row: a buyer, a group's members, a county, a CPV division, a year. */
export function searchLinkFor(groupBy: GroupBy, key: string): string | undefined {
  if (key === "national" || key === "none" || key === "") return undefined;
  switch (groupBy) {
    case "buyer":
      return `/behov?buyer=${encodeURIComponent(key)}`;
    case "group":
      return `/behov?group=${encodeURIComponent(key)}`;
    case "county":
      return `/behov?county=${encodeURIComponent(key)}`;
    case "cpvDivision":
      return /^\d{2}$/.test(key) ? `/behov?cpv=${key}000000` : undefined;
    case "year":
      return /^\d{4}$/.test(key) ? `/behov?from=${key}-01-01&to=${key}-12-31` : undefined;
  }
}
