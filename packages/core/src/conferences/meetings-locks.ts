/**
 * The organiser locks an accepted request's meeting at a table and slot (its place in the latest version,
 * or one it picks: a move), and unlocks it. A place picked must be a slot of the meetings grid, a table of
 * the conference and a time both sides are available (400 naming the field); it must not double-book a
 * table, a side beyond its representatives or a side beyond its `maxMeetings` among the locks (409). Those
 * rules are unique claims (meeting-lock.model.ts), so racing locks cannot break them. Every generation
 * keeps the locked meetings exactly where they are (meetings-input.ts).
 */
import { type Actor, actorOrgId } from "../auth/actor";
import { conflict, invalid, notFound, type FieldIssue } from "../errors";
import { isDuplicateKey, isObjectId } from "../platform/ids";
import { claimFirstFree, releaseClaims } from "./claims";
import { conferenceRegistrations, loadOrganised } from "./conferences.service";
import { conferenceLocks, dropLock, lockNeeds, MeetingLock, type MeetingLockRecord } from "./meeting-lock.model";
import { ConferenceMeetingRequest, type MeetingRequestRecord } from "./meetings.model";
import { dialogueClosed } from "./meetings.service";
import type { RegistrationRecord } from "./registration.model";
import { conferenceSchedules } from "./schedule-store";
import { cutSlots, type Slot } from "./scheduler/instance";
import { osloIso } from "./times";

export interface LockInput {
  requestId: string;
  table?: string;
  start?: Date;
}

export const presentLock = (l: MeetingLockRecord) => ({
  requestId: l._id,
  conferenceId: l.conferenceId,
  buyerOrgId: l.buyerOrgId,
  supplierOrgId: l.supplierOrgId,
  table: l.table,
  start: osloIso(l.start),
  end: osloIso(l.end),
  lockedAt: l.at.toISOString(),
});

/** The slots of the conference's meetings grid. */
export function meetingSlots(m: { start: Date; end: Date; slotMinutes: number; breakMinutes?: number }): Slot[] {
  return cutSlots({ start: m.start.getTime(), end: m.end.getTime() }, m.slotMinutes, m.breakMinutes ?? 0, []);
}

/** Whether the registration's availability (none given: the whole grid) holds the slot. */
export const availableIn = (reg: Pick<RegistrationRecord, "availability">, slot: Slot) =>
  !reg.availability || reg.availability.some((w) => w.start.getTime() <= slot.start && slot.end <= w.end.getTime());

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function acceptedRequest(conferenceId: string, requestId: string) {
  const request = await ConferenceMeetingRequest.findById(requestId).lean<MeetingRequestRecord>();
  if (!request || request.conferenceId !== conferenceId)
    throw invalid("No such meeting request", [{ path: "requestId", message: "is not a request of this conference" }]);
  if (request.status !== "accepted")
    throw conflict(`Only an accepted request is locked; this one is ${request.status}`);
  if (request.buyerRanking === "no_thanks" || request.supplierRanking === "no_thanks")
    throw conflict("A side has said no thanks (a veto): the meeting cannot be locked");
  if (await dialogueClosed(request.needId))
    throw conflict("The dialogue about this need has closed (the tender is announced)");
  return request;
}

/** The place asked for: table and start both, or neither (its place in the latest version). */
async function placeOf(conferenceId: string, input: LockInput): Promise<{ table: string; start: Date }> {
  if (input.table !== undefined && input.start !== undefined) return { table: input.table, start: input.start };
  if (input.table !== undefined || input.start !== undefined) {
    const missing = input.table === undefined ? "table" : "start";
    throw invalid("A place is a table and a start", [{ path: missing, message: "is required with the other" }]);
  }
  const latest = (await conferenceSchedules(conferenceId)).at(-1);
  const meeting = latest?.meetings.find((m) => m.requestId === input.requestId);
  if (!meeting) throw conflict("The request is not scheduled in the latest version: name a table and a start");
  return { table: meeting.table, start: meeting.start };
}

export async function lockMeeting(actor: Actor, conferenceId: string, input: LockInput) {
  const conference = await loadOrganised(actor, conferenceId);
  const m = conference.meetings;
  if (!m) throw conflict("The conference has no meetings block (window, slots, tables)");
  const id = conference._id.toString();
  const request = await acceptedRequest(id, input.requestId);
  const regs = (await conferenceRegistrations(id)).filter((r) => r.status === "registered");
  const sides = [
    ["buyer", regs.find((r) => r.orgId === request.buyerOrgId)],
    ["supplier", regs.find((r) => r.orgId === request.supplierOrgId)],
  ] as const;
  if (sides.some(([, reg]) => !reg)) throw conflict("A side of the request is no longer registered");
  const place = await placeOf(id, input);
  const slot = meetingSlots(m).find((s) => s.start === place.start.getTime());
  const issues: FieldIssue[] = [];
  if (!slot) issues.push({ path: "start", message: "is not the start of a meeting slot" });
  if (!m.tables.includes(place.table)) issues.push({ path: "table", message: "is not a table of the conference" });
  for (const [side, reg] of sides)
    if (slot && !availableIn(reg!, slot)) issues.push({ path: "start", message: `the ${side} is not available then` });
  if (issues.length) throw invalid("The meeting cannot be locked there", issues);

  const requestId = input.requestId;
  try {
    await MeetingLock.create({
      _id: requestId,
      conferenceId: id,
      buyerOrgId: request.buyerOrgId,
      supplierOrgId: request.supplierOrgId,
      table: place.table,
      start: new Date(slot!.start),
      end: new Date(slot!.end),
      lockedBy: actorOrgId(actor) ?? "admin",
      at: new Date(),
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict("The meeting is locked already: unlock it to move it");
    throw error;
  }
  const claimed: string[] = [];
  const take = async (ids: string[], refusal: string) => {
    const got = await claimFirstFree(ids, id, requestId, lockNeeds);
    if (!got) throw conflict(refusal);
    claimed.push(got);
  };
  try {
    await take([`${id}-place-${slot!.start}-${place.table}`], `${place.table} has another locked meeting then`);
    for (const [side, reg] of sides) {
      const busy = range(Math.max(1, reg!.participants.length)).map(
        (k) => `${id}-busy-${reg!.orgId}-${slot!.start}-${k}`,
      );
      await take(busy, `The ${side} has as many locked meetings then as representatives`);
      if (reg!.maxMeetings !== undefined && reg!.maxMeetings !== null)
        await take(
          range(reg!.maxMeetings).map((k) => `${id}-count-${reg!.orgId}-${k}`),
          `The ${side}'s locked meetings reach its maximum of ${reg!.maxMeetings} meetings`,
        );
    }
    await MeetingLock.updateOne({ _id: requestId }, { $set: { claims: claimed } });
  } catch (error) {
    await releaseClaims(claimed, requestId);
    await MeetingLock.deleteOne({ _id: requestId });
    throw error;
  }
  return presentLock((await MeetingLock.findById(requestId).lean<MeetingLockRecord>())!);
}

export async function unlockMeeting(actor: Actor, conferenceId: string, requestId: string): Promise<void> {
  const conference = await loadOrganised(actor, conferenceId);
  const lock = isObjectId(requestId) ? await MeetingLock.findById(requestId).lean<MeetingLockRecord>() : null;
  if (!lock || lock.conferenceId !== conference._id.toString()) throw notFound("Lock");
  await dropLock(requestId);
}

export async function listLocks(actor: Actor, conferenceId: string) {
  const conference = await loadOrganised(actor, conferenceId);
  return { items: (await conferenceLocks(conference._id.toString())).map(presentLock) };
}
