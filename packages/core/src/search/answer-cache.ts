/**
 * Answers of searches without text (the public lists: every open need, a county's, a buyer's), kept until
 * the index changes. A list is ordered and counted over every match, so its cost grows with the index
 * (a buyer's 250 needs at 100,000 against 25 at 10,000) and, on Meilisearch, every list takes the server's
 * CPU; the same few lists are asked for again and again between two changes of the index.
 *
 * An answer is kept with the index's generation at the moment it was asked for, and served only while the
 * generation is unchanged. Whoever writes to the index moves the generation on once the write is in force:
 * the embedded engine in this process, Meilisearch's writers (workers, reindex, seed) through Redis, which
 * every API process reads once per cached search. A reader can never get an answer older than the last
 * completed write it could see; when Redis cannot be read the search goes to the engine. Answers are also
 * dropped after `maxAgeMs`, so a writer that cannot reach Redis leaves lists stale for that long at most.
 */
import type { RedisConnection } from "../platform/redis";
import type { DocOf, IndexName, SearchEngine, SearchQuery, SearchResult } from "./types";

/** The version of each index's content, as far as cached answers are concerned. */
export interface IndexGenerations {
  /** The current generation; undefined when it cannot be known (nothing is then served from the cache). */
  read(index: IndexName): Promise<string | undefined>;
  /** Called after a write to the index is in force. */
  advance(index: IndexName): Promise<void>;
  close(): Promise<void>;
}

/** Generations of an index only this process writes (the embedded engine). */
export function localGenerations(): IndexGenerations {
  const counters: Record<IndexName, number> = { needs: 0, suppliers: 0 };
  return {
    read: async (index) => String(counters[index]),
    advance: async (index) => void counters[index]++,
    close: async () => undefined,
  };
}

/**
 * Generations shared by every process through one Redis key per index. `keyPrefix` names the index
 * (Meilisearch's index prefix) and stays in one Redis Cluster slot with the queues (the `{md}` tag).
 */
export function redisGenerations(
  redis: RedisConnection,
  keyPrefix: string,
  onError: (err: unknown, what: string) => void,
): IndexGenerations {
  const key = (index: IndexName) => `${keyPrefix}:search-generation:${index}`;
  return {
    async read(index) {
      try {
        return (await redis.get(key(index))) ?? "0";
      } catch (err) {
        onError(err, "read");
        return undefined;
      }
    },
    async advance(index) {
      try {
        await redis.incr(key(index));
      } catch (err) {
        onError(err, "advance");
      }
    },
    close: async () => void redis.disconnect(),
  };
}

interface Entry {
  generation: string;
  at: number;
  answer: Promise<SearchResult<unknown>>;
}

export interface AnswerCacheOptions {
  maxEntries?: number;
  maxAgeMs?: number;
}

/** The engine with its text-less answers kept per index generation; everything else passes through. */
export class AnswerCachingEngine implements SearchEngine {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly engine: SearchEngine,
    private readonly generations: IndexGenerations,
    options: AnswerCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  get kind(): SearchEngine["kind"] {
    return this.engine.kind;
  }

  async search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocOf[I]>> {
    if (query.q?.trim()) return this.engine.search(index, query);
    const generation = await this.generations.read(index);
    if (generation === undefined) return this.engine.search(index, query);
    const key = `${index} ${JSON.stringify(query)}`;
    const now = Date.now();
    const kept = this.entries.get(key);
    if (kept && kept.generation === generation && now - kept.at < this.maxAgeMs) {
      this.entries.delete(key); // most recently used goes last
      this.entries.set(key, kept);
      return kept.answer as Promise<SearchResult<DocOf[I]>>;
    }
    // Concurrent askers share one search; a failed one is not kept.
    const answer = this.engine.search(index, query);
    const entry: Entry = { generation, at: now, answer };
    this.entries.delete(key);
    this.entries.set(key, entry);
    answer.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return answer;
  }

  async upsert<I extends IndexName>(index: I, docs: DocOf[I][]): Promise<void> {
    await this.changing(index, () => this.engine.upsert(index, docs));
  }

  async remove(index: IndexName, ids: string[]): Promise<void> {
    await this.changing(index, () => this.engine.remove(index, ids));
  }

  async clear(index: IndexName): Promise<void> {
    await this.changing(index, () => this.engine.clear(index));
  }

  async applySettings(): Promise<void> {
    await this.engine.applySettings();
    await Promise.all([this.generations.advance("needs"), this.generations.advance("suppliers")]);
  }

  get<I extends IndexName>(index: I, id: string): Promise<DocOf[I] | undefined> {
    return this.engine.get(index, id);
  }

  getMany<I extends IndexName>(index: I, ids: string[]): Promise<DocOf[I][]> {
    return this.engine.getMany(index, ids);
  }

  versions(index: IndexName): Promise<Map<string, number>> {
    return this.engine.versions(index);
  }

  ping(): Promise<boolean> {
    return this.engine.ping();
  }

  async close(): Promise<void> {
    this.entries.clear();
    await this.engine.close();
    await this.generations.close();
  }

  /** A failed write may still have changed part of the index, so the generation moves on either way. */
  private async changing(index: IndexName, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } finally {
      await this.generations.advance(index);
    }
  }
}
