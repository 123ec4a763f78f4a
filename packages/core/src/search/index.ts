/**
 * The search feature's entry point: picks Meilisearch when MEILI_URL is configured, the embedded Orama
 * engine otherwise. Both implement the same SearchEngine contract (tests/search-contract.test.ts).
 */
import { EmbeddedSearchEngine } from "./embedded/engine";
import { MeiliSearchEngine } from "./meilisearch/engine";
import type { NeedField, SupplierField } from "@markedsdialog/search-config";
import type { NeedSearchDoc, SearchEngine, SupplierSearchDoc } from "./types";
import type { Config } from "../config";
import { createRedisConnection } from "../platform/redis";
import { BatchingEngine } from "./batching";
import { AnswerCachingEngine, localGenerations, redisGenerations, type IndexGenerations } from "./answer-cache";

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
  logger?: { info(o: object, msg?: string): void; warn?(o: object, msg?: string): void };
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

export type SearchEngineConfig = Pick<
  Config,
  | "MEILI_URL"
  | "MEILI_MASTER_KEY"
  | "MEILI_INDEX_PREFIX"
  | "REDIS_URL"
  | "REDIS_CLUSTER"
  | "REDIS_SENTINEL_NAME"
  | "QUEUE_PREFIX"
>;

/**
 * The engine the configuration asks for: the one way the API, the worker, the CLIs and the tests build it.
 * Its answers to text-less searches are kept until the index changes (answer-cache.ts): with Meilisearch the
 * index's generation is shared through Redis, so lists stay fast on every API process and every writer's
 * change reaches all of them; without REDIS_URL nothing is kept.
 */
export function searchEngineFromConfig(
  config: SearchEngineConfig,
  logger?: SearchEngineOptions["logger"],
): SearchEngine {
  const engine = createSearchEngine({
    meiliUrl: config.MEILI_URL,
    meiliKey: config.MEILI_MASTER_KEY,
    indexPrefix: config.MEILI_INDEX_PREFIX,
    logger,
  });
  const generations = generationsFor(engine, config, logger);
  const cached = generations ? new AnswerCachingEngine(engine, generations) : engine;
  // Meilisearch runs every write as a task: writes arriving together go out as one (batching.ts).
  return engine.kind === "meilisearch" ? new BatchingEngine(cached) : cached;
}

function generationsFor(
  engine: SearchEngine,
  config: SearchEngineConfig,
  logger: SearchEngineOptions["logger"],
): IndexGenerations | undefined {
  if (engine.kind === "embedded") return localGenerations();
  if (!config.REDIS_URL) return undefined;
  let warned = 0;
  const onError = (err: unknown, what: string) => {
    if (Date.now() - warned < 10_000) return; // once per 10 s while Redis is away
    warned = Date.now();
    logger?.warn?.({ err, what }, "search answer cache: Redis unavailable, searching without it");
  };
  const redis = createRedisConnection(config, "producer");
  redis.on("error", () => undefined); // reported through onError when a command fails
  return redisGenerations(redis, `${config.QUEUE_PREFIX}:${config.MEILI_INDEX_PREFIX ?? ""}`, onError);
}
