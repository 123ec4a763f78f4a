/**
 * Seats: unique keys twice over. `_id` is `conferenceId-seat-N` with N in 1..capacity, so a seat is held
 * by one participant at most and no number above the capacity exists; `participantId` is unique too, so a
 * participant holds one seat at most. Both are inserts, atomic on FerretDB, whoever writes: a writer that
 * finds its participant seated already (by a writer that died before recording it, or by a second writer
 * after a lock takeover) takes that seat instead of another, so two writers seat a delegation alike.
 */
import { isDuplicateKey } from "../platform/ids";
import type { ConferenceRecord } from "./conference.model";
import { Seat, type ConferenceParticipant, type RegistrationRecord, type SeatRecord } from "./registration.model";

/** A seat not recorded by a registered registration is left this long to the writer that may be recording it. */
export const SEAT_GRACE_MS = 15_000;

export const seatId = (conferenceId: string, n: number) => `${conferenceId}-seat-${n}`;

/** Frees the participants' seats: one delete each by `participantId` (indexed, so FerretDB does not scan). */
export const freeSeats = (participants: Pick<ConferenceParticipant, "id">[]) =>
  Promise.all(participants.map((p) => Seat.deleteOne({ participantId: p.id })));

/**
 * Sorts a conference's seats: `kept` are held by registered participants or may still be recorded by
 * their writer (undecided or waitlisted registrations' seats younger than SEAT_GRACE_MS, which their
 * registration takes when seated); `stray` ones are left by a writer that died, or of people cancelled or cut.
 */
export function sortSeats(seats: SeatRecord[], regs: Map<string, RegistrationRecord>, now: number) {
  const kept: SeatRecord[] = [];
  const stray: SeatRecord[] = [];
  for (const s of seats) {
    const reg = regs.get(s.registrationId);
    const member = reg?.participants.some((p) => p.id === s.participantId) ?? false;
    const live = reg?.status === "pending" || reg?.status === "waitlisted";
    if (member && (reg!.status === "registered" || (live && s.at.getTime() > now - SEAT_GRACE_MS))) kept.push(s);
    else stray.push(s);
  }
  return { kept, stray };
}

/**
 * Seats every participant of the registration: the seat a participant holds already, else the lowest free
 * number. Answers the seats, or undefined (and frees what it claimed) when they do not all fit.
 */
export async function claimSeats(
  conference: ConferenceRecord,
  reg: RegistrationRecord,
  taken: Set<number>,
  held: Map<string, number>,
) {
  const conferenceId = conference._id.toString();
  const got: { participantId: string; seat: number }[] = [];
  const claimed: ConferenceParticipant[] = [];
  let n = 1;
  for (const participant of reg.participants) {
    const mine = held.get(participant.id);
    if (mine !== undefined) {
      got.push({ participantId: participant.id, seat: mine });
      continue;
    }
    for (;;) {
      while (taken.has(n)) n++;
      if (n > conference.capacity) {
        await freeSeats(claimed);
        for (const p of claimed) taken.delete(got.find((g) => g.participantId === p.id)!.seat);
        return undefined;
      }
      taken.add(n);
      try {
        const at = new Date();
        await Seat.create({
          _id: seatId(conferenceId, n),
          conferenceId,
          seat: n,
          registrationId: reg._id,
          participantId: participant.id,
          at,
        });
        got.push({ participantId: participant.id, seat: n });
        claimed.push(participant);
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Number N was taken, or this participant was seated meanwhile by another writer: then that seat.
        const holding = await Seat.findOne({ participantId: participant.id }).lean<SeatRecord>();
        if (holding) {
          taken.add(holding.seat);
          got.push({ participantId: participant.id, seat: holding.seat });
          break;
        }
      }
    }
  }
  return got;
}
