/**
 * Discussion groups: registered participants dealt into the organiser's groups so that each group mixes
 * organisations and roles. Pure and deterministic for a seed.
 *
 * Organisations are shuffled by the seed and their participants laid out one organisation after another;
 * dealing that line round-robin over the g groups (from a seeded first group) gives sizes within one of
 * each other, and an organisation's participants land in consecutive groups, so none shares a group with a
 * colleague while the organisation has at most g participants (one with more has ⌈k/g⌉ at most in a
 * group, which is the least possible). Then swaps between groups that lower the number of same-role pairs
 * without adding a same-organisation pair mix the roles; swaps keep the sizes.
 */
import { seededRandom } from "../shared/random";

export interface GroupParticipant {
  registrationId: string;
  participantId: string;
  name: string;
  orgId: string;
  orgName: string;
  role?: string;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Pairs sharing a group and a key (organisation or role): what the assignment keeps low. */
function samePairs(groups: GroupParticipant[][], key: (p: GroupParticipant) => string | undefined): number {
  let total = 0;
  for (const members of groups) {
    const counts = new Map<string, number>();
    for (const p of members) {
      const k = key(p);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const n of counts.values()) total += pairs(n);
  }
  return total;
}

const byOrg = (p: GroupParticipant) => p.orgId;
const byRole = (p: GroupParticipant) => p.role?.toLocaleLowerCase("nb");

/** Change in same-key pairs when `out` leaves `members` and `into` joins it. */
function delta(
  members: GroupParticipant[],
  out: GroupParticipant,
  into: GroupParticipant,
  key: (p: GroupParticipant) => string | undefined,
) {
  const a = key(out);
  const b = key(into);
  if (a === b) return 0;
  let d = 0;
  if (a !== undefined) d -= members.filter((m) => m !== out && key(m) === a).length;
  if (b !== undefined) d += members.filter((m) => m !== out && key(m) === b).length;
  return d;
}

export function assignGroups(participants: GroupParticipant[], groupCount: number, seed: number) {
  const random = seededRandom(seed);
  const orgs = new Map<string, GroupParticipant[]>();
  const ordered = [...participants].sort((a, b) => (a.participantId < b.participantId ? -1 : 1));
  for (const p of ordered) orgs.set(p.orgId, [...(orgs.get(p.orgId) ?? []), p]);
  const orgIds = shuffle([...orgs.keys()].sort(), random);
  const line = orgIds.flatMap((id) => shuffle(orgs.get(id)!, random));
  const groups: GroupParticipant[][] = Array.from({ length: groupCount }, () => []);
  const first = Math.floor(random() * groupCount);
  line.forEach((p, i) => groups[(first + i) % groupCount]!.push(p));

  // Role mixing: the first improving swap, in a fixed order, until none improves (or enough passes).
  const roles = participants.some((p) => p.role !== undefined);
  for (let pass = 0; roles && pass < 20; pass++) {
    let improved = false;
    for (let g = 0; g < groupCount; g++)
      for (let h = g + 1; h < groupCount; h++)
        for (const p of [...groups[g]!])
          for (const q of [...groups[h]!]) {
            const A = groups[g]!;
            const B = groups[h]!;
            if (!A.includes(p) || !B.includes(q)) continue;
            const org = delta(A, p, q, byOrg) + delta(B, q, p, byOrg);
            const role = delta(A, p, q, byRole) + delta(B, q, p, byRole);
            if (!(org < 0 || (org === 0 && role < 0))) continue;
            A[A.indexOf(p)] = q;
            B[B.indexOf(q)] = p;
            improved = true;
          }
    if (!improved) break;
  }
  return { groups, sameOrganisationPairs: samePairs(groups, byOrg), sameRolePairs: samePairs(groups, byRole) };
}
