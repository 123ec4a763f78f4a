/**
 * Conference times are instants: accepted as ISO 8601 with an offset (or Z), stored as UTC, and shown in
 * Europe/Oslo with its offset of that day (`2027-03-10T09:00:00+01:00`, `2027-06-10T09:00:00+02:00`).
 */
import { z } from "zod";
import { FIRST_PLAN_YEAR, LAST_PLAN_YEAR } from "../shared/dates";
import { osloOffsetHours } from "../subscriptions/digest";

const HOUR = 3_600_000;

/** An instant as Oslo's wall time with its offset, to the second. */
export function osloIso(instant: Date): string {
  const offset = osloOffsetHours(instant.getTime());
  const wall = new Date(instant.getTime() + offset * HOUR).toISOString().slice(0, 19);
  return `${wall}+0${offset}:00`;
}

const DAYS = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];
const MONTHS = [
  "januar",
  "februar",
  "mars",
  "april",
  "mai",
  "juni",
  "juli",
  "august",
  "september",
  "oktober",
  "november",
  "desember",
];

/** "tirsdag 10. mars 2027 kl. 09.00", for notices and the printable lists. */
export function osloText(instant: Date): string {
  const wall = new Date(instant.getTime() + osloOffsetHours(instant.getTime()) * HOUR);
  const hh = String(wall.getUTCHours()).padStart(2, "0");
  const mm = String(wall.getUTCMinutes()).padStart(2, "0");
  return `${DAYS[wall.getUTCDay()]} ${wall.getUTCDate()}. ${MONTHS[wall.getUTCMonth()]} ${wall.getUTCFullYear()} kl. ${hh}.${mm}`;
}

/** An instant in a request: ISO 8601 with offset or Z, years 2000–2100; parsed to a Date. */
export const instantSchema = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 time with offset, e.g. 2027-03-10T09:00:00+01:00" })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= FIRST_PLAN_YEAR && year <= LAST_PLAN_YEAR;
  }, `must be in the years ${FIRST_PLAN_YEAR} to ${LAST_PLAN_YEAR}`)
  .transform((value) => new Date(value))
  .meta({ description: "ISO 8601 time with offset (Europe/Oslo is shown)", examples: ["2027-03-10T09:00:00+01:00"] });

/** An instant in an answer: Oslo wall time with its offset. */
export const osloTimeAnswer = z.iso.datetime({ offset: true });
