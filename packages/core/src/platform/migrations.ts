import { Schema, model } from "mongoose";
import { isDuplicateKey } from "./ids";

/** Data migrations done in this database, by name, so each runs once and later starts cost one `_id` lookup. */
const migrationSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } });
const Migration = model("Migration", migrationSchema);

/**
 * Runs `work` unless the migration `id` is recorded as done, then records it. `work` must be idempotent:
 * two processes starting at once may both run it, and a crash before the record runs it again.
 */
export async function runOnce(id: string, work: () => Promise<unknown>): Promise<boolean> {
  if (await Migration.exists({ _id: id })) return false;
  await work();
  try {
    await Migration.create({ _id: id, at: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return true;
}
