/**
 * Fair first: as many suppliers as possible get a first meeting, then as many as possible a second, … (the
 * lexicographic profile of suppliers with at least 1, 2, … meetings). Checked against an exhaustive search
 * of every assignment on tiny instances, and on crafted ones where a greedy choice would go wrong. Then the
 * ranks: must before would_like.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scheduleMeetings, type ScheduleInput } from "@markedsdialog/core";
import { at, bruteForce, checkSchedule, compareProfiles, randomInstance, withinPrefixSums } from "./scheduler-helpers";

describe("scheduler: max-min fairness against an exhaustive search", () => {
  const shapes = [
    { buyers: 2, suppliers: 4, requests: 6, slots: 2, tables: 1 },
    { buyers: 2, suppliers: 5, requests: 8, slots: 3, tables: 2 },
    { buyers: 3, suppliers: 4, requests: 8, slots: 3, tables: 3, partTime: 0.5 },
    { buyers: 1, suppliers: 6, requests: 6, slots: 4, tables: 2, twoReps: 0.5 },
    { buyers: 3, suppliers: 3, requests: 7, slots: 3, tables: 2, maxima: 0.6 },
    { buyers: 3, suppliers: 5, requests: 8, slots: 3, tables: 2, partTime: 0.6, maxima: 0.5 },
    { buyers: 2, suppliers: 3, requests: 6, slots: 4, tables: 1, partTime: 0.7, maxima: 0.3 },
  ];
  for (const [i, shape] of shapes.entries())
    it(`when ${shape.requests} requests of ${shape.suppliers} suppliers meet ${shape.buyers} buyers in ${shape.slots} slots, then the profile is the best any assignment reaches and the bound holds (80 seeds)`, (t) => {
      let [everyoneOne, boundTight] = [0, 0];
      for (let seed = 1; seed <= 80; seed++) {
        const input = randomInstance(seed * 10 + i, { ...shape, vetoes: 0.1 });
        const result = scheduleMeetings(input);
        checkSchedule(input, result);
        const best = bruteForce(input);
        assert.equal(
          compareProfiles(result.fairness, best.profile),
          0,
          `seed ${seed * 10 + i}: profile ${JSON.stringify(result.fairness)}, best ${JSON.stringify(best.profile)}`,
        );
        assert.ok(
          result.upperBound >= best.most,
          `seed ${seed * 10 + i}: bound ${result.upperBound} < optimum ${best.most}`,
        );
        assert.ok(
          withinPrefixSums(best.profile, result.fairnessBound),
          `seed ${seed * 10 + i}: best profile over the bound`,
        );
        const suppliersWhoCan = new Set(input.requests.map((r) => r.supplierOrgId)).size;
        if (best.profile[0] === suppliersWhoCan) everyoneOne++;
        if (result.upperBound === best.most) boundTight++;
      }
      t.diagnostic(
        `every supplier could get one in ${everyoneOne} of 80; the bound equalled the optimum in ${boundTight}`,
      );
    });
});

describe("scheduler: fairness on crafted instances", () => {
  it("when a supplier's must would take the only buyer another supplier asked for, then both get one meeting instead", () => {
    // b1 and b2 each have one slot. s1 wants b1 badly and b2 a little; s2 asked only for b1.
    const input: ScheduleInput = {
      window: { start: at(0), end: at(40), slotMinutes: 20 },
      tables: ["1", "2"],
      participants: [
        { orgId: "b1", availability: [{ start: at(0), end: at(20) }] },
        { orgId: "b2", availability: [{ start: at(20), end: at(40) }] },
        { orgId: "s1" },
        { orgId: "s2" },
      ],
      requests: [
        { requestId: "s1-b1", buyerOrgId: "b1", supplierOrgId: "s1", buyerRank: "must", supplierRank: "must" },
        { requestId: "s1-b2", buyerOrgId: "b2", supplierOrgId: "s1" },
        { requestId: "s2-b1", buyerOrgId: "b1", supplierOrgId: "s2" },
      ],
      seed: 1,
    };
    const result = scheduleMeetings(input);
    checkSchedule(input, result);
    assert.deepEqual(result.meetings.map((m) => m.requestId).sort(), ["s1-b2", "s2-b1"]);
    assert.deepEqual(result.fairness, [2]);
    assert.equal(result.gap, 0);
  });

  it("when 20 suppliers ask 4 buyers with room for 30 meetings, then all 20 get one before any gets a second", () => {
    const suppliers = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const input: ScheduleInput = {
      window: { start: at(0), end: at(9 * 20), slotMinutes: 20 },
      tables: ["1", "2", "3", "4", "5"],
      participants: [
        ...["b0", "b1", "b2", "b3"].map((orgId, i) => ({ orgId, maxMeetings: [6, 6, 9, 9][i] })),
        ...suppliers.map((orgId) => ({ orgId })),
      ],
      // The first five suppliers ask every buyer, with musts; the others only one or two buyers.
      requests: suppliers.flatMap((s, i) =>
        (i < 5 ? ["b0", "b1", "b2", "b3"] : [`b${i % 4}`, ...(i % 3 === 0 ? [`b${(i + 1) % 4}`] : [])]).map((b) => ({
          requestId: `${s}-${b}`,
          buyerOrgId: b,
          supplierOrgId: s,
          supplierRank: i < 5 ? ("must" as const) : ("would_like" as const),
        })),
      ),
      seed: 3,
    };
    const result = scheduleMeetings(input);
    checkSchedule(input, result);
    assert.equal(result.fairness[0], 20, `profile ${JSON.stringify(result.fairness)}`);
    assert.equal(result.scheduled, 30, "and the buyers' room is used up");
    assert.equal(result.upperBound, 30);
  });

  it("when only one of two requests fits, then the one ranked must by both goes before would_like", () => {
    const input: ScheduleInput = {
      window: { start: at(0), end: at(20), slotMinutes: 20 },
      tables: ["1"],
      participants: [{ orgId: "b1" }, { orgId: "s1" }, { orgId: "s2" }],
      requests: [
        { requestId: "plain", buyerOrgId: "b1", supplierOrgId: "s1" },
        { requestId: "wanted", buyerOrgId: "b1", supplierOrgId: "s2", buyerRank: "must", supplierRank: "must" },
      ],
      seed: 9,
    };
    for (const seed of [1, 2, 3, 4, 5])
      assert.deepEqual(
        scheduleMeetings({ ...input, seed }).meetings.map((m) => m.requestId),
        ["wanted"],
      );
  });

  it("when a buyer wants at least three meetings but is there for two slots, then it gets two and the shortfall is reported", () => {
    const input: ScheduleInput = {
      window: { start: at(0), end: at(60), slotMinutes: 20 },
      tables: ["1", "2", "3"],
      participants: [
        { orgId: "b1", minMeetings: 3 },
        { orgId: "b2", minMeetings: 3, availability: [{ start: at(0), end: at(40) }] },
        { orgId: "s1" },
        { orgId: "s2" },
        { orgId: "s3" },
      ],
      requests: ["s1", "s2", "s3"].flatMap((s) =>
        ["b1", "b2"].map((b) => ({ requestId: `${s}-${b}`, buyerOrgId: b, supplierOrgId: s })),
      ),
      seed: 4,
    };
    const result = scheduleMeetings(input);
    checkSchedule(input, result);
    assert.equal(result.scheduled, 5);
    assert.deepEqual(result.belowMinimum, [{ orgId: "b2", minimum: 3, scheduled: 2 }]);
  });
});
