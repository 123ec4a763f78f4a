/** Pieces of answer schemas that several modules share (each module's answers end its <module>.schemas.ts). */
import { z } from "zod";
import { OBJECT_ID_PATTERN } from "../platform/ids";

/** A time as answers give it: ISO 8601 in UTC, `2027-01-15T00:00:00.000Z`. */
export const timestampAnswer = z.iso.datetime();

/** A record's id in answers. */
export const idAnswer = z.string().regex(OBJECT_ID_PATTERN);

export const cpvDetailAnswer = z
  .strictObject({ code: z.string(), labelNb: z.string().optional(), labelEn: z.string().optional() })
  .meta({ id: "CpvDetail", description: "A CPV code with its Norwegian and English labels (absent when unknown)" });

export const contactAnswer = z
  .strictObject({ name: z.string(), email: z.string(), phone: z.string().optional() })
  .meta({ id: "Contact" });

/** The paging members of a list answer. */
export const pageAnswer = {
  total: z.int().min(0),
  page: z.int().min(1),
  limit: z.int().min(1),
};
