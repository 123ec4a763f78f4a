import type { Settings } from "meilisearch";
import { needs } from "./needs";
import { suppliers } from "./suppliers";
import type { IndexSettings } from "./types";

export type { FieldType, IndexSettings } from "./types";
export type { SupplierField } from "./suppliers";
export type { NeedField } from "./needs";
export { norwegianStopWords, norwegianSynonyms, synonymGroups } from "./norwegian";

export const searchSettings = { suppliers, needs } as const;

export type SearchIndexName = keyof typeof searchSettings;

/** The displayed fields search hits carry: all but the stored records (those are read by id). */
export function hitAttributes(settings: IndexSettings): string[] {
  return settings.displayedAttributes.filter((field) => settings.fields[field] !== "record");
}

/** The part of the settings Meilisearch's `index.updateSettings()` takes. */
export function meiliSettings(settings: IndexSettings): Settings {
  return {
    searchableAttributes: [...settings.searchableAttributes],
    filterableAttributes: [...settings.filterableAttributes],
    sortableAttributes: [...settings.sortableAttributes],
    displayedAttributes: [...settings.displayedAttributes],
    rankingRules: [...settings.rankingRules],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { ...settings.typoTolerance.minWordSizeForTypos },
      disableOnAttributes: [...settings.typoTolerance.disableOnAttributes],
    },
    pagination: { maxTotalHits: settings.pagination.maxTotalHits },
    faceting: { maxValuesPerFacet: settings.faceting.maxValuesPerFacet, sortFacetValuesBy: { "*": "count" } },
    stopWords: [...settings.stopWords],
    synonyms: settings.synonyms,
    facetSearch: false,
  };
}
