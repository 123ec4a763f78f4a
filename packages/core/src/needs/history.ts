import type { Types } from "mongoose";
import { NeedHistory, type NeedChangeEntry } from "./need.model";

export async function appendNeedChange(needId: Types.ObjectId, entry: NeedChangeEntry): Promise<void> {
  await NeedHistory.updateOne({ _id: needId }, { $push: { entries: entry } }, { upsert: true });
}

/** The need's changes, oldest first. */
export async function needChanges(needId: Types.ObjectId): Promise<NeedChangeEntry[]> {
  const history = await NeedHistory.findById(needId).lean();
  return (history?.entries ?? []) as unknown as NeedChangeEntry[];
}
