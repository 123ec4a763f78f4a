/** The procurement procedures, in the order the forms and filters show them; checked against the API's type. */
import type { Schemas } from "./client";

export type Procedure = NonNullable<Schemas["NeedInput"]["procedure"]>;

export const PROCEDURES = [
  "open",
  "restricted",
  "competitive_dialogue",
  "competitive_negotiation",
  "innovation_partnership",
  "pre_commercial",
  "other",
] as const satisfies readonly Procedure[];

// Fails to compile when the API gains a procedure this list does not name.
type Missing = Exclude<Procedure, (typeof PROCEDURES)[number]>;
export const noProcedureMissing: [Missing] extends [never] ? true : never = true;
