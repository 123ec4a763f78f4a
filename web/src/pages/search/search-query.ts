/** The search page's state lives in its address (/behov?q=…&county=…), so a result list can be linked. */

import { PROCEDURES, type Procedure } from "../../api/procedures";
export { PROCEDURES, type Procedure };

export interface SearchState {
  q: string;
  county: string;
  municipality: string;
  procedure: Procedure[];
  minValue: string;
  maxValue: string;
  from: string;
  to: string;
  /** The municipality whose point the distance is measured from. */
  near: string;
  radiusKm: string;
  buyer: string;
  group: string;
  cpv: string;
  page: number;
}

const TEXT_KEYS = [
  "q",
  "county",
  "municipality",
  "minValue",
  "maxValue",
  "from",
  "to",
  "near",
  "radiusKm",
  "buyer",
  "group",
  "cpv",
] as const;

export function readState(params: URLSearchParams): SearchState {
  const text = Object.fromEntries(TEXT_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<
    (typeof TEXT_KEYS)[number],
    string
  >;
  const procedure = params.getAll("procedure").filter((p): p is Procedure => PROCEDURES.includes(p as Procedure));
  const page = Math.max(1, Number(params.get("page")) || 1);
  return { ...text, procedure, page };
}

export function writeState(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) if (state[key].trim()) params.set(key, state[key].trim());
  for (const p of state.procedure) params.append("procedure", p);
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

export const PAGE_SIZE = 20;
