/**
 * Meetings locked by the organiser at a table and slot: kept exactly there by every later generation.
 * `_id` is the request's, so a request is locked once. The rules that must hold between locks are unique
 * claims (claims.ts), taken after the lock's insert and listed on it: its place
 * (`conferenceId-place-<start ms>-<table>`), each side's presence in the slot (`…-busy-<org>-<start ms>-k`,
 * k up to its representatives) and, where a side has `maxMeetings`, one of its locked meetings
 * (`…-count-<org>-k`, k up to the maximum).
 */
import { Schema, model } from "mongoose";
import { releaseClaims, type StillNeeded } from "./claims";

const lockSchema = new Schema({
  _id: { type: String, required: true },
  conferenceId: { type: String, required: true },
  buyerOrgId: { type: String, required: true },
  supplierOrgId: { type: String, required: true },
  table: { type: String, required: true },
  start: { type: Date, required: true },
  end: { type: Date, required: true },
  claims: { type: [String], default: [] },
  lockedBy: { type: String, required: true },
  at: { type: Date, required: true },
});
// A conference's locks: the scheduler's input and the organisers' list (top-level equality).
lockSchema.index({ conferenceId: 1 });

export interface MeetingLockRecord {
  _id: string;
  conferenceId: string;
  buyerOrgId: string;
  supplierOrgId: string;
  table: string;
  start: Date;
  end: Date;
  claims: string[];
  lockedBy: string;
  at: Date;
}
export const MeetingLock = model("ConferenceMeetingLock", lockSchema);

export const conferenceLocks = async (conferenceId: string) =>
  (await MeetingLock.find({ conferenceId }).lean<MeetingLockRecord[]>()).sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1),
  );

/** A lock's claim is needed while its lock exists and lists it. */
export const lockNeeds: StillNeeded = async (c) =>
  (await MeetingLock.findById(c.owner, { claims: 1 }).lean<Pick<MeetingLockRecord, "claims">>())?.claims.includes(
    c._id,
  ) ?? false;

/** Removes the request's lock, if any, then frees its claims (left behind by a crash: taken over later). */
export async function dropLock(requestId: string): Promise<MeetingLockRecord | null> {
  const lock = await MeetingLock.findById(requestId).lean<MeetingLockRecord>();
  if (!lock) return null;
  await MeetingLock.deleteOne({ _id: requestId });
  await releaseClaims(lock.claims, requestId);
  return lock;
}
