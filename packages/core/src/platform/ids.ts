import { Types } from "mongoose";
import { notFound } from "../errors";

/** The text form of a record id (a MongoDB ObjectId): exactly 24 lower-case hexadecimal digits, as ids are shown. */
export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;
export const isObjectId = (id: string): boolean => OBJECT_ID_PATTERN.test(id);

/**
 * Turns a path id into an ObjectId. A malformed id cannot name any record, so it is answered like a
 * missing one (404) rather than reaching the database.
 */
export function parseId(id: string, what: string): Types.ObjectId {
  if (!isObjectId(id)) throw notFound(what.charAt(0).toUpperCase() + what.slice(1));
  return new Types.ObjectId(id);
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === 11000;
}
