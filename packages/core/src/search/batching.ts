/**
 * Group commit for index writes. Every Meilisearch write is a task the server runs and the writer then
 * waits for by polling; one task per record cost the server about 70 ms of CPU and the worker about 30 ms
 * per published need (bench:api, CPU per request), whatever the task's size. Writes that arrive while a
 * write to the same index is in flight are gathered and sent together when it ends: one task for all the
 * upserts and one for all the removals, so an idle index sees no added delay and a busy one sees a batch
 * per task instead of a task per record.
 *
 * For one id only its last write in a batch is sent (an upsert after a removal wins, and the other way
 * round), so a batch never reorders writes of one record. A batch the engine refuses is sent again in
 * halves, down to single writers, so a bad document fails its own writer only, for a few more tasks.
 */
import type { DocOf, IndexName, SearchEngine, SearchQuery, SearchResult } from "./types";

type Write = { kind: "upsert"; doc: { id: string } } | { kind: "remove"; id: string };
interface Pending {
  writes: Write[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class BatchingEngine implements SearchEngine {
  readonly kind: SearchEngine["kind"];
  private readonly queued: Record<IndexName, Pending[]> = { needs: [], suppliers: [] };
  private readonly flushing: Record<IndexName, boolean> = { needs: false, suppliers: false };

  constructor(
    private readonly engine: SearchEngine,
    /** At most this many records in one task. */
    private readonly maxBatch = 500,
  ) {
    this.kind = engine.kind;
  }

  upsert<I extends IndexName>(index: I, docs: DocOf[I][]): Promise<void> {
    if (docs.length === 0) return Promise.resolve();
    return this.enqueue(
      index,
      docs.map((doc) => ({ kind: "upsert", doc: doc as { id: string } })),
    );
  }

  remove(index: IndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.enqueue(
      index,
      ids.map((id) => ({ kind: "remove", id })),
    );
  }

  private enqueue(index: IndexName, writes: Write[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued[index].push({ writes, resolve, reject });
      if (!this.flushing[index]) void this.flush(index);
    });
  }

  private async flush(index: IndexName): Promise<void> {
    this.flushing[index] = true;
    try {
      while (this.queued[index].length > 0) {
        await this.settle(index, this.take(index));
      }
    } finally {
      this.flushing[index] = false;
    }
  }

  /** Callers from the head of the queue, up to maxBatch records (always at least one caller). */
  private take(index: IndexName): Pending[] {
    const queue = this.queued[index];
    let records = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || records + queue[n]!.writes.length <= this.maxBatch)) {
      records += queue[n]!.writes.length;
      n++;
    }
    return queue.splice(0, n);
  }

  /** Sends the batch; when refused, each half again (order kept), until the refused writer is alone. */
  private async settle(index: IndexName, batch: Pending[]): Promise<void> {
    try {
      await this.send(
        index,
        batch.flatMap((p) => p.writes),
      );
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      const half = Math.ceil(batch.length / 2);
      await this.settle(index, batch.slice(0, half));
      await this.settle(index, batch.slice(half));
    }
  }

  /** The last write per id, as one upsert task and one removal task. */
  private async send(index: IndexName, writes: Write[]): Promise<void> {
    const last = new Map<string, Write>();
    for (const w of writes) {
      const id = w.kind === "upsert" ? w.doc.id : w.id;
      last.delete(id); // re-inserted at the end: the map keeps the order of last writes
      last.set(id, w);
    }
    const docs: { id: string }[] = [];
    const removed: string[] = [];
    for (const [id, w] of last) {
      if (w.kind === "upsert") docs.push(w.doc);
      else removed.push(id);
    }
    await Promise.all([
      docs.length ? this.engine.upsert(index, docs as DocOf[typeof index][]) : undefined,
      removed.length ? this.engine.remove(index, removed) : undefined,
    ]);
  }

  applySettings(): Promise<void> {
    return this.engine.applySettings();
  }
  get<I extends IndexName>(index: I, id: string): Promise<DocOf[I] | undefined> {
    return this.engine.get(index, id);
  }
  getMany<I extends IndexName>(index: I, ids: string[]): Promise<DocOf[I][]> {
    return this.engine.getMany(index, ids);
  }
  search<I extends IndexName>(index: I, query: SearchQuery): Promise<SearchResult<DocOf[I]>> {
    return this.engine.search(index, query);
  }
  versions(index: IndexName): Promise<Map<string, number>> {
    return this.engine.versions(index);
  }
  clear(index: IndexName): Promise<void> {
    return this.engine.clear(index);
  }
  ping(): Promise<boolean> {
    return this.engine.ping();
  }
  close(): Promise<void> {
    return this.engine.close();
  }
}
