/**
 * A match told in plain Norwegian (bokmål), one phrase per reason in REASON_ORDER, joined by "; ":
 * "CPV 45233140 ligger under deres 45230000; i Nordre Follo; 12 km fra Ski; ord: vedlikehold, veg".
 */
import type { MatchReason } from "./reasons";
import { REASON_ORDER } from "./reasons";

export const PROCEDURE_NAMES: Record<string, string> = {
  open: "åpen anbudskonkurranse",
  restricted: "begrenset anbudskonkurranse",
  competitive_dialogue: "konkurransepreget dialog",
  competitive_negotiation: "konkurranse med forhandling",
  innovation_partnership: "innovasjonspartnerskap",
  pre_commercial: "førkommersiell anskaffelse",
  other: "annen prosedyre",
};

/** NOK in millions as Norwegians write it: 40 000 000 → "40", 2 500 000 → "2,5". */
const millions = (nok: number): string => (Math.round((nok / 1_000_000) * 10) / 10).toString().replace(".", ",");

function valuePhrase(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined && min !== max) return `verdi ${millions(min)}–${millions(max)} mill. kr`;
  const one = min ?? max;
  return one === undefined ? "verdi oppgitt" : `verdi ${millions(one)} mill. kr`;
}

const kilometres = (km: number): string => (km < 1 ? "under 1 km" : `${Math.round(km)} km`);

export function phrase(reason: MatchReason): string {
  switch (reason.kind) {
    case "cpv":
      if (reason.relation === "same") return `samme CPV ${reason.needCode}`;
      if (reason.relation === "under") return `CPV ${reason.needCode} ligger under deres ${reason.theirCode}`;
      return `deres CPV ${reason.theirCode} ligger under ${reason.needCode}`;
    case "place":
      switch (reason.scope) {
        case "municipality":
        case "county":
          return `i ${reason.name}`;
        case "wholeCounty":
          return `gjelder hele ${reason.name}`;
        case "national":
          return "gjelder hele landet";
        case "serves":
          return reason.code === "NO" ? "dere leverer i hele landet" : `tjenesteområdet deres dekker ${reason.name}`;
      }
      return "";
    case "distance":
      return `${kilometres(reason.km)} fra ${reason.from}`;
    case "buyer":
      return `følger ${reason.name}`;
    case "group":
      return `følger ${reason.name}`;
    case "words":
      return `ord: ${reason.words.join(", ")}`;
    case "value":
      return valuePhrase(reason.min, reason.max);
    case "procedure":
      return PROCEDURE_NAMES[reason.procedure] ?? reason.procedure;
    case "sme":
      return "egnet for små og mellomstore bedrifter";
  }
}

export function explain(reasons: readonly MatchReason[]): string {
  const ordered = [...reasons].sort((a, b) => REASON_ORDER.indexOf(a.kind) - REASON_ORDER.indexOf(b.kind));
  return [...new Set(ordered.map(phrase).filter(Boolean))].join("; ");
}
