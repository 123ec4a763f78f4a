/** The need a job carries: back as the record its writer wrote, in the new form and in the old. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Types } from "mongoose";
import { Need, type NeedRecord } from "@markedsdialog/core/needs/need.model";
import { needFromSnapshot, needSnapshot } from "@markedsdialog/core/needs/snapshot";

const written = (): NeedRecord => {
  const at = new Date("2027-03-28T06:00:00.000Z");
  const need = new Need({
    _id: new Types.ObjectId(),
    buyerId: new Types.ObjectId(),
    buyerName: "Nordre Follo kommune",
    title: "Vinterdrift av kommunale veier",
    challenge: "Brøyting med færre utslipp.",
    cpv: ["90620000-9"],
    cpvCodes: ["90000000", "90600000", "90620000"],
    cpvDivision: "90",
    estimatedValueNok: { min: 10_000_000, max: 20_000_000 },
    municipalities: ["3207"],
    counties: ["32"],
    procedure: "open",
    timeline: { dialogueOpens: at, durationMonths: 48 },
    milestones: [{ kind: "dialogue_conference", title: "Dialogkonferanse", date: at, location: "Ski" }],
    status: "published",
    publishedAt: at,
    createdBy: { at, type: "organization", orgId: "65f000000000000000000001", name: "Nordre Follo kommune" },
  });
  Object.assign(need, { createdAt: at, updatedAt: at });
  return need.toObject() as NeedRecord;
};
/** What the queue does to job data. */
const throughQueue = (data: unknown): unknown => JSON.parse(JSON.stringify(data));

describe("a need carried by a job", () => {
  it("comes back from its snapshot with the same dates and ids as written", () => {
    const need = written();
    const back = needFromSnapshot(throughQueue(needSnapshot(need)), need._id.toString(), need.version);
    assert.ok(back);
    assert.deepEqual(back, need);
    assert.ok(back._id instanceof Types.ObjectId && back.buyerId instanceof Types.ObjectId);
    assert.ok(back.milestones[0]?.date instanceof Date && back.timeline?.dialogueOpens instanceof Date);
  });

  it("comes back the same from plain JSON, as jobs enqueued before snapshots carried it", () => {
    const need = written();
    const back = needFromSnapshot(throughQueue(need), need._id.toString(), need.version);
    assert.deepEqual(throughQueue(back), throughQueue(need));
    assert.ok(back?.publishedAt instanceof Date);
  });

  it("is refused for another need or another version, or when it is not a need", () => {
    const need = written();
    const snapshot = throughQueue(needSnapshot(need));
    assert.equal(needFromSnapshot(snapshot, new Types.ObjectId().toString(), need.version), undefined);
    assert.equal(needFromSnapshot(snapshot, need._id.toString(), need.version + 1), undefined);
    assert.equal(needFromSnapshot("a need", need._id.toString(), need.version), undefined);
    assert.equal(needFromSnapshot(undefined, need._id.toString(), need.version), undefined);
  });
});
