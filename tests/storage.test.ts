/**
 * The storage under the service, through the MongoDB driver: `_id` and single-field equality give exactly
 * the documents a full scan gives (FerretDB's patched pushdown, scripts/ferretdb/*.patch), and on FerretDB
 * they are answered from PostgreSQL's indexes. The reference answer is the same filter written with `$in`,
 * which FerretDB never pushes down: it reads the whole collection and filters in its own code.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mongoose from "mongoose";
import type pg from "pg";
import { eventually } from "./helpers/harness";
import {
  MongoClient,
  ObjectId,
  connectPostgres,
  connectStorage,
  needDoc,
  scanCounts,
  tableOf,
  type Client,
  type Db,
  type Doc,
  where,
} from "./helpers/storage";

const { Double, Int32, Long } = mongoose.mongo;

describe("storage: lookups by _id and by field, through the driver", () => {
  let client: Client;
  let db: Db;
  let ferretdb = false;
  let pgClient: pg.Client | undefined;
  const buyers = Array.from({ length: 200 }, () => new ObjectId()); // 10 needs each: an index is worth it
  const needs = Array.from({ length: 2000 }, (_, i) => ({ _id: new ObjectId(), ...needDoc(i, buyers) }));
  const named = Array.from({ length: 50 }, (_, i) => ({ _id: `need-${i}`, ...needDoc(i, buyers) }));
  const odd: Doc[] = [
    { _id: 7, kind: "int32" },
    { _id: Long.fromNumber(9), kind: "int64" },
    { _id: 2.5, kind: "double" },
    { _id: new Date(Date.UTC(2026, 5, 1)), kind: "date" },
    { _id: true, kind: "bool" },
    { _id: { org: "a", n: 1 }, kind: "document" },
  ];
  const coll = () => db.collection<Doc>("needs");
  const ids = (docs: Doc[]) => docs.map((d) => JSON.stringify(d._id)).sort();
  const reference = (filter: Record<string, unknown>) =>
    coll()
      .find(where(Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, { $in: [v] }]))))
      .toArray();

  before(async () => {
    ({ client, db, ferretdb } = await connectStorage("storage"));
    pgClient = ferretdb ? await connectPostgres() : undefined;
    await coll().insertMany([...needs, ...named, ...odd]);
  });
  after(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
    await pgClient?.end();
  });

  it("when needs are read by _id, then PostgreSQL answers from the _id index and never scans the table", async (t) => {
    if (!pgClient) return t.skip("not FerretDB on the runner's PostgreSQL");
    const table = await tableOf(pgClient, db.databaseName, "needs");
    // Before the lookups only the _id index was built, on the empty table: no row was ever read by a scan.
    const start = await scanCounts(pgClient, db.databaseName, table);
    const sample = needs.filter((_, i) => i % 10 === 0);
    for (const need of sample) assert.equal((await coll().findOne(where({ _id: need._id })))?.["title"], need.title);
    // PostgreSQL publishes a backend's counters when it goes idle, at most about once a second.
    const end = await eventually(
      () => scanCounts(pgClient!, db.databaseName, table),
      (counts) => counts.idx - start.idx >= sample.length,
      30_000,
    );
    assert.equal(end.seqRows - start.seqRows, 0, "no row was read by a sequential scan");
    assert.ok(end.idIndex - start.idIndex >= sample.length, "the _id index served every lookup");
  });

  it("when FerretDB explains an _id lookup, then the plan is an index scan on the _id index", async (t) => {
    if (!ferretdb) return t.skip("explain output is FerretDB's");
    const reply = await db.command({ explain: { find: "needs", filter: { _id: needs[5]!._id } } });
    assert.equal(reply["filterPushdown"], true);
    const plan = JSON.stringify(reply["queryPlanner"]);
    assert.match(plan, /"Node Type":"Index Scan"/, plan);
    assert.match(plan, /"Index Name":"needs_[0-9a-f]+__id__[0-9a-f]+_idx"/, plan);
  });

  it("when ids of every kind are looked up, then each answer is exactly what a full scan gives", async () => {
    const probes: unknown[] = [
      ...needs.filter((_, i) => i % 200 === 0).map((d) => d._id),
      ...named.filter((_, i) => i % 10 === 0).map((d) => d._id),
      ...odd.map((d) => d._id),
      ...[new Double(7), Long.fromNumber(7), 7.0, new Int32(9), 9, Long.fromNumber(2)], // numbers match across types
      ...[new ObjectId(), "need-missing", 8, false, new Date(0)], // no such id
      needs[3]!._id.toHexString(), // a string is not the ObjectId with the same hex
    ];
    for (const id of probes) {
      const expected = ids(await reference({ _id: id }));
      assert.deepEqual(
        ids(
          await coll()
            .find(where({ _id: id }))
            .toArray(),
        ),
        expected,
        `{_id: ${String(id)}}`,
      );
      assert.deepEqual(
        ids(
          await coll()
            .find(where({ _id: { $eq: id } }))
            .toArray(),
        ),
        expected,
      );
      const one = await coll().findOne(where({ _id: id }));
      assert.deepEqual(one ? ids([one]) : [], expected);
    }
    assert.equal(await coll().findOne(where({ _id: new ObjectId() })), null, "a missing id gives null");
    assert.equal((await coll().findOne(where({ _id: 7.0 })))?.["kind"], "int32");
  });

  it("when needs are updated by _id, then exactly those change and a missing id matches nothing", async () => {
    const targets = [needs[10]!._id, named[3]!._id, 7, "need-missing", new ObjectId()] as unknown[];
    const before = new Map((await coll().find().toArray()).map((d) => [JSON.stringify(d._id), d]));
    let matched = 0;
    for (const id of targets) {
      const res = await coll().updateOne(where({ _id: id }), { $set: { title: "Oppdatert", edited: true } });
      matched += res.matchedCount;
    }
    assert.equal(matched, 3);
    const changed = (await coll().find().toArray()).filter(
      (d) => JSON.stringify(d) !== JSON.stringify(before.get(JSON.stringify(d._id))),
    );
    assert.deepEqual(ids(changed), ids([{ _id: needs[10]!._id }, { _id: named[3]!._id }, { _id: 7 }]));
    assert.ok(changed.every((d) => d["title"] === "Oppdatert" && d["edited"] === true));
  });

  it("when needs are deleted by _id, then exactly those go", async () => {
    const total = await coll().countDocuments();
    const gone = [needs[20]!._id, named[4]!._id, true] as unknown[];
    for (const id of gone) assert.equal((await coll().deleteOne(where({ _id: id }))).deletedCount, 1);
    assert.equal((await coll().deleteOne(where({ _id: new ObjectId() }))).deletedCount, 0);
    assert.equal(await coll().countDocuments(), total - gone.length);
    for (const id of gone) assert.deepEqual(await reference({ _id: id }), []);
    assert.equal((await coll().findOne(where({ _id: needs[21]!._id })))?.["title"], needs[21]!.title);
  });

  it("when needs are filtered by an indexed field, then arrays holding the value match too and the index is used", async () => {
    await coll().createIndex({ buyerId: 1, status: 1 });
    await coll().insertMany([
      { _id: "shared", buyerId: [buyers[1], buyers[2]], status: "published" }, // one need, two buyers
      { _id: "empty", buyerId: [], status: "published" },
      { _id: "doc", buyerId: { id: buyers[1] }, status: "published" },
      { _id: "null", buyerId: null, status: ["draft", "published"] },
    ]);
    const filters = [
      { buyerId: buyers[1] },
      { buyerId: buyers[2], status: "published" },
      { status: "published" },
      { buyerId: new ObjectId() },
    ];
    for (const filter of filters) {
      const expected = ids(await reference(filter));
      assert.deepEqual(ids(await coll().find(filter).toArray()), expected, JSON.stringify(filter));
    }
    assert.ok(ids(await coll().find({ buyerId: buyers[1] }).toArray()).includes('"shared"'));
    if (!ferretdb) return;
    const reply = await db.command({ explain: { find: "needs", filter: { buyerId: buyers[3] } } });
    assert.match(JSON.stringify(reply["queryPlanner"]), /"Node Type":"Bitmap Index Scan"/);
  });

  it("when 20 connections insert the same unique key at once, then exactly one wins", async () => {
    const claims = db.collection("claims");
    await claims.createIndex({ entity: 1, entityId: 1, version: 1 }, { unique: true });
    const url = process.env["MONGO_URL"]!;
    const racers = await Promise.all(
      Array.from({ length: 20 }, () => new MongoClient(url, { maxPoolSize: 1 }).connect()),
    );
    try {
      for (let round = 0; round < 5; round++) {
        const results = await Promise.allSettled(
          racers.map((racer, i) =>
            racer
              .db(db.databaseName)
              .collection("claims")
              .insertOne({ entity: "need", entityId: `n${round}`, version: 2, racer: i }),
          ),
        );
        assert.equal(results.filter((r) => r.status === "fulfilled").length, 1, `round ${round}`);
        assert.equal(await claims.countDocuments({ entityId: `n${round}` }), 1);
      }
    } finally {
      await Promise.all(racers.map((racer) => racer.close()));
    }
  });
});
