/**
 * Unique-key claims, for rules that must hold under concurrency on FerretDB (no transactions; conditional
 * updates and counts lose races): a claim is a document whose `_id` names what is claimed, and only one
 * insert of an `_id` succeeds. Used for the open-request maximum (`conferenceId-orgId-open-N`) and for
 * locked meetings' tables, participants and maxima (meeting-lock.model.ts). A claim older than
 * ABANDONED_MS that its owner no longer needs (a crash between claiming and writing, or a release that
 * failed) is taken over.
 */
import { Schema, model } from "mongoose";
import { isDuplicateKey } from "../platform/ids";
import { ABANDONED_MS } from "../platform/version-claims";

const claimSchema = new Schema({
  _id: { type: String, required: true },
  conferenceId: { type: String, required: true },
  owner: { type: String, required: true },
  at: { type: Date, required: true },
});
export const ConferenceClaim = model("ConferenceClaim", claimSchema);

export interface ClaimRecord {
  _id: string;
  conferenceId: string;
  owner: string;
  at: Date;
}
/** Whether the claim's owner still needs it (asked only of claims older than ABANDONED_MS). */
export type StillNeeded = (claim: ClaimRecord) => Promise<boolean>;

async function insert(id: string, conferenceId: string, owner: string): Promise<boolean> {
  try {
    await ConferenceClaim.create({ _id: id, conferenceId, owner, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Claims `id` for `owner`: false when another owner holds it and still needs it. */
export async function claim(id: string, conferenceId: string, owner: string, stillNeeded: StillNeeded) {
  if (await insert(id, conferenceId, owner)) return true;
  const held = await ConferenceClaim.findById(id).lean<ClaimRecord>();
  if (held) {
    if (held.owner === owner || held.at.getTime() > Date.now() - ABANDONED_MS || (await stillNeeded(held)))
      return false;
    await ConferenceClaim.deleteOne({ _id: id, owner: held.owner, at: held.at });
  }
  return insert(id, conferenceId, owner);
}

/** The first of `ids` that `owner` can claim, or undefined when every one is held. */
export async function claimFirstFree(ids: string[], conferenceId: string, owner: string, stillNeeded: StillNeeded) {
  for (const id of ids) if (await claim(id, conferenceId, owner, stillNeeded)) return id;
  return undefined;
}

export async function releaseClaims(ids: string[], owner: string): Promise<void> {
  if (ids.length > 0) await ConferenceClaim.deleteMany({ _id: { $in: ids }, owner });
}
