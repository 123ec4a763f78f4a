/**
 * The scheduler's hard rules on generated instances, checked from the input and the answer alone
 * (scheduler-helpers.ts): nobody in two places at once beyond their representatives, no table double-booked,
 * availability, maxima and vetoes respected, every request either scheduled or with a reason that holds,
 * the upper bound at least what was scheduled.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scheduleMeetings, type ScheduleInput } from "@markedsdialog/core";
import { at, checkSchedule, randomInstance } from "./scheduler-helpers";

const base = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  window: { start: at(0), end: at(60), slotMinutes: 20 },
  tables: ["Bord 1", "Bord 2"],
  participants: [{ orgId: "b1" }, { orgId: "b2" }, { orgId: "s1" }, { orgId: "s2" }, { orgId: "s3" }],
  requests: [],
  seed: 7,
  ...over,
});

describe("scheduler: rules on generated instances", () => {
  const shapes = [
    { buyers: 3, suppliers: 6, requests: 14, slots: 4, tables: 2 },
    { buyers: 5, suppliers: 12, requests: 40, slots: 6, tables: 3, twoReps: 0.3 },
    { buyers: 8, suppliers: 30, requests: 120, slots: 9, tables: 5, partTime: 0.5 },
    { buyers: 4, suppliers: 20, requests: 60, slots: 8, tables: 10, maxima: 0.6 },
    { buyers: 10, suppliers: 40, requests: 200, slots: 12, tables: 6, vetoes: 0.25 },
  ];
  for (const [i, shape] of shapes.entries())
    it(`when ${shape.buyers} buyers and ${shape.suppliers} suppliers ask for ${shape.requests} meetings in ${shape.slots} slots at ${shape.tables} tables, then every rule holds (40 seeds)`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const input = randomInstance(seed * 100 + i, shape);
        checkSchedule(input, scheduleMeetings(input));
      }
    });

  it("with breaks between slots and a lunch break, slots are cut around them and meetings keep to them", () => {
    const input = randomInstance(5, { buyers: 4, suppliers: 10, requests: 30, slots: 10, tables: 3 });
    input.breaks = [{ start: at(100), end: at(140) }];
    const result = scheduleMeetings(input);
    checkSchedule(input, result);
    assert.ok(result.meetings.every((m) => m.end <= at(100) || m.start >= at(140)));
  });
});

describe("scheduler: why a request was not scheduled", () => {
  it("when either side says no thanks, then the meeting is vetoed, whatever else is free", () => {
    const result = scheduleMeetings(
      base({
        requests: [
          { requestId: "r1", buyerOrgId: "b1", supplierOrgId: "s1", buyerRank: "no_thanks", supplierRank: "must" },
          { requestId: "r2", buyerOrgId: "b1", supplierOrgId: "s2", supplierRank: "no_thanks" },
        ],
      }),
    );
    assert.equal(result.scheduled, 0);
    assert.deepEqual(
      result.unscheduled.map((u) => [u.reason, u.explanation]),
      [
        ["veto", "Kjøperen har svart «nei takk» til dette møtet."],
        ["veto", "Leverandøren har svart «nei takk» til dette møtet."],
      ],
    );
  });

  it("when the two are never available at the same time, then there is no common availability", () => {
    const result = scheduleMeetings(
      base({
        participants: [
          { orgId: "b1", availability: [{ start: at(0), end: at(20) }] },
          { orgId: "s1", availability: [{ start: at(20), end: at(60) }] },
        ],
        requests: [{ requestId: "r1", buyerOrgId: "b1", supplierOrgId: "s1" }],
      }),
    );
    assert.equal(result.unscheduled[0]?.reason, "no_common_availability");
    assert.equal(result.upperBound, 0);
  });

  it("when the buyer accepts one meeting, then the second supplier is told the buyer's maximum is reached", () => {
    const result = scheduleMeetings(
      base({
        participants: [{ orgId: "b1", maxMeetings: 1 }, { orgId: "s1" }, { orgId: "s2" }],
        requests: [
          { requestId: "r1", buyerOrgId: "b1", supplierOrgId: "s1", buyerRank: "must" },
          { requestId: "r2", buyerOrgId: "b1", supplierOrgId: "s2" },
        ],
      }),
    );
    assert.deepEqual(
      result.meetings.map((m) => m.requestId),
      ["r1"],
    );
    assert.deepEqual(
      result.unscheduled.map((u) => u.reason),
      ["buyer_maximum_reached"],
    );
    assert.equal(result.upperBound, 1);
  });

  it("when the supplier accepts one meeting, then its other requests say so", () => {
    const result = scheduleMeetings(
      base({
        participants: [{ orgId: "b1" }, { orgId: "b2" }, { orgId: "s1", maxMeetings: 1 }],
        requests: [
          { requestId: "r1", buyerOrgId: "b1", supplierOrgId: "s1" },
          { requestId: "r2", buyerOrgId: "b2", supplierOrgId: "s1", supplierRank: "must" },
        ],
      }),
    );
    assert.deepEqual(
      result.meetings.map((m) => m.requestId),
      ["r2"],
      "the must first",
    );
    assert.deepEqual(
      result.unscheduled.map((u) => u.reason),
      ["supplier_maximum_reached"],
    );
  });

  it("when the buyer's only slot is taken by another meeting, then there is no common free slot", () => {
    const result = scheduleMeetings(
      base({
        participants: [
          { orgId: "b1", availability: [{ start: at(0), end: at(20) }] },
          { orgId: "s1" },
          { orgId: "s2" },
        ],
        requests: [
          { requestId: "r1", buyerOrgId: "b1", supplierOrgId: "s1", buyerRank: "must" },
          { requestId: "r2", buyerOrgId: "b1", supplierOrgId: "s2" },
        ],
      }),
    );
    assert.deepEqual(
      result.unscheduled.map((u) => [u.requestId, u.reason]),
      [["r2", "no_common_free_slot"]],
    );
  });

  it("when one table serves three slots and four pairs, then the fourth pair finds the tables full", () => {
    const result = scheduleMeetings(
      base({
        tables: ["Rom A"],
        participants: ["b1", "b2", "s1", "s2", "s3", "s4"].map((orgId) => ({ orgId })),
        requests: [1, 2, 3, 4].map((i) => ({
          requestId: `r${i}`,
          buyerOrgId: `b${(i % 2) + 1}`,
          supplierOrgId: `s${i}`,
        })),
      }),
    );
    assert.equal(result.scheduled, 3);
    assert.deepEqual(
      result.unscheduled.map((u) => u.reason),
      ["tables_full"],
    );
    assert.equal(result.upperBound, 3, "three slots of one table");
    assert.equal(result.boundBy, "tables");
    assert.ok(result.meetings.every((m) => m.table === "Rom A"));
  });

  it("when an organisation registered two representatives, then it holds two meetings at once, and never three", () => {
    const input = base({
      window: { start: at(0), end: at(20), slotMinutes: 20 },
      tables: ["1", "2", "3"],
      participants: [{ orgId: "b1", representatives: 2 }, { orgId: "s1" }, { orgId: "s2" }, { orgId: "s3" }],
      requests: [1, 2, 3].map((i) => ({ requestId: `r${i}`, buyerOrgId: "b1", supplierOrgId: `s${i}` })),
    });
    const result = scheduleMeetings(input);
    checkSchedule(input, result);
    assert.equal(result.scheduled, 2);
    assert.equal(new Set(result.meetings.map((m) => m.start)).size, 1);
    assert.deepEqual(
      result.unscheduled.map((u) => u.reason),
      ["no_common_free_slot"],
    );
  });
});
