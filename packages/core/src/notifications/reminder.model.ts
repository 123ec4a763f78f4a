import { Schema, model } from "mongoose";
import type { ReminderContent } from "./content";

/**
 * One milestone reminder that fired: `_id` is its key (`needId-r-kind-dateMs`, reminder-time.ts), the
 * content every recipient gets, fixed at the first run and hashed (the equal-treatment proof, as for need
 * versions). Its deliveries are ledger records `key-supplierId-channel` with `via: "reminder"`.
 */
const reminderSchema = new Schema(
  {
    _id: { type: String, required: true },
    needId: { type: String, required: true },
    milestone: { type: String, required: true },
    date: { type: Date, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    contentHash: { type: String, required: true },
    recipients: Number,
  },
  { timestamps: true },
);
export interface ReminderRecord {
  _id: string;
  needId: string;
  milestone: string;
  date: Date;
  content: ReminderContent;
  contentHash: string;
  recipients?: number;
  createdAt: Date;
}
export const Reminder = model("Reminder", reminderSchema);
