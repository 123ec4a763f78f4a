import type { Types } from "mongoose";
import { isDuplicateKey } from "../platform/ids";
import { NeedHistory, type NeedChangeEntry } from "./need.model";

/**
 * Two writers of consecutive versions can append the need's first entries at once: both upserts find no
 * document and one insert fails on the _id (FerretDB does not retry such upserts). The document exists by
 * then, so the second attempt appends to it.
 */
export async function appendNeedChange(needId: Types.ObjectId, entry: NeedChangeEntry): Promise<void> {
  const append = () => NeedHistory.updateOne({ _id: needId }, { $push: { entries: entry } }, { upsert: true });
  try {
    await append();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await append();
  }
}

/** The need's changes, oldest first. */
export async function needChanges(needId: Types.ObjectId): Promise<NeedChangeEntry[]> {
  const history = await NeedHistory.findById(needId).lean();
  return (history?.entries ?? []) as unknown as NeedChangeEntry[];
}
