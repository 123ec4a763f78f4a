/**
 * One contract for both search engines: the embedded engine always, Meilisearch when the run has a server
 * (TEST_MEILI_URL or MEILI_URL; each run in indexes with a fresh prefix, deleted afterwards).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AppError } from "@markedsdialog/core/errors";
import { distanceKm } from "@markedsdialog/core/reference/index";
import { EmbeddedSearchEngine } from "@markedsdialog/core/search/embedded/engine";
import { meiliFilter } from "@markedsdialog/core/search/meilisearch/filter";
import { MeiliSearchEngine } from "@markedsdialog/core/search/meilisearch/engine";
import { tokensForMunicipality } from "@markedsdialog/core/search/places";
import type { SearchEngine, SearchQuery, SupplierSearchDoc } from "@markedsdialog/core/search/types";
import { searchSettings } from "@markedsdialog/search-config";
import { dropMeiliIndexes, meiliServer, reportSkippedMeili, testEngines } from "./helpers/engines";
import { BERGEN, HALDEN, needs, SKI, suppliers, T0 } from "./search-fixtures";

const prefix = `contract_${Date.now()}_${Math.floor(Math.random() * 1e6)}_`;
const make = (name: (typeof testEngines)[number]): SearchEngine => {
  const server = meiliServer();
  return name === "meilisearch" && server
    ? new MeiliSearchEngine({ url: server.url, apiKey: server.key, indexPrefix: prefix })
    : new EmbeddedSearchEngine();
};
reportSkippedMeili("search contract");

const ids = (r: { hits: { document: { id: string } }[] }): string[] => r.hits.map((h) => h.document.id);
const sorted = (list: string[]): string[] => [...list].sort();
const expectInvalid = async (promise: Promise<unknown>): Promise<void> =>
  assert.rejects(promise, (e: unknown) => e instanceof AppError && e.code === "invalid");
const supplierIds = (pred: (s: SupplierSearchDoc) => boolean): string[] =>
  sorted(suppliers.filter(pred).map((s) => s.id));

for (const name of testEngines) {
  describe(`search contract: ${name}`, () => {
    let engine: SearchEngine;
    const find = (query: SearchQuery) => engine.search("suppliers", { limit: 50, ...query });

    before(async () => {
      engine = make(name);
      await engine.applySettings();
      await engine.upsert("suppliers", suppliers);
      await engine.upsert("needs", needs);
    });

    after(async () => {
      await engine.close();
      const server = meiliServer();
      if (name === "meilisearch" && server) await dropMeiliIndexes(server, prefix);
    });

    it("when a buyer searches for a word, then suppliers using it are found and others are not", async () => {
      const result = await find({ q: "asfaltering" });
      assert.deepEqual(ids(result), ["s05"]);
      assert.equal(result.total, 1);
      assert.deepEqual(
        result.hits[0]?.document,
        suppliers.find((s) => s.id === "s05"),
      );
    });

    it("when several words are given, then the first is required and fuller matches rank first", async () => {
      const both = await find({ q: "fasadevask renhold" });
      assert.deepEqual(sorted(ids(both)), ["s13", "s14"], "renhold ~ rengjøring in their CPV labels");
      const cleaning = await find({ q: "renhold kontorbygg" });
      assert.equal(ids(cleaning)[0], "s01", "the only one with both words");
      assert.deepEqual(sorted(ids(cleaning)), ["s01", "s10", "s13", "s14"], "then the rest with the first word");
      assert.deepEqual(ids(await find({ q: "fortau renhold" })), ["s05"]);
      assert.equal((await find({ q: "xyzzy renhold" })).total, 0, "the first word must match");
    });

    it("when searching nynorsk, then bokmål matches (renhald finds renhold)", async () => {
      assert.ok(ids(await find({ q: "renhald " })).includes("s01"));
      assert.ok(ids(await find({ q: "reinhald " })).includes("s01"));
    });

    it("when a word has one typo, then it still matches (brøyring finds brøyting)", async () => {
      assert.ok(ids(await find({ q: "brøyring " })).includes("s02"));
      assert.equal((await find({ q: "brxyrxng " })).total, 0, "three letters off is not a typo");
    });

    it("when a plural is searched, then the singular matches (veier finds vei)", async () => {
      assert.ok(ids(await find({ q: "veier " })).includes("s05"));
    });

    it(
      "when an inflected form is searched, then its stem matches (Norwegian stemming)",
      { skip: name === "meilisearch" && "Meilisearch does not stem; synonyms cover the common forms" },
      async () => {
        assert.deepEqual(ids(await find({ q: "kontorbyggene " })), ["s01"]);
        assert.deepEqual(ids(await find({ q: "bruene " })), ["s05"], "short stems: bruene → bru");
      },
    );

    it("when searching IT, then IKT and digital suppliers are found (synonyms)", async () => {
      const found = ids(await find({ q: "IT " }));
      assert.ok(found.includes("s03"), "IKT");
      assert.ok(found.includes("s11"), "digital / software");
      assert.ok(!found.includes("s01"));
    });

    it("when a place is named by its administrative centre, then suppliers there rank first (Ski is in Nordre Follo)", async () => {
      assert.equal(ids(await find({ q: "renhold Ski" }))[0], "s01");
    });

    it("when typing a word, then its prefix finds it (renh finds renhold)", async () => {
      assert.ok(ids(await find({ q: "renh" })).includes("s01"));
      assert.equal((await find({ q: "renh " })).total, 0, "a finished word is not a prefix");
    });

    it("when words match, then they are highlighted with <mark>, and the text is HTML-escaped", async () => {
      const [hit] = (await find({ q: "renhold kontorbygg" })).hits;
      assert.match(hit?.highlights.capabilities ?? "", /<mark>Renhold<\/mark> av skoler/);
      assert.match(hit?.highlights.capabilities ?? "", /<mark>kontorbygg<\/mark>/);
      const catering = (await find({ q: "matlevering" })).hits[0];
      assert.equal(catering?.document.id, "s06");
      const text = catering?.highlights.capabilities ?? "";
      assert.match(text, /<mark>matlevering<\/mark>/);
      assert.ok(text.includes("&amp;") && text.includes("&lt;b&gt;til&lt;/b&gt;") && !text.includes("<b>"), text);
    });

    it("when filtering eq on a string, boolean and array field, then only matching documents come back", async () => {
      assert.deepEqual(sorted(ids(await find({ filters: [{ field: "municipality", op: "eq", value: "3207" }] }))), [
        "s01",
        "s12",
      ]);
      assert.deepEqual(sorted(ids(await find({ filters: [{ field: "national", op: "eq", value: true }] }))), [
        "s08",
        "s11",
      ]);
      assert.deepEqual(
        sorted(ids(await find({ filters: [{ field: "certifications", op: "eq", value: "ISO 27001" }] }))),
        ["s03"],
      );
    });

    it("when filtering in, then any of the values matches (OR within the field, AND across fields)", async () => {
      const counties = await find({ filters: [{ field: "county", op: "in", values: ["31", "46"] }] });
      assert.deepEqual(
        sorted(ids(counties)),
        supplierIds((s) => s.county === "31" || s.county === "46"),
      );
      const both = await find({
        filters: [
          { field: "county", op: "in", values: ["31", "46"] },
          { field: "size", op: "in", values: ["medium", "large"] },
        ],
      });
      assert.deepEqual(sorted(ids(both)), ["s07", "s09"]);
      const certs = await find({
        filters: [{ field: "certifications", op: "in", values: ["ISO 27001", "Svanemerket"] }],
      });
      assert.deepEqual(sorted(ids(certs)), ["s01", "s03"]);
    });

    it("when filtering on place tokens, then home, service area and nationwide suppliers are found", async () => {
      const inAas = await find({ filters: [{ field: "serves", op: "in", values: tokensForMunicipality("3218") }] });
      assert.deepEqual(sorted(ids(inAas)), ["s02", "s05", "s08", "s11"]);
      const inHalden = await find({ filters: [{ field: "serves", op: "in", values: tokensForMunicipality("3101") }] });
      assert.deepEqual(sorted(ids(inHalden)), ["s07", "s08", "s11", "s13"]);
    });

    it("when filtering gte and lte on a number, then the range is inclusive", async () => {
      const from = suppliers[2]?.updatedAt ?? 0;
      const to = suppliers[4]?.updatedAt ?? 0;
      const result = await find({
        filters: [
          { field: "updatedAt", op: "gte", value: from },
          { field: "updatedAt", op: "lte", value: to },
        ],
      });
      assert.deepEqual(sorted(ids(result)), ["s03", "s04", "s05"]);
    });

    it("when filtering on a CPV division, then suppliers with deeper codes in it are found", async () => {
      const result = await find({ filters: [{ field: "cpvCodes", op: "eq", value: "90000000" }] });
      assert.deepEqual(sorted(ids(result)), ["s01", "s02", "s07", "s10", "s13", "s14"]);
      const roads = await find({ filters: [{ field: "cpvCodes", op: "eq", value: "45233000" }] });
      assert.deepEqual(sorted(ids(roads)), ["s02", "s05"]);
    });

    it("when facets are asked for, then they count the documents per value over all matches", async () => {
      const result = await find({ facets: ["county", "size", "national"], limit: 1 });
      assert.equal(result.total, suppliers.length);
      assert.deepEqual(result.facets.county, { "32": 7, "31": 3, "46": 2, "11": 1, "50": 1 });
      assert.equal(result.facets.size?.micro, 3);
      assert.equal(result.facets.size?.large, 2);
      assert.deepEqual(result.facets.national, { false: 12, true: 2 });
      const filtered = await find({ q: "renhold", facets: ["county"] });
      assert.equal(filtered.facets.county?.["32"], 1);
    });

    it("when searching near Ski within a radius, then only nearby suppliers come, nearest first, with distanceKm", async () => {
      const radiusKm = 13.5;
      const result = await find({ near: { ...SKI, radiusKm }, sort: "distance" });
      const expected = suppliers.filter((s) => distanceKm(SKI, { lat: s._geo.lat, lon: s._geo.lng }) <= radiusKm);
      assert.deepEqual(sorted(ids(result)), sorted(expected.map((s) => s.id)));
      assert.ok(expected.length >= 4 && expected.length < suppliers.length);
      const distances = result.hits.map((h) => h.distanceKm ?? NaN);
      assert.deepEqual(
        distances,
        [...distances].sort((a, b) => a - b),
      );
      for (const hit of result.hits) {
        const real = distanceKm(SKI, { lat: hit.document._geo.lat, lon: hit.document._geo.lng });
        assert.ok(
          Math.abs((hit.distanceKm ?? NaN) - real) < 0.05 + real * 0.005,
          `${hit.document.id}: ${hit.distanceKm} vs ${real}`,
        );
      }
      assert.deepEqual(sorted(ids(result).slice(0, 2)), ["s01", "s12"]);
    });

    it("when relevance ties near a place, then the nearer supplier comes first (local first)", async () => {
      const fromBergen = await find({ q: "vinduspuss fasadevask", near: BERGEN });
      assert.deepEqual(ids(fromBergen), ["s14", "s13"]);
      const fromHalden = await find({ q: "vinduspuss fasadevask", near: HALDEN });
      assert.deepEqual(ids(fromHalden), ["s13", "s14"]);
      assert.ok((fromHalden.hits[0]?.distanceKm ?? 1) < 0.01);
    });

    it("when equally good hits lie at different distances, then the nearer come first across pages too", async () => {
      const template = suppliers.find((s) => s.id === "s05") as SupplierSearchDoc;
      // Inserted far and near in turn, so that neither engine's insertion order is the distance order.
      const offsetsKm = { t1: 40, t2: 5, t3: 30, t4: 1, t5: 20 };
      const twins = Object.entries(offsetsKm).map(([id, km]) => ({
        ...template,
        id,
        name: "Slukservice AS",
        capabilities: "Sluktømming og spyling av overvannskummer.",
        _geo: { lat: SKI.lat + km / 111.2, lng: SKI.lon },
      }));
      await engine.upsert("suppliers", twins);
      try {
        const pages = await Promise.all([1, 2, 3].map((page) => find({ q: "sluktømming", near: SKI, page, limit: 2 })));
        assert.deepEqual(pages.map(ids), [["t4", "t2"], ["t5", "t3"], ["t1"]]);
        assert.ok(pages.every((p) => p.total === 5));
      } finally {
        await engine.remove("suppliers", Object.keys(offsetsKm));
      }
    });

    it("when more documents match than the index's window, then the total is the window and the last page is reachable", async () => {
      const template = suppliers.find((s) => s.id === "s05") as SupplierSearchDoc;
      const window = searchSettings.suppliers.pagination.maxTotalHits;
      const many = Array.from({ length: window + 25 }, (_, i) => ({
        ...template,
        id: `w${i}`,
        capabilities: "Stikkrenner og kulverter.",
      }));
      const before = (await find({ q: "kulverter", facets: ["size"] })).facets.size?.[template.size] ?? 0;
      await engine.upsert("suppliers", many);
      try {
        const first = await find({ q: "kulverter", facets: ["size"] });
        assert.equal(first.total, window);
        assert.equal(first.facets.size?.[template.size], before + window + 25, "facets count every match");
        const last = await find({ q: "kulverter", page: window / 50, limit: 50 });
        assert.equal(last.hits.length, 50);
        assert.equal((await find({ q: "kulverter", page: window / 50 + 1, limit: 50 })).hits.length, 0);
      } finally {
        await engine.remove(
          "suppliers",
          many.map((d) => d.id),
        );
      }
    });

    it("when a query holds quotes, minus signs or only stop words, then it is read as plain words", async () => {
      const plain = sorted(ids(await find({ q: "renhold kontorbygg" })));
      assert.deepEqual(sorted(ids(await find({ q: '"renhold kontorbygg"' }))), plain, "no phrase search");
      assert.deepEqual(sorted(ids(await find({ q: "renhold -kontorbygg" }))), plain, "no negation");
      assert.deepEqual(sorted(ids(await find({ q: "-renhold" }))), sorted(ids(await find({ q: "renhold" }))));
      assert.equal((await find({ q: "og i på" })).total, suppliers.length, "stop words alone ask for everything");
      assert.equal((await find({ q: '"renh"' })).total, 0, "a closing quote finishes the word");
    });

    it("when paging, then pages are disjoint, cover every match in sort order and the total is exact", async () => {
      const pages = await Promise.all(
        [1, 2, 3].map((page) => find({ page, limit: 5, sort: { field: "updatedAt", direction: "asc" } })),
      );
      assert.deepEqual(
        pages.map((p) => p.hits.length),
        [5, 5, 4],
      );
      assert.ok(pages.every((p) => p.total === suppliers.length && p.limit === 5));
      assert.deepEqual(
        pages.map((p) => p.page),
        [1, 2, 3],
      );
      assert.deepEqual(
        pages.flatMap(ids),
        suppliers.map((s) => s.id),
      );
      assert.equal((await find({ page: 4, limit: 5 })).hits.length, 0);
      const desc = await find({ limit: 3, sort: { field: "updatedAt", direction: "desc" } });
      assert.deepEqual(ids(desc), ["s14", "s13", "s12"]);
    });

    it("when filter values are hostile, then they match literally: no extra results and no crash", async () => {
      const hostile = [
        'x" OR status = "draft',
        '\\"',
        "\\",
        ") OR (1=1",
        "3207\nOR county = 32",
        "🦀 Æøå 'x'",
        '3207" OR municipality = "3218',
      ];
      for (const value of hostile) {
        assert.equal((await find({ filters: [{ field: "municipality", op: "eq", value }] })).total, 0, value);
      }
      const mixed = await find({ filters: [{ field: "municipality", op: "in", values: [...hostile, "3207"] }] });
      assert.deepEqual(sorted(ids(mixed)), ["s01", "s12"]);
      const tricky = await find({
        filters: [{ field: "certifications", op: "eq", value: 'Sertifisert "Miljøfyrtårn" \\ 2024' }],
      });
      assert.deepEqual(ids(tricky), ["s08"], "quotes and backslashes round-trip");
      const needsHit = await engine.search("needs", {
        filters: [{ field: "status", op: "eq", value: 'published" OR status = "draft' }],
      });
      assert.equal(needsHit.total, 0);
      assert.equal((await find({ q: 'x" OR 1=1 ) (' })).total, 0);
    });

    it("when a query is invalid, then AppError invalid is thrown", async () => {
      await expectInvalid(find({ facets: ["orgNumber"] }));
      await expectInvalid(find({ filters: [{ field: "nonexistent", op: "eq", value: "x" }] }));
      await expectInvalid(find({ filters: [{ field: "name", op: "eq", value: "x" }] }));
      await expectInvalid(find({ filters: [{ field: "updatedAt", op: "gte", value: Number.NaN }] }));
      await expectInvalid(find({ filters: [{ field: "size", op: "gte", value: 3 }] }));
      await expectInvalid(find({ limit: 101 }));
      await expectInvalid(find({ sort: "distance" }));
      await expectInvalid(find({ sort: { field: "description", direction: "asc" } }));
      await expectInvalid(find({ near: { lat: 95, lon: 10, radiusKm: 5 } }));
    });

    it("when needs are searched, then text, status, value and date filters and facets work", async () => {
      const open = await engine.search("needs", {
        q: "brøyting",
        filters: [{ field: "status", op: "in", values: ["published", "in_dialogue"] }],
      });
      assert.deepEqual(ids(open), ["n2"]);
      const big = await engine.search("needs", {
        filters: [
          { field: "valueMax", op: "gte", value: 5_000_000 },
          { field: "publishedAt", op: "lte", value: T0 + 7 * 86_400_000 },
        ],
      });
      assert.deepEqual(sorted(ids(big)), ["n1", "n3", "n4"]);
      const facets = await engine.search("needs", { facets: ["status", "smeSuitable"], limit: 1 });
      assert.deepEqual(facets.facets.status, { published: 3, in_dialogue: 1, tender_announced: 1, draft: 1 });
      assert.deepEqual(facets.facets.smeSuitable, { true: 5, false: 1 });
      const newest = await engine.search("needs", { sort: { field: "publishedAt", direction: "desc" }, limit: 2 });
      assert.deepEqual(ids(newest), ["n6", "n5"]);
      const byDistance = await engine.search("needs", { near: SKI, sort: "distance" });
      assert.equal(ids(byDistance)[0], "n1");
      assert.equal(ids(byDistance).at(-1), "n6", "a need without a place comes last");
      assert.equal(byDistance.hits.at(-1)?.distanceKm, undefined);
    });

    it("when versions are asked for, then every document's id and version come back", async () => {
      const versions = await engine.versions("suppliers");
      assert.equal(versions.size, suppliers.length);
      assert.ok(suppliers.every((s) => versions.get(s.id) === 1));
    });

    it("when several documents are asked for at once, then those that exist come back as get gives them", async () => {
      const wanted = ["s03", "does-not-exist", "s01", "s07"];
      const docs = await engine.getMany("suppliers", wanted);
      assert.deepEqual(sorted(docs.map((d) => d.id)), ["s01", "s03", "s07"]);
      for (const doc of docs) assert.deepEqual(doc, await engine.get("suppliers", doc.id));
      assert.deepEqual(await engine.getMany("suppliers", []), []);
    });

    it("when a document is upserted again, then the new version replaces the old one", async () => {
      const old = suppliers.find((s) => s.id === "s05") as SupplierSearchDoc;
      await engine.upsert("suppliers", [{ ...old, version: 2, capabilities: "Tunnelvask og veivedlikehold." }]);
      assert.equal((await engine.get("suppliers", "s05"))?.version, 2);
      assert.deepEqual(ids(await find({ q: "tunnelvask" })), ["s05"]);
      assert.equal((await find({ q: "asfaltering" })).total, 0);
      assert.equal((await engine.versions("suppliers")).get("s05"), 2);
      assert.equal((await find({})).total, suppliers.length);
    });

    it("when a document is removed, then it is gone from get, search and versions", async () => {
      await engine.remove("suppliers", ["s12", "does-not-exist"]);
      assert.equal(await engine.get("suppliers", "s12"), undefined);
      assert.equal((await find({ q: "arkitektur" })).total, 0);
      assert.equal((await engine.versions("suppliers")).has("s12"), false);
      assert.equal((await find({})).total, suppliers.length - 1);
    });

    it("when an index is cleared, then it is empty and the engine still answers", async () => {
      await engine.clear("needs");
      assert.equal((await engine.search("needs", {})).total, 0);
      assert.equal((await engine.versions("needs")).size, 0);
      assert.equal(await engine.ping(), true);
    });
  });
}

/** Reads a double-quoted value the way Meilisearch's filter parser does (quoted_by, then unescape). */
function readMeiliString(expr: string, start: number): { value: string; end: number } {
  let i = start + 1;
  while (i < expr.length && expr[i] !== '"') i += expr[i] === "\\" ? 2 : 1;
  return {
    value: expr
      .slice(start + 1, i)
      .replaceAll('\\"', '"')
      .replaceAll("\\\\", "\\"),
    end: i,
  };
}

describe("Meilisearch filter expressions (compiled without a server)", () => {
  const hostile = ['x" OR status = "draft', '\\"', "\\", ") OR (1=1", "a\nOR b = 1", "🦀 Æøå 'x'", '\\\\" OR "'];

  it("when values are hostile, then each stays one quoted literal that reads back unchanged", () => {
    for (const value of hostile) {
      const expr = meiliFilter([{ field: "municipality", op: "eq", value }], searchSettings.suppliers);
      assert.ok(expr.startsWith('municipality = "'), expr);
      const { value: read, end } = readMeiliString(expr, "municipality = ".length);
      assert.equal(read, value);
      assert.equal(end, expr.length - 1, `nothing after the literal: ${expr}`);
    }
  });

  it("when filters combine, then they are ANDed, `in` becomes IN [...], numbers and booleans stay bare", () => {
    const expr = meiliFilter(
      [
        { field: "county", op: "in", values: ["31", 46] },
        { field: "national", op: "eq", value: true },
        { field: "updatedAt", op: "gte", value: 1_700_000_000_000 },
        { field: "updatedAt", op: "lte", value: 0.5 },
      ],
      searchSettings.suppliers,
    );
    assert.equal(
      expr,
      'county IN ["31", "46"] AND national = true AND updatedAt >= 1700000000000 AND updatedAt <= 0.5',
    );
  });

  it("when a field is not filterable or a number is not finite, then AppError invalid is thrown", () => {
    const check = (fn: () => unknown) =>
      assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === "invalid");
    check(() => meiliFilter([{ field: "description", op: "eq", value: "x" }], searchSettings.suppliers));
    check(() => meiliFilter([{ field: "x) OR (1", op: "eq", value: "x" }], searchSettings.suppliers));
    check(() =>
      meiliFilter([{ field: "updatedAt", op: "gte", value: Number.POSITIVE_INFINITY }], searchSettings.suppliers),
    );
  });
});
