import type { Types } from "mongoose";
import { LegacyNeedHistory, NeedChange, type NeedChangeEntry } from "./need-change.model";

/**
 * Logs the change that wrote `entry.version`. Call it after the version claim succeeded: the claim admits
 * one writer per version, so the (need, version) key is this writer's alone.
 */
export async function appendNeedChange(needId: Types.ObjectId, entry: NeedChangeEntry): Promise<void> {
  await NeedChange.create({ needId, ...entry });
}

/**
 * The need's changes, oldest first. Entries logged before one document per change come from the need's old
 * history document (one `_id` lookup); they are all older than the new ones.
 */
export async function needChanges(needId: Types.ObjectId): Promise<NeedChangeEntry[]> {
  const [entries, legacy] = await Promise.all([
    NeedChange.find({ needId }).sort({ version: 1 }).lean<NeedChangeEntry[]>(),
    LegacyNeedHistory.findById(needId).lean(),
  ]);
  const logged = new Set(entries.map((e) => e.version));
  const older = ((legacy?.entries ?? []) as unknown as NeedChangeEntry[]).filter((e) => !logged.has(e.version));
  return [...older, ...entries];
}
