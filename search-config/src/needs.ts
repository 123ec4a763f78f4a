import { norwegianStopWords, norwegianSynonyms, spellingVariants } from "./norwegian";
import type { FieldType, IndexSettings } from "./types";

const fields = {
  id: "string",
  version: "number",
  buyerId: "string",
  buyerName: "string",
  buyerActive: "boolean",
  title: "string",
  challenge: "string",
  description: "string",
  cpv: "string[]",
  cpvCodes: "string[]",
  cpvLabels: "string[]",
  municipalities: "string[]",
  municipalityNames: "string[]",
  counties: "string[]",
  countyNames: "string[]",
  national: "boolean",
  places: "string[]",
  placeNames: "string[]",
  procedure: "string",
  status: "string",
  valueMin: "number",
  valueMax: "number",
  dialogueOpens: "number",
  plannedNotice: "number",
  contractStart: "number",
  publishedAt: "number",
  smeSuitable: "boolean",
  innovation: "boolean",
  sustainability: "boolean",
  _geo: "geo",
  view: "record", // GET /needs/{id} for open needs is answered from here, not from the database
} as const satisfies Record<string, FieldType>;

export type NeedField = keyof typeof fields;

/** Published needs: suppliers look for upcoming procurements by theme, CPV code, place, value and dates. */
export const needs: IndexSettings<NeedField> = {
  primaryKey: "id",
  fields,
  searchableAttributes: [
    "title",
    "challenge",
    "cpvLabels",
    "description",
    "buyerName",
    "municipalityNames",
    "countyNames",
    "placeNames", // the places by every name a buyer writes: "Ski" finds Nordre Follo's needs
  ],
  filterableAttributes: [
    "cpvCodes", // every level of the CPV tree, so a division code finds deeper codes
    "cpv", // the need's own codes: a supplier's matches include needs whose code lies above the supplier's
    "municipalities",
    "counties",
    "national",
    "places", // place tokens: one `in` filter answers "concerns this municipality or county"
    "procedure",
    "status",
    "buyerId",
    "valueMin",
    "valueMax",
    "dialogueOpens",
    "plannedNotice",
    "contractStart",
    "publishedAt",
    "smeSuitable",
    "innovation",
    "sustainability",
    "_geo",
  ],
  sortableAttributes: ["publishedAt", "dialogueOpens", "plannedNotice", "contractStart", "valueMax", "title", "_geo"],
  facets: [
    "cpvCodes",
    "counties",
    "municipalities",
    "procedure",
    "status",
    "buyerId",
    "national",
    "smeSuitable",
    "innovation",
    "sustainability",
  ],
  displayedAttributes: Object.keys(fields) as NeedField[],
  // "sort" right after "words": an explicit sort (distance, date) wins over typo/proximity/attribute.
  rankingRules: ["words", "sort", "typo", "proximity", "attribute", "exactness"],
  typoTolerance: { minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: [] },
  // GET /needs pages through the open needs from this index, so its window covers them all: Norway's
  // buyers announce some tens of thousands of procurements a year, and the database (which scans on
  // FerretDB) answers only beyond this.
  pagination: { maxTotalHits: 1_000_000 },
  faceting: { maxValuesPerFacet: 100 },
  maxLimit: 100,
  stopWords: norwegianStopWords,
  synonyms: norwegianSynonyms,
  spellingVariants,
};
