import type { Types } from "mongoose";
import type { NeedRecord } from "./need.model";
import { LegacyNeedHistory, NeedChange, type NeedChangeEntry } from "./need-change.model";

/**
 * Logs the change that wrote `entry.version`. Call it after the version claim succeeded: the claim admits
 * one writer per version, so the (need, version) key is this writer's alone.
 */
export async function appendNeedChange(needId: Types.ObjectId, entry: NeedChangeEntry): Promise<void> {
  await NeedChange.create({ needId, ...entry });
}

/**
 * The need's changes, oldest first. A need created published has its first entry in the need itself
 * (`createdBy`, one insert fewer per publish). Entries logged before one document per change come from the
 * need's old history document (one `_id` lookup); they are all older than the new ones.
 */
export async function needChanges(need: Pick<NeedRecord, "_id" | "createdBy">): Promise<NeedChangeEntry[]> {
  const [entries, legacy] = await Promise.all([
    NeedChange.find({ needId: need._id }).sort({ version: 1 }).lean<NeedChangeEntry[]>(),
    LegacyNeedHistory.findById(need._id).lean(),
  ]);
  const logged = new Set(entries.map((e) => e.version));
  const older = ((legacy?.entries ?? []) as unknown as NeedChangeEntry[]).filter((e) => !logged.has(e.version));
  const created = createdEntry(need);
  return [...(created && !logged.has(1) ? [created] : []), ...older, ...entries];
}

function createdEntry(need: Pick<NeedRecord, "createdBy">): NeedChangeEntry | undefined {
  const by = need.createdBy;
  if (!by?.type || !by.at) return undefined;
  const actor = { type: by.type, ...(by.orgId && { orgId: by.orgId }), ...(by.name && { name: by.name }) };
  const entry = { at: by.at, actor, kind: "status", fromStatus: "draft", toStatus: "published" } as const;
  return { ...entry, fields: [], changes: [], version: 1 };
}
