import { cpvDivision, cpvLineage, municipality } from "../reference/index";

export interface NeedPlaceAndCodes {
  cpv: string[];
  municipalities?: string[] | null;
  counties?: string[] | null;
  estimatedValueNok?: { min?: number | null; max?: number | null } | null;
  timeline?: { dialogueOpens?: Date | null; plannedNotice?: Date | null; contractStart?: Date | null } | null;
}

/**
 * The counties the buyer named itself. Stored counties also hold those of the municipalities, so a county
 * counts as named when none of the need's municipalities lies in it.
 */
export function namedCounties(need: { municipalities?: string[] | null; counties?: string[] | null }): string[] {
  const fromPlaces = new Set((need.municipalities ?? []).map((n) => municipality(n)?.countyNumber));
  return (need.counties ?? []).filter((c) => !fromPlaces.has(c));
}

/**
 * Fields stored alongside a need for filtering and the pipeline, computed from what the buyer wrote.
 * Pure: the same input always gives the same fields (used by the service and the seed generator).
 */
export function deriveNeedFields(need: NeedPlaceAndCodes, publishedAt?: Date) {
  const municipalities = need.municipalities ?? [];
  const counties = new Set(need.counties ?? []);
  for (const number of municipalities) {
    const place = municipality(number);
    if (place) counties.add(place.countyNumber);
  }
  const value = need.estimatedValueNok;
  const timeline = need.timeline ?? {};
  const yearSource = timeline.plannedNotice ?? timeline.dialogueOpens ?? timeline.contractStart ?? publishedAt;
  return {
    cpvCodes: [...new Set(need.cpv.flatMap(cpvLineage))],
    cpvDivision: cpvDivision(need.cpv[0] ?? "00"),
    counties: [...counties].sort(),
    national: municipalities.length === 0 && counties.size === 0,
    valueMin: value ? (value.min ?? value.max) : undefined,
    valueMax: value ? (value.max ?? value.min) : undefined,
    pipelineYear: yearSource?.getUTCFullYear(),
  };
}
