/**
 * Index settings as typed data. Both engines read the same objects: Meilisearch gets the part that
 * `index.updateSettings()` accepts (see `meiliSettings`), the embedded engine builds its schema, typo
 * budget, stop words and synonyms from it.
 */

/**
 * How a document field is stored. The embedded engine builds its schema from it; filters check values
 * against it. A `record` field holds the record as the API shows it, for reads by id from the index (the
 * read model): never searched, filtered or returned in search hits.
 */
export type FieldType = "string" | "string[]" | "number" | "boolean" | "geo" | "record";

export interface IndexSettings<F extends string = string> {
  primaryKey: "id";
  /** Every field of the document and its type. */
  fields: Record<F, FieldType>;
  /** Highest priority first: a match in an earlier attribute ranks higher. */
  searchableAttributes: F[];
  filterableAttributes: F[];
  sortableAttributes: F[];
  /** The facet names the API may request (string, string[] or boolean fields that are also filterable). */
  facets: F[];
  displayedAttributes: F[];
  rankingRules: string[];
  typoTolerance: {
    /** Meilisearch's rule: no typo below `oneTypo` characters, one from it, two from `twoTypos`. */
    minWordSizeForTypos: { oneTypo: number; twoTypos: number };
    disableOnAttributes: F[];
  };
  pagination: { maxTotalHits: number };
  faceting: { maxValuesPerFacet: number };
  /** Largest page size a query may ask for. */
  maxLimit: number;
  stopWords: string[];
  /** Meilisearch's multi-way map: every word or phrase lists all its alternatives. */
  synonyms: Record<string, string[]>;
  /** Groups of spellings of one word (bokmål, nynorsk), all in `synonyms` too; the embedded engine does not discount them. */
  spellingVariants: string[][];
}
