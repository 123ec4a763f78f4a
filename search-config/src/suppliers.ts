import { norwegianStopWords, norwegianSynonyms, spellingVariants } from "./norwegian";
import type { FieldType, IndexSettings } from "./types";

const fields = {
  id: "string",
  version: "number",
  orgNumber: "string",
  name: "string",
  organizationName: "string", // shown in hits as organization.name; the registered name, not searched
  description: "string",
  capabilities: "string",
  cpv: "string[]",
  cpvCodes: "string[]",
  cpvLabels: "string[]",
  nace: "string[]",
  municipality: "string",
  municipalityName: "string",
  county: "string",
  countyName: "string",
  serviceMunicipalities: "string[]",
  serviceCounties: "string[]",
  national: "boolean",
  serves: "string[]",
  placeNames: "string[]",
  certifications: "string[]",
  size: "string",
  matchOnProfile: "boolean",
  _geo: "geo",
  updatedAt: "number",
} as const satisfies Record<string, FieldType>;

export type SupplierField = keyof typeof fields;

/** The supplier directory: buyers look for suppliers by capability, CPV code, place and size. */
export const suppliers: IndexSettings<SupplierField> = {
  primaryKey: "id",
  fields,
  searchableAttributes: [
    "name",
    "capabilities",
    "cpvLabels",
    "description",
    "municipalityName",
    "countyName",
    "placeNames", // where it delivers, by name: "Ski" finds Nordre Follo's firms and those serving it
    "certifications",
    "orgNumber",
  ],
  filterableAttributes: [
    "cpvCodes", // every level of the CPV tree, so a division code finds deeper codes
    "cpv", // the supplier's own codes: profile matching finds suppliers whose code lies above a need's
    "matchOnProfile", // profile matching considers only suppliers who opted in
    "nace",
    "municipality",
    "county",
    "serviceMunicipalities",
    "serviceCounties",
    "national",
    "serves", // place tokens: one `in` filter answers "delivers to this municipality or county"
    "certifications",
    "size",
    "orgNumber",
    "updatedAt",
    "_geo",
  ],
  sortableAttributes: ["name", "updatedAt", "_geo"],
  facets: ["cpvCodes", "county", "municipality", "serviceCounties", "size", "certifications", "national"],
  displayedAttributes: Object.keys(fields) as SupplierField[],
  // "sort" right after "words": an explicit sort (distance, name) wins over typo/proximity/attribute.
  // "exactness" before "attribute": supplier queries are a trade and a place, and a place typed in full
  // ("brøyting Ski") must beat a completion of it in an earlier attribute ("Skiptvet Vinterdrift AS"), as
  // in the embedded engine, where an exact word beats a prefix in any field. (Needs keep exactness last:
  // there a synonym in the title must beat the word itself in the description.)
  rankingRules: ["words", "sort", "typo", "proximity", "exactness", "attribute"],
  typoTolerance: { minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ["orgNumber"] },
  pagination: { maxTotalHits: 2000 },
  faceting: { maxValuesPerFacet: 100 },
  maxLimit: 100,
  stopWords: norwegianStopWords,
  synonyms: norwegianSynonyms,
  spellingVariants,
};
