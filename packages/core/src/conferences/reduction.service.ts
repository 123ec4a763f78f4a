import type { Actor } from "../auth/actor";
import { conflict } from "../errors";
import { Conference, type ConferenceRecord } from "./conference.model";
import { conferenceRegistrations, loadOrganised } from "./conferences.service";
import { entry, exclusive } from "./ledger";
import { freeSeats } from "./seats";
import { dispatchMessages, recordMessage, type ConferenceComms } from "./messages";
import { cutMessage } from "./message-texts";
import { planReduction, type Cut, type Delegation } from "./reduce";
import { Registration, type RegistrationRecord } from "./registration.model";

const arrival = (a: RegistrationRecord, b: RegistrationRecord) =>
  a.submittedAt.getTime() - b.submittedAt.getTime() || (a._id < b._id ? -1 : 1);

/** Registered delegations in order of arrival, then the waiting list in its order (undecided ones last). */
function delegationsOf(regs: RegistrationRecord[]): Delegation[] {
  const registered = regs.filter((r) => r.status === "registered").sort(arrival);
  const waiting = [
    ...regs.filter((r) => r.status === "waitlisted").sort((a, b) => a.waitlistNo! - b.waitlistNo!),
    ...regs.filter((r) => r.status === "pending").sort(arrival),
  ];
  return [...registered, ...waiting].map((r) => ({
    registrationId: r._id,
    orgId: r.orgId,
    orgName: r.orgName,
    status: r.status === "registered" ? "registered" : "waitlisted",
    participants: r.participants.map((p) => ({ id: p.id, name: p.name })),
  }));
}

async function applyCuts(conference: ConferenceRecord, regs: RegistrationRecord[], cuts: Cut[]) {
  const now = new Date();
  for (const reg of regs) {
    const mine = cuts.filter((c) => c.registrationId === reg._id);
    if (mine.length === 0) continue;
    const cutIds = new Set(mine.map((c) => c.participantId));
    const removed = reg.participants
      .filter((p) => cutIds.has(p.id))
      .map((p) => {
        const cut = mine.find((c) => c.participantId === p.id)!;
        return { ...p, round: cut.round, reason: cut.reason, at: now };
      });
    const before = reg.participants.length;
    const after = before - removed.length;
    const names = removed.map((p) => p.name).join(", ");
    const reason = `Redusert fra ${before} til ${after} deltakere etter regelen om flest mulig organisasjoner: ${names} tatt ut.`;
    await Registration.updateOne(
      { _id: reg._id },
      {
        $set: {
          participants: reg.participants.filter((p) => !cutIds.has(p.id)),
          seats: reg.seats.filter((s) => !cutIds.has(s.participantId)),
          removedParticipants: [...reg.removedParticipants, ...removed],
          history: [...reg.history, entry("reduced", reason, now)],
        },
      },
    );
    await freeSeats(removed);
    for (const p of removed) await recordMessage(conference, cutMessage(conference, reg, p, p.reason));
  }
}

/**
 * POST /conferences/{id}/reduce: the plan (a dry run), or its application as the ledger's only writer,
 * followed by the promotion of the admitted waitlisted organisations and the notices to the people cut.
 */
export async function reduce(
  actor: Actor,
  conferenceId: string,
  body: { apply: boolean; planId?: string },
  comms?: ConferenceComms,
) {
  const conference = await loadOrganised(actor, conferenceId);
  if (!body.apply) {
    const plan = planReduction(conference.capacity, delegationsOf(await conferenceRegistrations(conferenceId)));
    return { conferenceId, applied: false, ...plan };
  }
  const plan = await exclusive(
    conferenceId,
    async () => {
      const fresh = (await Conference.findById(conferenceId).lean<ConferenceRecord>()) ?? conference;
      const regs = await conferenceRegistrations(conferenceId);
      const planned = planReduction(fresh.capacity, delegationsOf(regs));
      if (body.planId !== undefined && planned.planId !== body.planId)
        throw conflict("The registrations changed since that plan: make a new dry run");
      await applyCuts(fresh, regs, planned.cuts);
      return planned;
    },
    "Plass ble ledig etter at arrangøren reduserte antall deltakere per organisasjon.",
  );
  await dispatchMessages(conferenceId, comms);
  return { conferenceId, applied: true, ...plan };
}
