/**
 * The fair reduction (the county meeting's rule): "reduce participants per organisation so that as many
 * organisations as possible get a place". Pure and deterministic.
 *
 * 1. Organisations admitted: every registered one, then waitlisted ones in their recorded order, as long as
 *    each admitted organisation can keep one seat (at most `capacity` organisations).
 * 2. Round r trims the largest delegations among the admitted by one participant each, the one who
 *    registered last first (the earlier registration keeps more on a tie), until the admitted delegations
 *    fit the capacity. Every round lowers the largest delegation by one; nobody is cut below one.
 * 3. Within a delegation the participant listed last is cut: organisations list theirs in priority order.
 */
import { createHash } from "node:crypto";

export interface Delegation {
  registrationId: string;
  orgId: string;
  orgName: string;
  /** Registered delegations in order of arrival, then waitlisted ones in their recorded order. */
  status: "registered" | "waitlisted";
  participants: { id: string; name: string }[];
}

export interface Cut {
  round: number;
  registrationId: string;
  orgId: string;
  orgName: string;
  participantId: string;
  participantName: string;
  delegationBefore: number;
  delegationAfter: number;
  reason: string;
}

export interface ReductionPlan {
  planId: string;
  capacity: number;
  demand: number;
  limitPerOrganisation?: number;
  rounds: number;
  cuts: Cut[];
  admitted: { registrationId: string; orgId: string; orgName: string; participants: number }[];
  stillWaitlisted: { registrationId: string; orgId: string; orgName: string }[];
  summary: string;
}

const people = (n: number) => `${n} ${n === 1 ? "deltaker" : "deltakere"}`;

export function planReduction(capacity: number, delegations: Delegation[]): ReductionPlan {
  const registered = delegations.filter((d) => d.status === "registered");
  const waitlisted = delegations.filter((d) => d.status === "waitlisted");
  const demand = delegations.reduce((sum, d) => sum + d.participants.length, 0);
  const room = Math.max(0, capacity - registered.length);
  const admittedWaitlisted = waitlisted.slice(0, room);
  const stillWaitlisted = waitlisted.slice(room);
  const admitted = [...registered, ...admittedWaitlisted];
  const kept = new Map(admitted.map((d) => [d.registrationId, [...d.participants]]));
  let total = admitted.reduce((sum, d) => sum + d.participants.length, 0);
  const cuts: Cut[] = [];
  let rounds = 0;

  if (admittedWaitlisted.length > 0) {
    while (total > capacity) {
      rounds++;
      const largest = Math.max(...admitted.map((d) => kept.get(d.registrationId)!.length));
      // The latest registration first: the reverse of the admitted order.
      const trimmed = admitted.filter((d) => kept.get(d.registrationId)!.length === largest).reverse();
      for (const d of trimmed) {
        const list = kept.get(d.registrationId)!;
        const cut = list.pop()!;
        total--;
        const tie =
          trimmed.length > 1 ? " Blant like store delegasjoner trekkes det først fra den som meldte seg på sist." : "";
        cuts.push({
          round: rounds,
          registrationId: d.registrationId,
          orgId: d.orgId,
          orgName: d.orgName,
          participantId: cut.id,
          participantName: cut.name,
          delegationBefore: largest,
          delegationAfter: largest - 1,
          reason:
            `Runde ${rounds}: ${d.orgName} hadde ${people(largest)}, blant de største delegasjonene, og avgir én ` +
            `plass slik at flere organisasjoner får plass. ${cut.name} står sist på organisasjonens liste.${tie}`,
        });
        if (total <= capacity) break;
      }
    }
  }

  const limit = admitted.length ? Math.max(...admitted.map((d) => kept.get(d.registrationId)!.length)) : undefined;
  const admittedAnswer = admittedWaitlisted.map((d) => ({
    registrationId: d.registrationId,
    orgId: d.orgId,
    orgName: d.orgName,
    participants: kept.get(d.registrationId)!.length,
  }));
  const summary =
    waitlisted.length === 0
      ? "Ingen står på ventelisten: ingen reduksjon trengs."
      : `${admittedWaitlisted.length} av ${waitlisted.length} organisasjoner på ventelisten får plass. ` +
        `${people(cuts.length)} tas ut over ${rounds} ${rounds === 1 ? "runde" : "runder"}` +
        (limit !== undefined ? `; høyst ${people(limit)} per organisasjon.` : ".") +
        (stillWaitlisted.length
          ? ` ${stillWaitlisted.length} blir stående på ventelisten: det er flere organisasjoner enn plasser.`
          : "");
  const planId = createHash("sha256")
    .update(JSON.stringify([capacity, cuts.map((c) => [c.registrationId, c.participantId]), admittedAnswer]))
    .digest("hex")
    .slice(0, 16);
  return {
    planId,
    capacity,
    demand,
    ...(limit !== undefined && { limitPerOrganisation: limit }),
    rounds,
    cuts,
    admitted: admittedAnswer,
    stillWaitlisted: stillWaitlisted.map(({ registrationId, orgId, orgName }) => ({ registrationId, orgId, orgName })),
    summary,
  };
}
