import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { QUEUES, searchSyncJobId, type SearchSyncJob } from "@markedsdialog/core";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { reportSkippedMeili, testEngines, type EngineName } from "./helpers/engines";
import { startHarness, needBody, bearer, ADMIN_TOKEN, eventually, type Harness } from "./helpers/harness";

type Hit = {
  id: string;
  version: number;
  _highlights: Record<string, string>;
  _distanceKm?: number;
  name?: string;
  title?: string;
};

const profile = (name: string, municipality: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: "Entreprenør med egne maskiner.",
  capabilities: "Brøyting, strøing og vintervedlikehold av kommunale veier og gang- og sykkelveier.",
  cpv: ["90620000"],
  municipality,
  serviceArea: {},
  ...extra,
});

for (const engine of testEngines) {
  describe(`search through the API, kept true by the search-sync queue: ${engine}`, () => searchApiSuite(engine));
}
reportSkippedMeili("search through the API");

function searchApiSuite(engine: EngineName): void {
  let h: Harness;
  let buyer: { id: string; token: string };
  const suppliers: Record<string, { id: string; token: string }> = {};
  const searchSuppliers = (query: Record<string, string>) =>
    h.http
      .get("/api/v1/suppliers/search")
      .query(query)
      .set(...bearer(buyer.token));
  const ids = (res: { body: { hits: Hit[] } }) => res.body.hits.map((hit) => hit.id);

  before(async () => {
    h = await startHarness(`searchapi_${engine}`, {}, { workers: true, engine });
    buyer = await h.organization("buyer");
    for (const [key, municipality, extra] of [
      ["ski", "3207", { serviceArea: { municipalities: ["3218"] }, certifications: ["miljofyrtarn"], size: "small" }],
      ["enebakk", "3220", { size: "micro" }],
      ["bergen", "4601", { serviceArea: { national: true }, size: "large" }],
      ["halden", "3101", { cpv: ["90910000"], capabilities: "Renhold av skoler og sykehjem", size: "medium" }],
    ] as const) {
      suppliers[key] = await h.organization("supplier", { municipality });
      const res = await h.http
        .put(`/api/v1/suppliers/${suppliers[key]?.id}/profile`)
        .set(...bearer(suppliers[key]?.token ?? ""))
        .send(profile(`${key} Maskin AS`, municipality, extra));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await eventually(
      () => searchSuppliers({ limit: "50" }),
      (res) => res.body.total === 4,
    );
  });
  after(async () => h.close());

  it("when a buyer searches near Ski, then local suppliers come first with their distance, and the radius bounds the hits", async () => {
    const res = await searchSuppliers({ q: "brøyting", near: "59.72,10.83", radiusKm: "30", sort: "distance" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(ids(res), [suppliers.ski?.id, suppliers.enebakk?.id]);
    assert.ok((res.body.hits[0]._distanceKm ?? 99) < 10);
    assert.ok(typeof res.body.tookMs === "number");
    assert.match(JSON.stringify(res.body.hits[0]._highlights), /<mark>/i);
  });

  it("when a place is given, then suppliers who deliver there match: home, service area or nationwide", async () => {
    const aas = await searchSuppliers({ municipality: "3218", limit: "50" });
    assert.deepEqual(ids(aas).sort(), [suppliers.ski?.id, suppliers.bergen?.id].sort());
    const ostfold = await searchSuppliers({ county: "31" });
    assert.deepEqual(ids(ostfold).sort(), [suppliers.halden?.id, suppliers.bergen?.id].sort());
  });

  it("filters on certification, size and CPV at any level, with facet counts", async () => {
    const res = await searchSuppliers({ cpv: "90000000", certification: "miljofyrtarn", facets: "size" });
    assert.deepEqual(ids(res), [suppliers.ski?.id]);
    const all = await searchSuppliers({ cpv: "90600000", facets: "size" });
    assert.deepEqual(all.body.facets.size, { small: 1, micro: 1, large: 1 });
  });

  it("suppliers cannot search their competitors; anonymous callers cannot either", async () => {
    assert.equal((await h.http.get("/api/v1/suppliers/search").set(...bearer(suppliers.ski?.token ?? ""))).status, 403);
    assert.equal((await h.http.get("/api/v1/suppliers/search")).status, 401);
  });

  it("bad parameters get a 400 problem: unknown facet, radius without a point, limit over the maximum, malformed coordinates", async () => {
    for (const [query, path] of [
      [{ facets: "mood" }, undefined],
      [{ radiusKm: "10" }, "query.radiusKm"],
      [{ limit: "1000" }, "query.limit"],
      [{ near: "59.7;10.8" }, "query.near"],
      [{ near: "95,10" }, "query.near"],
      [{ near: "59.7,10.8", radiusKm: "-3" }, "query.radiusKm"],
      [{ cpv: "12345678" }, "query.cpv.0"],
      [{ q: 'x" OR status = "draft' }, undefined],
    ] as const) {
      const res = await searchSuppliers(query as Record<string, string>);
      if (path === undefined && query.q) {
        assert.equal(res.status, 200, "a hostile text query is only text");
        continue;
      }
      assert.equal(res.status, 400, `${JSON.stringify(query)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.match(res.headers["content-type"] ?? "", /problem\+json/);
      if (path)
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path === path),
          JSON.stringify(res.body.errors),
        );
    }
  });

  it("drafts and cancelled needs never appear in search; published ones do, and leave when cancelled", async () => {
    const draft = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ title: "Utkast om snøsmelteanlegg" }));
    const live = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ title: "Snøsmelteanlegg for Ski sentrum", status: "published" }));
    const found = await eventually(
      () => h.http.get("/api/v1/needs/search").query({ q: "snøsmelteanlegg" }),
      (res) => res.body.total >= 1,
    );
    assert.deepEqual(ids(found), [live.body.id]);
    assert.ok(!ids(found).includes(draft.body.id));
    await h.http
      .post(`/api/v1/needs/${live.body.id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "cancelled" });
    await eventually(
      () => h.http.get("/api/v1/needs/search").query({ q: "snøsmelteanlegg" }),
      (res) => res.body.total === 0,
    );
  });

  it("needs search filters on value range, dates, buyer and procedure", async () => {
    const mk = (extra: Record<string, unknown>) =>
      h.http
        .post("/api/v1/needs")
        .set(...bearer(buyer.token))
        .send(needBody({ status: "published", ...extra }));
    const big = await mk({
      title: "Stor rammeavtale for renhold",
      cpv: ["90910000"],
      estimatedValueNok: { min: 100e6, max: 150e6 },
      procedure: "open",
      timeline: { plannedNotice: "2028-05-01" },
    });
    const small = await mk({
      title: "Liten avtale om renhold av idrettshall",
      cpv: ["90910000"],
      estimatedValueNok: { min: 1e6, max: 2e6 },
      procedure: "other",
      timeline: { plannedNotice: "2027-05-01" },
    });
    const q = (extra: Record<string, string>) =>
      h.http.get("/api/v1/needs/search").query({ cpv: "90900000", ...extra });
    await eventually(
      () => q({}),
      (res) => res.body.total === 2,
    );
    assert.deepEqual(ids(await q({ minValue: "50000000" })), [big.body.id]);
    assert.deepEqual(ids(await q({ maxValue: "5000000" })), [small.body.id]);
    assert.deepEqual(ids(await q({ from: "2028-01-01" })), [big.body.id]);
    assert.deepEqual(ids(await q({ procedure: "other" })), [small.body.id]);
    assert.equal((await q({ buyer: buyer.id })).body.total, 2);
    assert.equal((await q({ minValue: "10", maxValue: "5" })).status, 400);
  });

  it("a late job for an old version neither overwrites newer data nor resurrects a withdrawn profile", async () => {
    const s = suppliers.enebakk;
    assert.ok(s);
    const v2 = await h.http
      .put(`/api/v1/suppliers/${s.id}/profile`)
      .set(...bearer(s.token))
      .send(profile("Enebakk Snø AS", "3220"));
    await eventually(
      () => h.search.get("suppliers", s.id),
      (doc) => doc?.version === v2.body.version,
    );
    const queue = new Queue<SearchSyncJob>(QUEUES.searchSync, {
      connection: h.ctx.redis,
      prefix: h.config.QUEUE_PREFIX,
    });
    const eventsRedis = new Redis(h.config.REDIS_URL ?? "", { maxRetriesPerRequest: null });
    const events = new QueueEvents(QUEUES.searchSync, { connection: eventsRedis, prefix: h.config.QUEUE_PREFIX });
    await events.waitUntilReady();
    const stale: SearchSyncJob = { index: "suppliers", id: s.id, version: v2.body.version - 1 };
    const job = await queue.add("sync", stale, { jobId: `${searchSyncJobId(stale)}-replayed` });
    assert.equal(await job.waitUntilFinished(events, 10_000), "skipped");
    assert.equal((await h.search.get("suppliers", s.id))?.name, "Enebakk Snø AS");

    assert.equal((await h.http.delete(`/api/v1/suppliers/${s.id}/profile`).set(...bearer(s.token))).status, 204);
    await eventually(
      () => h.search.get("suppliers", s.id),
      (doc) => doc === undefined,
    );
    const late: SearchSyncJob = { index: "suppliers", id: s.id, version: v2.body.version };
    await queue.add("sync", late, { jobId: `${searchSyncJobId(late)}-late` });
    const lateJob = await queue.getJob(`${searchSyncJobId(late)}-late`);
    assert.equal(await lateJob?.waitUntilFinished(events, 10_000), "skipped");
    assert.equal(await h.search.get("suppliers", s.id), undefined, "the withdrawn profile stays out of the index");
    await events.close();
    eventsRedis.disconnect();
    await queue.close();
  });

  it("when anyone reads an open need by id, then the answer comes from the index exactly as its buyer reads it from the database", async () => {
    const created = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Lesemodell: vinterdrift i Ski" }));
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const own = await h.http.get(`/api/v1/needs/${id}`).set(...bearer(buyer.token));
    const doc = await eventually(
      () => h.search.get("needs", id),
      (d) => d?.version === own.body.version,
    );
    const anyone = await h.http.get(`/api/v1/needs/${id}`);
    assert.deepEqual(anyone.body, own.body, "the index's copy is the database's answer");

    // The index answers the public read; the buyer's own read goes to the database.
    await h.search.upsert("needs", [{ ...doc!, view: { ...doc!.view!, title: "Bare i indeksen" } }]);
    assert.equal((await h.http.get(`/api/v1/needs/${id}`)).body.title, "Bare i indeksen");
    assert.equal((await h.http.get(`/api/v1/needs/${id}`).set(...bearer(buyer.token))).body.title, own.body.title);

    const patched = await h.http
      .patch(`/api/v1/needs/${id}`)
      .set(...bearer(buyer.token))
      .send({ title: "Lesemodell: vinterdrift i Ski og Ås" });
    assert.equal(patched.status, 200);
    await eventually(
      () => h.search.get("needs", id),
      (d) => d?.version === patched.body.version,
    );
    assert.deepEqual((await h.http.get(`/api/v1/needs/${id}`)).body, patched.body);

    const cancelled = await h.http
      .post(`/api/v1/needs/${id}/status`)
      .set(...bearer(buyer.token))
      .send({ status: "cancelled" });
    assert.equal(cancelled.status, 200);
    await eventually(
      () => h.search.get("needs", id),
      (d) => d === undefined,
    );
    const closed = await h.http.get(`/api/v1/needs/${id}`);
    assert.equal(closed.body.status, "cancelled", "a closed need is read from the database");
  });

  it("when the index changes, then a list asked for a moment ago answers with the change, even when another process wrote it", async () => {
    const created = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Listebuffer: feiing av gater i Ski" }));
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const list = () => h.http.get("/api/v1/needs").query({ buyer: buyer.id, limit: "100" });
    const listed = (res: { body: { items: { id: string; title: string }[]; total: number } }) =>
      res.body.items.find((item) => item.id === id);
    const before = await eventually(list, (res) => listed(res) !== undefined);
    assert.deepEqual((await list()).body, before.body, "asked again without a change, the same answer");

    // Another process (a worker, a reindex) writes through its own engine and its own Redis connection.
    const doc = await h.search.get("needs", id);
    const elsewhere = engine === "meilisearch" ? searchEngineFromConfig(h.config) : h.search;
    try {
      await elsewhere.upsert("needs", [{ ...doc!, title: "Listebuffer: endret i indeksen" }]);
      assert.equal(listed(await list())?.title, "Listebuffer: endret i indeksen");
      await elsewhere.remove("needs", [id]);
      const after = await list();
      assert.equal(listed(after), undefined, "a removed need leaves the list at once");
      assert.equal(after.body.total, before.body.total - 1);
      await elsewhere.upsert("needs", [doc!]); // the index in line with the database again
      assert.equal(listed(await list())?.title, created.body.title);
    } finally {
      if (elsewhere !== h.search) await elsewhere.close();
    }

    // Without Redis the generation cannot be read: searches go to the engine instead of the kept answers.
    if (engine === "meilisearch") {
      const unreachable = searchEngineFromConfig({ ...h.config, REDIS_URL: "redis://127.0.0.1:1" });
      try {
        const direct = await unreachable.search("needs", {
          filters: [{ field: "buyerId", op: "in", values: [buyer.id] }],
        });
        assert.equal(direct.total, before.body.total);
      } finally {
        await unreachable.close();
      }
    }
  });

  it("the drift check finds missing, stale and orphaned documents, and a reindex repairs them", async () => {
    const clean = await h.http.get("/api/v1/admin/search/drift").set(...bearer(ADMIN_TOKEN));
    assert.equal(clean.status, 200);
    await eventually(
      () => h.http.get("/api/v1/admin/search/drift").set(...bearer(ADMIN_TOKEN)),
      (res) => res.body.suppliers.inSync && res.body.needs.inSync,
    );
    const halden = suppliers.halden?.id ?? "";
    const ski = (await h.search.get("suppliers", suppliers.ski?.id ?? ""))!;
    await h.search.remove("suppliers", [halden]);
    await h.search.upsert("suppliers", [{ ...ski, version: 0 }]);
    await h.search.upsert("suppliers", [{ ...ski, id: "ffffffffffffffffffffffff" }]);
    const drift = await h.http.get("/api/v1/admin/search/drift").set(...bearer(ADMIN_TOKEN));
    assert.deepEqual(drift.body.suppliers.missing, [halden]);
    assert.deepEqual(
      drift.body.suppliers.stale.map((s: { id: string }) => s.id),
      [ski.id],
    );
    assert.deepEqual(drift.body.suppliers.orphaned, ["ffffffffffffffffffffffff"]);
    assert.equal(drift.body.suppliers.inSync, false);
    assert.equal((await h.http.get("/api/v1/admin/search/drift").set(...bearer(buyer.token))).status, 403);
    const re = await h.http.post("/api/v1/admin/search/reindex").set(...bearer(ADMIN_TOKEN));
    assert.equal(re.status, 200);
    assert.equal(re.body.suppliers.removed, 1);
    const after_ = await h.http.get("/api/v1/admin/search/drift").set(...bearer(ADMIN_TOKEN));
    assert.equal(after_.body.suppliers.inSync, true, JSON.stringify(after_.body.suppliers));
  });
}
