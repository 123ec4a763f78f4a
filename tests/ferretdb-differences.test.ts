/**
 * What FerretDB 1.24 does differently from MongoDB and the code works around (README, "Database
 * compatibility"). Each test pins the difference, so an upgrade that removes one shows up here; they are
 * skipped against a real MongoDB (no `ferretdbVersion` in buildInfo).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connectStorage, ObjectId, type Client, type Db, type Doc, where } from "./helpers/storage";

describe("FerretDB differences the code works around", () => {
  let client: Client;
  let db: Db;
  let ferretdb = false;
  const coll = () => db.collection("needs");

  before(async () => {
    ({ client, db, ferretdb } = await connectStorage("differences"));
    await coll().insertMany([
      { buyer: "a", valueMax: 10, counties: ["31", "32"] },
      { buyer: "a", valueMax: 20, counties: ["32"] },
      { buyer: "b", valueMax: 5, counties: ["03"] },
    ]);
  });
  after(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  it("when a $group has a second accumulator, then FerretDB returns 0 for it (the pipeline uses one $sum)", async (t) => {
    if (!ferretdb) return t.skip("MongoDB computes every accumulator");
    const rows = await coll()
      .aggregate([{ $group: { _id: "$buyer", n: { $sum: 1 }, total: { $sum: "$valueMax" } } }, { $sort: { _id: 1 } }])
      .toArray();
    assert.deepEqual(rows, [
      { _id: "a", n: 2, total: 0 },
      { _id: "b", n: 1, total: 0 },
    ]);
    const single = await coll()
      .aggregate([{ $group: { _id: "$buyer", total: { $sum: "$valueMax" } } }, { $sort: { _id: 1 } }])
      .toArray();
    assert.deepEqual(single, [
      { _id: "a", total: 30 },
      { _id: "b", total: 5 },
    ]);
  });

  for (const accumulator of ["$max", "$min", "$avg"]) {
    it(`when a $group uses ${accumulator}, then FerretDB refuses it as not implemented (sums are count × value)`, async (t) => {
      if (!ferretdb) return t.skip(`MongoDB implements ${accumulator}`);
      await assert.rejects(
        coll()
          .aggregate([{ $group: { _id: null, v: { [accumulator]: "$valueMax" } } }])
          .toArray(),
        (error: { codeName?: string }) => error.codeName === "NotImplemented",
      );
    });
  }

  it("when $unwind runs, then FerretDB keeps only _id and the unwound field (counties are rolled up in code)", async (t) => {
    if (!ferretdb) return t.skip("MongoDB keeps the other fields");
    const rows = await coll()
      .aggregate([{ $match: { buyer: "a" } }, { $unwind: "$counties" }])
      .toArray();
    assert.equal(rows.length, 3);
    assert.deepEqual(
      rows.map((row) => Object.keys(row).sort()),
      [
        ["_id", "counties"],
        ["_id", "counties"],
        ["_id", "counties"],
      ],
    );
  });

  it("when an ObjectId and the string of its hex are both used as _id, then FerretDB calls them duplicates", async (t) => {
    if (!ferretdb) return t.skip("MongoDB tells the types apart");
    const ids = db.collection<Doc>("ids");
    const id = new ObjectId();
    await ids.insertOne({ _id: id });
    await assert.rejects(ids.insertOne({ _id: id.toHexString() }), (error: { code?: number }) => error.code === 11000);
    assert.equal(await ids.findOne(where({ _id: id.toHexString() })), null, "but a lookup still tells them apart");
  });
});
