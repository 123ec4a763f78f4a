/**
 * The scheduler against a real MILP solver (HiGHS, bench/schedule-milp.ts, written from the input alone):
 * on tiny generated conferences its profile of suppliers with at least 1, 2, … meetings is the exact
 * lexicographic optimum, its upper bound is at least the most meetings any schedule holds, and its weight
 * is at most the exact optimum's for that profile; where the tables decide which meetings go, the weight is
 * the optimum's too. The full comparison is `npm run bench:schedule-exact`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scheduleMeetings } from "@markedsdialog/core";
import { conference, smallShape } from "../../bench/schedule-data";
import { solveExact } from "../../bench/schedule-milp";

describe("scheduler: against the exact optimum (HiGHS)", () => {
  it(
    "when 8 tiny conferences are scheduled, then each profile is the exact optimum, the bound holds and the weight is at most the optimum's",
    { timeout: 120_000 },
    async (t) => {
      let sameWeight = 0;
      for (let seed = 1; seed <= 8; seed++) {
        const input = conference(seed, {
          buyers: 3,
          suppliers: 8,
          requests: 14,
          slots: 4 + (seed % 3),
          tables: 2,
          buyerMax: [2, 5],
          supplierMax: [1, 3],
        });
        const result = scheduleMeetings(input);
        const exact = await solveExact(input);
        assert.deepEqual(result.fairness, exact.profile, `seed ${seed}: profile against HiGHS`);
        assert.ok(result.upperBound >= exact.most, `seed ${seed}: bound ${result.upperBound} < optimum ${exact.most}`);
        assert.ok(result.scheduled <= exact.most, `seed ${seed}: more meetings than HiGHS finds possible`);
        assert.ok(result.weight <= exact.weight, `seed ${seed}: weight over the exact optimum`);
        if (result.weight === exact.weight) sameWeight++;
      }
      t.diagnostic(`weight equal to the exact optimum in ${sameWeight} of 8`);
    },
  );

  it(
    "when the tables decide which requests meet (8 of the benchmark's small conferences, each once one rank short), then the weight is the exact optimum's",
    { timeout: 120_000 },
    async () => {
      for (const seed of [5, 6, 9, 24, 31, 52, 53, 55]) {
        const input = conference(seed, smallShape(seed));
        const result = scheduleMeetings(input);
        const exact = await solveExact(input);
        assert.deepEqual(result.fairness, exact.profile, `seed ${seed}: profile against HiGHS`);
        assert.equal(result.boundBy, "tables", `seed ${seed}: the tables are the limit`);
        assert.equal(result.gap, 0, `seed ${seed}: every table of every slot used`);
        assert.equal(result.weight, exact.weight, `seed ${seed}: weight against HiGHS`);
      }
    },
  );

  it(
    "when placement leaves part of the best choice out (3 small conferences), then a complete search places all of it and the weight is the exact optimum's",
    { timeout: 120_000 },
    async () => {
      for (const seed of [10, 16, 17]) {
        const input = conference(seed, smallShape(seed));
        const result = scheduleMeetings(input);
        const exact = await solveExact(input);
        assert.deepEqual(result.fairness, exact.profile, `seed ${seed}: profile against HiGHS`);
        assert.equal(result.weight, exact.weight, `seed ${seed}: weight against HiGHS`);
      }
    },
  );
});
