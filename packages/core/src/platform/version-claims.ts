import { Schema, model } from "mongoose";
import { AppError, conflict } from "../errors";
import { isDuplicateKey } from "./ids";

/**
 * Optimistic concurrency that holds on FerretDB too. FerretDB 1.24 runs findAndModify as a read and a
 * write, so two writers can both match `version: v` and one update is silently lost. Unique indexes, by
 * contrast, are enforced atomically by PostgreSQL under FerretDB (and by MongoDB), so a writer first claims
 * the next version here; only one claim per version can succeed.
 */
const claimSchema = new Schema({
  entity: { type: String, required: true },
  entityId: { type: String, required: true },
  version: { type: Number, required: true },
  at: { type: Date, required: true },
});
// The claim itself: one writer per (record, version).
claimSchema.index({ entity: 1, entityId: 1, version: 1 }, { unique: true });
export const VersionClaim = model("VersionClaim", claimSchema);

/** A claim older than this whose write never happened (a crash in between) may be taken over. */
export const ABANDONED_MS = 30_000;

/**
 * What must happen when a writer takes over an abandoned claim, before it writes: whatever the dead
 * writer recorded under the claim for that version (notifications/outbox.ts drops its outbox event).
 * Runs while the taker holds the claim, so nobody else acts on that version meanwhile.
 */
type TakeOver = (entityId: string, version: number) => Promise<void>;
const takeOvers = new Map<string, TakeOver>();

export function onClaimTakeOver(entity: string, handler: TakeOver): void {
  takeOvers.set(entity, handler);
}

/** Claims the version; true when it was taken over from an abandoned claim. */
async function claim(entity: string, entityId: string, version: number): Promise<boolean> {
  try {
    await VersionClaim.create({ entity, entityId, version, at: new Date() });
    return false;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const abandoned = await VersionClaim.deleteOne({
      entity,
      entityId,
      version,
      at: { $lt: new Date(Date.now() - ABANDONED_MS) },
    });
    if (abandoned.deletedCount === 1) {
      await claim(entity, entityId, version);
      return true;
    }
    throw conflict(`The ${entity} was changed by someone else meanwhile; fetch it and try again`);
  }
}

const release = (entity: string, entityId: string, version: number) =>
  VersionClaim.deleteOne({ entity, entityId, version });

/**
 * Runs `write` as the only writer of `version` for the record. Claims are kept, so a writer that read an
 * older version finds its next version claimed and gets 409; the write itself can then address the record
 * by `_id` alone, which FerretDB answers from its `_id` index (with the patch in scripts/ferretdb/).
 * `write` returns null when the record is gone.
 */
export async function withVersionClaim<T>(
  entity: string,
  entityId: string,
  version: number,
  write: () => Promise<T | null>,
): Promise<T> {
  const tookOver = await claim(entity, entityId, version);
  let result: T | null;
  try {
    if (tookOver) await takeOvers.get(entity)?.(entityId, version);
    result = await write();
  } catch (error) {
    await release(entity, entityId, version);
    throw error;
  }
  if (result === null) {
    await release(entity, entityId, version);
    throw conflict(`The ${entity} was changed by someone else meanwhile; fetch it and try again`);
  }
  return result;
}

/**
 * Runs `work` holding the version's claim, if nobody holds it or its holder abandoned it, and releases the
 * claim after: for cleaning up after a writer that never wrote. False, and nothing run, while a writer
 * holds the claim (its write may still come).
 */
export async function ifClaimAbandoned(
  entity: string,
  entityId: string,
  version: number,
  work: () => Promise<void>,
): Promise<boolean> {
  try {
    await claim(entity, entityId, version);
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return false;
    throw error;
  }
  try {
    await work();
  } finally {
    await release(entity, entityId, version);
  }
  return true;
}
