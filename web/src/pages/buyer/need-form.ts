/** A need's form: its fields as the person types them, and the API's body made from them. */
import type { Schemas } from "../../api/client";
import type { PickedCode } from "../signed-in/CodePicker";
export { PROCEDURES } from "../../api/procedures";

export interface NeedFields {
  title: string;
  challenge: string;
  description: string;
  cpv: PickedCode[];
  procedure: Schemas["NeedInput"]["procedure"];
  municipalities: string;
  counties: string;
  valueMin: string;
  valueMax: string;
  dialogueOpens: string;
  plannedNotice: string;
  contractStart: string;
  durationMonths: string;
  smeSuitable: boolean;
  innovation: boolean;
  sustainability: boolean;
}

export const emptyNeed = (): NeedFields => ({
  title: "",
  challenge: "",
  description: "",
  cpv: [],
  procedure: "open",
  municipalities: "",
  counties: "",
  valueMin: "",
  valueMax: "",
  dialogueOpens: "",
  plannedNotice: "",
  contractStart: "",
  durationMonths: "",
  smeSuitable: false,
  innovation: false,
  sustainability: false,
});

export function fieldsOf(need: Schemas["Need"]): NeedFields {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  return {
    title: need.title,
    challenge: need.challenge,
    description: need.description,
    cpv: need.cpvDetails.map((c) => ({ code: c.code, label: c.labelNb })),
    procedure: need.procedure,
    municipalities: need.municipalities.join(", "),
    counties: need.counties.join(", "),
    valueMin: text(need.estimatedValueNok?.min),
    valueMax: text(need.estimatedValueNok?.max),
    dialogueOpens: need.timeline.dialogueOpens ?? "",
    plannedNotice: need.timeline.plannedNotice ?? "",
    contractStart: need.timeline.contractStart ?? "",
    durationMonths: text(need.timeline.durationMonths),
    smeSuitable: need.smeSuitable,
    innovation: need.innovation,
    sustainability: need.sustainability,
  };
}

const list = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A number as typed ("40 000 000" or "40000000"); what is not a number goes to the API as typed, to be refused there. */
function amount(text: string): number | undefined {
  const cleaned = text.replace(/[\s\u00a0]/g, "");
  if (!cleaned) return undefined;
  return Number(cleaned);
}

/** The body for POST /needs (or PATCH, without status). Empty optional fields are left out. */
export function needBody(f: NeedFields) {
  const value = { min: amount(f.valueMin), max: amount(f.valueMax) };
  const timeline = {
    ...(f.dialogueOpens && { dialogueOpens: f.dialogueOpens }),
    ...(f.plannedNotice && { plannedNotice: f.plannedNotice }),
    ...(f.contractStart && { contractStart: f.contractStart }),
    ...(f.durationMonths && { durationMonths: amount(f.durationMonths) }),
  };
  return {
    title: f.title,
    challenge: f.challenge,
    description: f.description,
    cpv: f.cpv.map((c) => c.code),
    procedure: f.procedure,
    municipalities: list(f.municipalities),
    counties: list(f.counties),
    ...((value.min !== undefined || value.max !== undefined) && {
      estimatedValueNok: {
        ...(value.min !== undefined && { min: value.min }),
        ...(value.max !== undefined && { max: value.max }),
      },
    }),
    timeline,
    smeSuitable: f.smeSuitable,
    innovation: f.innovation,
    sustainability: f.sustainability,
  };
}

/** Each form field and the API field path(s) its problems arrive at. */
export const FIELD_PATHS: Record<string, string> = {
  title: "title",
  challenge: "challenge",
  description: "description",
  cpv: "cpv",
  procedure: "procedure",
  municipalities: "municipalities",
  counties: "counties",
  valueMin: "estimatedValueNok.min",
  valueMax: "estimatedValueNok.max",
  dialogueOpens: "timeline.dialogueOpens",
  plannedNotice: "timeline.plannedNotice",
  contractStart: "timeline.contractStart",
  durationMonths: "timeline.durationMonths",
};
