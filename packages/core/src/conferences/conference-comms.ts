/**
 * What a conference write tells people: invitations when a conference with linked needs is published (or
 * gains needs while published), a "changed" notice to the registered participants when the time or place
 * of a published one changes (one per version), and the reminders kept in line with the dates.
 */
import { Need } from "../needs/need.model";
import type { ConferenceRecord } from "./conference.model";
import { syncConferenceReminders } from "./conference-reminders";
import { dispatchMessages, recordMessage, type ConferenceComms } from "./messages";
import { changedMessage, invitationMessage } from "./message-texts";

/** The fields whose change the registered participants are told of. */
const TOLD_FIELDS = ["startsAt", "endsAt", "venue", "address"] as const;

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null);

export function toldChanges(before: ConferenceRecord, after: ConferenceRecord) {
  return TOLD_FIELDS.filter((field) => !same(before[field], after[field])).map((field) => ({
    field,
    from: before[field] ?? null,
    to: after[field] ?? null,
  }));
}

async function needTitles(ids: string[]) {
  const needs = await Promise.all(ids.map((id) => Need.findById(id, { title: 1 }).lean<{ title: string }>()));
  return needs.flatMap((n) => (n ? [n.title] : []));
}

/** After a create or a PATCH: the messages it causes, recorded and handed on, and the reminders moved. */
export async function afterConferenceWrite(
  before: ConferenceRecord | undefined,
  after: ConferenceRecord,
  comms: ConferenceComms | undefined,
): Promise<void> {
  if (after.status === "published") {
    const wasPublished = before?.status === "published";
    const newNeeds = after.needIds.some((id) => !wasPublished || !before.needIds.includes(id));
    if (after.needIds.length && newNeeds)
      await recordMessage(after, invitationMessage(after, await needTitles(after.needIds)));
    const changes = wasPublished ? toldChanges(before, after) : [];
    if (changes.length) await recordMessage(after, changedMessage(after, changes));
  }
  await syncConferenceReminders(before, after, comms);
  await dispatchMessages(after._id.toString(), comms);
}
