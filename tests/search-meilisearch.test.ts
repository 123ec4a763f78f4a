/**
 * What only the Meilisearch adapter has to get right, against the run's real server (TEST_MEILI_URL or
 * MEILI_URL): settings applied, awaited and in force; errors as AppError with the client's error or the
 * failed task as cause; listing versions past one page. Each test uses indexes with a fresh prefix,
 * deleted afterwards.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { Meilisearch, MeilisearchApiError, MeilisearchRequestError } from "meilisearch";
import { AppError } from "@markedsdialog/core/errors";
import { MeiliSearchEngine } from "@markedsdialog/core/search/meilisearch/engine";
import { BatchingEngine } from "@markedsdialog/core/search/batching";
import type { SupplierSearchDoc } from "@markedsdialog/core/search/types";
import { meiliSettings, searchSettings } from "@markedsdialog/search-config";
import { dropMeiliIndexes, meiliServer, reportSkippedMeili } from "./helpers/engines";
import { suppliers } from "./search-fixtures";

const server = meiliServer();
reportSkippedMeili("Meilisearch adapter");

let serial = 0;
const prefixes: string[] = [];
const freshPrefix = (): string => {
  const prefix = `adapter_${Date.now()}_${process.pid}_${++serial}_`;
  prefixes.push(prefix);
  return prefix;
};

/** Rejects with AppError of this code whose cause passes `cause`. */
const rejectsWith = (promise: Promise<unknown>, code: string, cause: (c: unknown) => boolean, message?: RegExp) =>
  assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof AppError, `not an AppError: ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(cause(e.cause), `unexpected cause: ${String(e.cause)}`);
    if (message) assert.match(e.message, message);
    return true;
  });

const nfcSorted = (words: string[]): string[] => words.map((w) => w.normalize("NFC")).sort();

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

if (server) {
  describe("Meilisearch adapter against the real server", () => {
    const client = new Meilisearch({ host: server.url, apiKey: server.key });
    const engineAt = (prefix: string) =>
      new MeiliSearchEngine({ url: server.url, apiKey: server.key, indexPrefix: prefix });
    after(async () => {
      for (const prefix of prefixes) await dropMeiliIndexes(server, prefix);
    });

    it("when the settings are applied, then both indexes exist with every setting of search-config in force, and applying again is harmless", async () => {
      const prefix = freshPrefix();
      const engine = engineAt(prefix);
      await engine.applySettings();
      await engine.applySettings();
      for (const name of ["suppliers", "needs"] as const) {
        const index = await client.getIndex(`${prefix}${name}`);
        assert.equal(index.primaryKey, "id");
        const live = await index.getSettings();
        const wanted = meiliSettings(searchSettings[name]);
        assert.deepEqual(live.rankingRules, wanted.rankingRules);
        assert.deepEqual(live.searchableAttributes, wanted.searchableAttributes);
        assert.deepEqual(
          [...(live.filterableAttributes ?? [])].sort(),
          [...(wanted.filterableAttributes ?? [])].sort(),
        );
        assert.deepEqual([...(live.sortableAttributes ?? [])].sort(), [...(wanted.sortableAttributes ?? [])].sort());
        // Meilisearch hands stop words back decomposed (NFD): compare the words, not their encoding.
        assert.deepEqual(nfcSorted(live.stopWords ?? []), nfcSorted(wanted.stopWords ?? []));
        assert.deepEqual(nfcSorted(Object.keys(live.synonyms ?? {})), nfcSorted(Object.keys(wanted.synonyms ?? {})));
        assert.deepEqual(live.typoTolerance?.minWordSizeForTypos, { oneTypo: 5, twoTypos: 9 });
        assert.equal(live.pagination?.maxTotalHits, searchSettings[name].pagination.maxTotalHits);
        assert.equal(live.faceting?.maxValuesPerFacet, 100);
      }
    });

    it("when an index of that name has another primary key, then applying the settings fails loudly", async () => {
      const prefix = freshPrefix();
      await client.createIndex(`${prefix}suppliers`, { primaryKey: "orgNumber" }).waitTask();
      await rejectsWith(engineAt(prefix).applySettings(), "unavailable", () => true, /primary key orgNumber, not id/);
    });

    it("when the key is wrong, then calls fail as unavailable, keep Meilisearch's error and point at MEILI_MASTER_KEY", async () => {
      const engine = new MeiliSearchEngine({ url: server.url, apiKey: "not-the-key", indexPrefix: freshPrefix() });
      const isKeyError = (c: unknown) => c instanceof MeilisearchApiError && c.cause?.code === "invalid_api_key";
      await rejectsWith(engine.applySettings(), "unavailable", isKeyError, /MEILI_MASTER_KEY/);
      await rejectsWith(engine.search("suppliers", { q: "renhold" }), "unavailable", isKeyError);
    });

    it("when the server cannot be reached, then calls fail as unavailable with the request error as cause, and ping says false", async () => {
      const engine = new MeiliSearchEngine({
        url: `http://127.0.0.1:${await closedPort()}`,
        indexPrefix: freshPrefix(),
      });
      const isRequestError = (c: unknown) => c instanceof MeilisearchRequestError;
      await rejectsWith(engine.search("needs", {}), "unavailable", isRequestError);
      await rejectsWith(engine.upsert("suppliers", suppliers.slice(0, 1)), "unavailable", isRequestError);
      await rejectsWith(engine.get("suppliers", "s01"), "unavailable", isRequestError);
      assert.equal(await engine.ping(), false);
    });

    it("when the indexes were never created, then searching fails as unavailable and says to apply the settings", async () => {
      const engine = engineAt(freshPrefix());
      const isMissing = (c: unknown) => c instanceof MeilisearchApiError && c.cause?.code === "index_not_found";
      await rejectsWith(
        engine.search("suppliers", { q: "renhold" }),
        "unavailable",
        isMissing,
        /apply the search settings/,
      );
      await rejectsWith(engine.versions("needs"), "unavailable", isMissing);
    });

    it("when a document is refused, then upsert fails as invalid with the failed task as cause and nothing is stored", async () => {
      const engine = engineAt(freshPrefix());
      await engine.applySettings();
      const good = suppliers[0] as SupplierSearchDoc;
      await engine.upsert("suppliers", [good]);
      const refused = engine.upsert("suppliers", [{ ...good, id: "not a valid id!", version: 9 }]);
      const isFailedTask = (c: unknown) =>
        (c as { status?: string; error?: { code?: string } }).status === "failed" &&
        (c as { error?: { code?: string } }).error?.code === "invalid_document_id";
      await rejectsWith(refused, "invalid", isFailedTask);
      assert.deepEqual([...(await engine.versions("suppliers"))], [[good.id, good.version]]);
    });

    it("when many writes arrive together, then they go out as a few tasks, the last write of each record wins and a refused document fails only its own writer", async () => {
      const prefix = freshPrefix();
      const engine = new BatchingEngine(engineAt(prefix));
      await engine.applySettings();
      const uid = `${prefix}suppliers`;
      const tasksOf = async () => (await client.tasks.getTasks({ indexUids: [uid], limit: 1000 })).results.length;
      const before = await tasksOf();
      const template = suppliers[0] as SupplierSearchDoc;
      const doc = (i: number, version = 1) => ({ ...template, id: `batch${i}`, version });
      // 60 writers at once, as 60 search-sync jobs would: record 0 is written, removed and written again,
      // record 1 written then removed; one writer sends a document Meilisearch refuses.
      const writes = [
        engine.upsert("suppliers", [doc(0, 1)]),
        engine.upsert("suppliers", [doc(1, 1)]),
        ...Array.from({ length: 55 }, (_, i) => engine.upsert("suppliers", [doc(i + 2)])),
        engine.remove("suppliers", ["batch0"]),
        engine.remove("suppliers", ["batch1"]),
        engine.upsert("suppliers", [{ ...template, id: "not a valid id!", version: 1 }]),
        engine.upsert("suppliers", [doc(0, 3)]),
      ];
      const outcomes = await Promise.allSettled(writes);
      const rejected = outcomes.flatMap((o, i) => (o.status === "rejected" ? [i] : []));
      assert.deepEqual(rejected, [writes.length - 2], "only the refused document's writer fails");
      const versions = await engine.versions("suppliers");
      assert.equal(versions.get("batch0"), 3, "the last write of record 0 wins");
      assert.equal(versions.has("batch1"), false, "record 1 was removed last");
      assert.equal(versions.size, 56);
      const tasks = (await tasksOf()) - before;
      // The first write goes alone; the rest wait for it and go together (an upsert and a removal task per
      // batch). The batch with the refused document is sent again in halves, not one writer at a time: at
      // most two sends of two tasks per halving, far fewer than a task per write.
      assert.ok(tasks <= writes.length / 2, `${tasks} tasks for ${writes.length} writes`);
    });

    it("when an index holds more documents than one page of versions, then versions() lists every one", async () => {
      const engine = engineAt(freshPrefix());
      await engine.applySettings();
      const template = suppliers[0] as SupplierSearchDoc;
      const count = 10_250; // the adapter reads 10,000 per page
      const docs = Array.from({ length: count }, (_, i) => ({ ...template, id: `bulk${i}`, version: (i % 7) + 1 }));
      for (let i = 0; i < docs.length; i += 5000) await engine.upsert("suppliers", docs.slice(i, i + 5000));
      const versions = await engine.versions("suppliers");
      assert.equal(versions.size, count);
      assert.ok(docs.every((d) => versions.get(d.id) === d.version));
    });
  });
}
