import { type Actor, actorOrgId, requireAuthenticated } from "../auth/actor";
import { conflict, forbidden } from "../errors";
import { isOrganiser } from "./access";
import type { ConferenceRecord, GroupAssignment } from "./conference.model";
import type { GroupsInput } from "./conferences.schemas";
import { conferenceRegistrations, loadConference, loadOrganised, writeConference } from "./conferences.service";
import { assignGroups, type GroupParticipant } from "./groups";
import { renderGroupsHtml } from "./groups-html";

function presentGroups(c: ConferenceRecord) {
  const a = c.groupAssignment;
  return {
    conferenceId: c._id.toString(),
    groups: c.groups.map((g) => ({ name: g.name, ...(g.topic && { topic: g.topic }) })),
    ...(a && {
      assignment: {
        seed: a.seed,
        assignedAt: a.assignedAt.toISOString(),
        sameOrganisationPairs: a.sameOrganisationPairs,
        groups: a.groups.map((g) => ({
          name: g.name,
          ...(g.topic && { topic: g.topic }),
          members: g.members,
        })),
      },
    }),
    version: c.version,
  };
}

/** Names the groups and their topics; an earlier assignment no longer fits them and is removed. */
export async function putGroups(actor: Actor, conferenceId: string, input: GroupsInput) {
  const conference = await loadOrganised(actor, conferenceId);
  const groups = input.groups.map((g) => ({ name: g.name, ...(g.topic && { topic: g.topic }) }));
  const updated = await writeConference(conference, { $set: { groups }, $unset: { groupAssignment: 1 } });
  return presentGroups(updated);
}

export async function assignConferenceGroups(actor: Actor, conferenceId: string, seed: number) {
  const conference = await loadOrganised(actor, conferenceId);
  if (conference.groups.length === 0) throw conflict("Name the groups first (PUT …/groups)");
  const registered = (await conferenceRegistrations(conferenceId)).filter((r) => r.status === "registered");
  const participants: GroupParticipant[] = registered.flatMap((r) =>
    r.participants.map((p) => ({
      registrationId: r._id,
      participantId: p.id,
      name: p.name,
      orgId: r.orgId,
      orgName: r.orgName,
      ...(p.role && { role: p.role }),
    })),
  );
  const result = assignGroups(participants, conference.groups.length, seed);
  const assignment: GroupAssignment = {
    seed,
    assignedAt: new Date(),
    sameOrganisationPairs: result.sameOrganisationPairs,
    groups: conference.groups.map((g, i) => ({ ...g, members: result.groups[i]! })),
  };
  const updated = await writeConference(conference, { $set: { groupAssignment: assignment } });
  return presentGroups(updated);
}

/** The printable lists: for the organisers and the organisations registered (names and organisations only). */
export async function groupsHtml(actor: Actor, conferenceId: string): Promise<string> {
  requireAuthenticated(actor);
  const conference = await loadConference(actor, conferenceId);
  if (!isOrganiser(actor, conference)) {
    const me = actorOrgId(actor);
    const regs = await conferenceRegistrations(conferenceId);
    if (!regs.some((r) => r.orgId === me && r.status === "registered"))
      throw forbidden("The group lists are for the organisers and the registered organisations");
  }
  if (!conference.groupAssignment) throw conflict("The groups have not been assigned yet");
  return renderGroupsHtml(conference, conference.groupAssignment);
}
