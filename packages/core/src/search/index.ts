/**
 * The search feature's entry point: picks Meilisearch when MEILI_URL is configured, the embedded Orama
 * engine otherwise. Both implement the same SearchEngine contract (tests/search-contract.test.ts).
 */
import { EmbeddedSearchEngine } from "./embedded/engine";
import { MeiliSearchEngine } from "./meilisearch/engine";
import type { NeedField, SupplierField } from "@markedsdialog/search-config";
import type { NeedSearchDoc, SearchEngine, SupplierSearchDoc } from "./types";
import type { Config } from "../config";

export type * from "./types";
export { EmbeddedSearchEngine } from "./embedded/engine";
export { MeiliSearchEngine } from "./meilisearch/engine";
export { checkQuery } from "./query";
export { checkFilters } from "./filters";
export { meiliFilter, meiliGeoRadius, quoteFilterString } from "./meilisearch/filter";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Fails to compile when the index settings and the document types disagree on the fields. */
export type SettingsCoverDocuments = [
  Assert<Same<SupplierField, keyof SupplierSearchDoc>>,
  Assert<Same<NeedField, keyof NeedSearchDoc>>,
];

export interface SearchEngineOptions {
  meiliUrl?: string;
  meiliKey?: string;
  indexPrefix?: string;
  logger?: { info(o: object, msg?: string): void };
}

export function createSearchEngine(options: SearchEngineOptions = {}): SearchEngine {
  if (options.meiliUrl) {
    options.logger?.info(
      { engine: "meilisearch", url: options.meiliUrl, indexPrefix: options.indexPrefix ?? "" },
      "search engine",
    );
    return new MeiliSearchEngine({ url: options.meiliUrl, apiKey: options.meiliKey, indexPrefix: options.indexPrefix });
  }
  options.logger?.info({ engine: "embedded" }, "search engine: embedded (set MEILI_URL to use Meilisearch)");
  return new EmbeddedSearchEngine();
}

/** The engine the configuration asks for: the one way the API, the worker and the CLIs build it. */
export function searchEngineFromConfig(
  config: Pick<Config, "MEILI_URL" | "MEILI_MASTER_KEY" | "MEILI_INDEX_PREFIX">,
  logger?: SearchEngineOptions["logger"],
): SearchEngine {
  return createSearchEngine({
    meiliUrl: config.MEILI_URL,
    meiliKey: config.MEILI_MASTER_KEY,
    indexPrefix: config.MEILI_INDEX_PREFIX,
    logger,
  });
}
