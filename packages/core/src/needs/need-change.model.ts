import { Schema, model } from "mongoose";

export interface NeedChangeEntry {
  at: Date;
  actor: { type: string; orgId?: string; name?: string };
  kind: "status" | "update";
  fields?: string[];
  changes?: { field: string; from: unknown; to: unknown }[];
  fromStatus?: string;
  toStatus?: string;
  version: number;
}

const actorSchema = new Schema({ type: String, orgId: String, name: String }, { _id: false });
const fieldChangeSchema = new Schema(
  { field: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed },
  { _id: false },
);
const entryFields = {
  at: { type: Date, required: true },
  actor: { type: actorSchema, required: true },
  kind: { type: String, enum: ["status", "update"], required: true },
  fields: { type: [String], default: [] },
  changes: { type: [fieldChangeSchema], default: [] },
  fromStatus: String,
  toStatus: String,
};

/**
 * A need's change log, one document per change, keyed by the need and the version the change wrote. Each
 * entry is one insert, written after the writer's version claim succeeded, so racing writers cannot lose
 * one another's entries: inserts are atomic on FerretDB too, where updates of one shared document are not.
 */
const needChangeSchema = new Schema({
  needId: { type: Schema.Types.ObjectId, required: true, ref: "Need" },
  version: { type: Number, required: true },
  ...entryFields,
});
// GET /needs/{id}/changes: a need's entries in version order; unique: one entry per written version.
needChangeSchema.index({ needId: 1, version: 1 }, { unique: true });
export const NeedChange = model("NeedChangeEntry", needChangeSchema);

/**
 * The change log as it was kept before: one document per need (`_id` = the need's id) whose `entries` were
 * appended with `$push`. Read only, by `_id`, for needs changed before one document per change; never
 * written.
 */
const legacyHistorySchema = new Schema(
  { entries: { type: [new Schema({ ...entryFields, version: Number }, { _id: false })], default: [] } },
  { collection: "needhistories" },
);
export const LegacyNeedHistory = model("NeedHistory", legacyHistorySchema);
