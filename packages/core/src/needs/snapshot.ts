import { Need, type NeedRecord } from "./need.model";

/**
 * A need version as a job carries it: the record its writer wrote, serialised to JSON with the job, cast
 * back by the model (dates, ids). Undefined unless it is that need at that version, so a job that carries
 * none, or something else, makes the worker read the database as before.
 */
export function needFromSnapshot(snapshot: unknown, id: string, version: number): NeedRecord | undefined {
  if (!snapshot || typeof snapshot !== "object") return undefined;
  try {
    const need = new Need(snapshot).toObject() as NeedRecord;
    return need._id?.toString() === id && need.version === version ? need : undefined;
  } catch {
    return undefined;
  }
}
