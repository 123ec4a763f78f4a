/**
 * The seat ledger of a conference: who holds a seat, who waits, in which order. FerretDB has no
 * transactions and loses concurrent updates, so a conference's registrations are written by one writer at
 * a time: the process that inserts the conference's `LedgerLock` (a unique `_id`, the one atomic step)
 * runs a pass and deletes the lock. Requests record what they want first (a registration, a cancellation)
 * and then wait until a pass has applied it, running the pass themselves when the lock is free, so
 * concurrent requests are decided together, in order. Seats are unique keys `conferenceId-seat-N` with N
 * in 1..capacity and unique per participant (seats.ts): even two writers at once (a lock taken over from
 * a writer presumed dead but alive) cannot put more people in the room than it holds.
 */
import { randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { isDuplicateKey } from "../platform/ids";
import { Conference, type ConferenceRecord } from "./conference.model";
import { Organization } from "../organizations/organization.model";
import { recordMessage } from "./messages";
import { confirmationMessage, promotedMessage, waitlistedMessage } from "./message-texts";
import { claimSeats, freeSeats, SEAT_GRACE_MS, sortSeats } from "./seats";
import {
  Cancellation,
  LedgerLock,
  Registration,
  Seat,
  type CancellationRecord,
  type HistoryEntry,
  type RegistrationRecord,
  type SeatRecord,
} from "./registration.model";

/** A lock older than this belongs to a writer presumed dead (a pass takes well under a second). */
const STALE_MS = SEAT_GRACE_MS;
/** How long a request waits for the ledger before answering 503 (what it recorded stays and is decided later). */
const WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function insertLock(conferenceId: string, holder: string): Promise<boolean> {
  try {
    await LedgerLock.create({ _id: conferenceId, holder, at: new Date() });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
}

async function tryLock(conferenceId: string, holder: string): Promise<boolean> {
  if (await insertLock(conferenceId, holder)) return true;
  const current = await LedgerLock.findById(conferenceId).lean<{ holder: string; at: Date }>();
  if (!current || current.at.getTime() > Date.now() - STALE_MS) return false;
  await LedgerLock.deleteOne({ _id: conferenceId, holder: current.holder });
  return insertLock(conferenceId, holder);
}

const unlock = (conferenceId: string, holder: string) => LedgerLock.deleteOne({ _id: conferenceId, holder });

const busy = () =>
  new AppError("unavailable", "The conference's registrations are busy; what was sent is recorded, check it shortly");

/** Holds the ledger's lock around `work`, waiting for it as long as WAIT_MS. */
async function withLedger<T>(conferenceId: string, work: () => Promise<T>): Promise<T> {
  const holder = randomBytes(8).toString("hex");
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 5; !(await tryLock(conferenceId, holder)); delay = Math.min(delay * 2, 80)) {
    if (Date.now() > deadline) throw busy();
    await sleep(delay + Math.random() * delay);
  }
  try {
    return await work();
  } finally {
    await unlock(conferenceId, holder);
  }
}

/**
 * Waits until `isDone` (what the request recorded has been applied), running passes whenever the lock is
 * free. A pass run by another request may already have applied it: most waiters never hold the lock.
 */
export async function settle(conferenceId: string, isDone: () => Promise<boolean>): Promise<void> {
  const holder = randomBytes(8).toString("hex");
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 5; !(await isDone()); delay = Math.min(delay * 2, 80)) {
    if (await tryLock(conferenceId, holder)) {
      try {
        await runPass(conferenceId);
      } finally {
        await unlock(conferenceId, holder);
      }
      continue;
    }
    if (Date.now() > deadline) throw busy();
    await sleep(delay + Math.random() * delay);
  }
}

/** Runs `work` as the ledger's only writer, between two passes; `cause` explains promotions after it. */
export function exclusive<T>(conferenceId: string, work: () => Promise<T>, cause?: string): Promise<T> {
  return withLedger(conferenceId, async () => {
    await runPass(conferenceId);
    const result = await work();
    await runPass(conferenceId, cause);
    return result;
  });
}

/** A pass after something outside the ledger freed seats (a capacity raised); `cause` explains promotions. */
export const promoteAfter = (conferenceId: string, cause: string) =>
  withLedger(conferenceId, () => runPass(conferenceId, cause));

/** Supplier organisations also get the conference's messages in their in-app inbox. */
export const isSupplierOrg = async (orgId: string) =>
  (await Organization.findById(orgId, { kind: 1 }).lean<{ kind: string }>())?.kind === "supplier";

export const entry = (event: HistoryEntry["event"], reason: string, at: Date): HistoryEntry => ({ at, event, reason });

const byArrival = (a: RegistrationRecord, b: RegistrationRecord) =>
  a.submittedAt.getTime() - b.submittedAt.getTime() || (a._id < b._id ? -1 : 1);

/**
 * One pass, as the only writer: drop seats no registration lists (a writer that died between its two
 * writes), apply cancellations, promote waitlisted registrations in their recorded order (the first that
 * fits as a whole delegation), then decide new registrations in order of arrival: seated if the whole
 * delegation fits, else waitlisted with the next number.
 */
export async function runPass(conferenceId: string, cause?: string): Promise<void> {
  const conference = await Conference.findById(conferenceId).lean<ConferenceRecord>();
  if (!conference) return;
  const [regs, seats, cancellations] = await Promise.all([
    Registration.find({ conferenceId }).lean<RegistrationRecord[]>(),
    Seat.find({ conferenceId }).lean<SeatRecord[]>(),
    Cancellation.find({ conferenceId }).lean<CancellationRecord[]>(),
  ]);
  const now = new Date();
  const byId = new Map(regs.map((r) => [r._id, r]));
  const { kept, stray } = sortSeats(seats, byId, now.getTime());
  await Promise.all(stray.map((s) => Seat.deleteOne({ _id: s._id })));
  const taken = new Set(kept.map((s) => s.seat));
  const held = new Map(kept.map((s) => [s.participantId, s.seat]));

  const cancelledNames: string[] = [];
  for (const c of cancellations.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const reg = byId.get(c._id);
    if (!reg || reg.status === "cancelled") continue;
    await Registration.updateOne(
      { _id: reg._id },
      { $set: { status: "cancelled", seats: [], history: [...reg.history, entry("cancelled", c.reason, now)] } },
    );
    await freeSeats(reg.participants);
    for (const p of reg.participants) {
      if (held.has(p.id)) taken.delete(held.get(p.id)!);
      held.delete(p.id);
    }
    if (reg.status === "registered") cancelledNames.push(reg.orgName);
    reg.status = "cancelled";
  }

  const why =
    cancelledNames.length > 0
      ? `Plass ble ledig etter avmelding fra ${cancelledNames.join(", ")}.`
      : (cause ?? "Plass ble ledig.");
  const seat = async (reg: RegistrationRecord, event: "registered" | "promoted", reason: string) => {
    const needed = reg.participants.filter((p) => !held.has(p.id)).length;
    if (needed > conference.capacity - taken.size) return false;
    const claimed = await claimSeats(conference, reg, taken, held);
    if (!claimed) return false;
    await Registration.updateOne(
      { _id: reg._id },
      { $set: { status: "registered", seats: claimed, history: [...reg.history, entry(event, reason, now)] } },
    );
    return true;
  };

  if (conference.status === "cancelled") {
    // Nobody is seated or promoted any more; a registration that raced the cancellation is closed.
    for (const reg of regs.filter((r) => r.status === "pending"))
      await Registration.updateOne(
        { _id: reg._id },
        { $set: { status: "cancelled", history: [...reg.history, entry("cancelled", "Konferansen er avlyst.", now)] } },
      );
    return;
  }

  const waitlisted = regs.filter((r) => r.status === "waitlisted").sort((a, b) => a.waitlistNo! - b.waitlistNo!);
  for (const reg of waitlisted) {
    const k = reg.participants.length;
    const reason = `${why} Flyttet fra venteliste nr. ${reg.waitlistNo} med ${k} ${k === 1 ? "deltaker" : "deltakere"}.`;
    if (await seat(reg, "promoted", reason))
      await recordMessage(
        conference,
        promotedMessage(conference, reg, reg.history.length, await isSupplierOrg(reg.orgId)),
      );
  }

  let lastNo = Math.max(0, ...regs.map((r) => r.waitlistNo ?? 0));
  for (const reg of regs.filter((r) => r.status === "pending").sort(byArrival)) {
    const k = reg.participants.length;
    if (await seat(reg, "registered", `Påmeldt med ${k} ${k === 1 ? "deltaker" : "deltakere"}.`)) {
      await recordMessage(conference, confirmationMessage(conference, reg, await isSupplierOrg(reg.orgId)));
      continue;
    }
    const free = conference.capacity - taken.size;
    const reason = `Fullt: ${k} plasser ønsket, ${free} ledige. Venteliste nr. ${++lastNo}.`;
    await Registration.updateOne(
      { _id: reg._id },
      {
        $set: { status: "waitlisted", waitlistNo: lastNo, history: [...reg.history, entry("waitlisted", reason, now)] },
      },
    );
    await recordMessage(conference, waitlistedMessage(conference, reg, lastNo, await isSupplierOrg(reg.orgId)));
  }
}
