import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Types } from "mongoose";
import { appendNeedChange, needChanges } from "@markedsdialog/core/needs/history";
import { startHarness, type Harness } from "./helpers/harness";

describe("a need's change log", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness("need_history");
  });
  after(async () => h.close());

  it("when writers of consecutive versions log a need's first changes at once, then none of them fails", async () => {
    // Found by tests/processes.test.ts: both upserts of the first entry found no document and one insert
    // failed on the _id, which answered a status change with 500. (On FerretDB concurrent $push updates of
    // one document can still lose an entry: its updates are not atomic between connections.)
    for (let round = 0; round < 5; round++) {
      const needId = new Types.ObjectId();
      const entries = Array.from({ length: 6 }, (_, i) => ({
        at: new Date(),
        actor: { type: "admin" },
        kind: "status" as const,
        fields: ["status"],
        version: i + 2,
      }));
      const results = await Promise.allSettled(entries.map((entry) => appendNeedChange(needId, entry)));
      assert.deepEqual(
        results.filter((r) => r.status === "rejected"),
        [],
      );
      const logged = (await needChanges(needId)).map((e) => e.version);
      assert.ok(logged.length > 0 && logged.every((v) => v !== undefined && v >= 2 && v <= 7), String(logged));
    }
  });
});
