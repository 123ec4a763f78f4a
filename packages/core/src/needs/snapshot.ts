import mongoose from "mongoose";
import { Need, type NeedRecord } from "./need.model";

const { EJSON } = mongoose.mongo.BSON;

/**
 * A need version as a job carries it: the record its writer wrote, in relaxed extended JSON, so that dates
 * and ids come back as they were written without casting it through the model again (a fifth of the cost).
 */
export function needSnapshot(need: NeedRecord): unknown {
  return EJSON.serialize(need, { relaxed: true });
}

const extended = (snapshot: object): boolean => {
  const id = (snapshot as { _id?: unknown })._id;
  return typeof id === "object" && id !== null && "$oid" in id;
};

/**
 * The need a job carries, back as a record. Undefined unless it is that need at that version, so a job that
 * carries none, or something else, makes the worker read the database as before. A snapshot in plain JSON
 * (a job enqueued before snapshots were extended JSON) is cast back by the model.
 */
export function needFromSnapshot(snapshot: unknown, id: string, version: number): NeedRecord | undefined {
  if (!snapshot || typeof snapshot !== "object") return undefined;
  try {
    const need = (
      extended(snapshot) ? EJSON.deserialize(snapshot as object, { relaxed: true }) : new Need(snapshot).toObject()
    ) as NeedRecord;
    return need._id?.toString() === id && need.version === version ? need : undefined;
  } catch {
    return undefined;
  }
}
