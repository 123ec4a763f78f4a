import { Schema, model } from "mongoose";
import { conflict } from "../errors";
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
const VersionClaim = model("VersionClaim", claimSchema);

/** A claim older than this whose write never happened (a crash in between) may be taken over. */
const ABANDONED_MS = 30_000;

async function claim(entity: string, entityId: string, version: number): Promise<void> {
  try {
    await VersionClaim.create({ entity, entityId, version, at: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const abandoned = await VersionClaim.deleteOne({
      entity,
      entityId,
      version,
      at: { $lt: new Date(Date.now() - ABANDONED_MS) },
    });
    if (abandoned.deletedCount === 1) return claim(entity, entityId, version);
    throw conflict(`The ${entity} was changed by someone else meanwhile; fetch it and try again`);
  }
}

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
  await claim(entity, entityId, version);
  let result: T | null;
  try {
    result = await write();
  } catch (error) {
    await VersionClaim.deleteOne({ entity, entityId, version });
    throw error;
  }
  if (result === null) {
    await VersionClaim.deleteOne({ entity, entityId, version });
    throw conflict(`The ${entity} was changed by someone else meanwhile; fetch it and try again`);
  }
  return result;
}
