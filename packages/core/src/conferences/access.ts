/**
 * Who organises a conference: the organisation that created it (a buyer or an organiser organisation),
 * the co-organisers it names (buyers or organisers) and the platform admin. Organisers change the
 * conference, see every registration with e-mail addresses, reduce, and run the discussion groups. A
 * draft exists only for them; a published conference is public, its participants are not.
 */
import { type Actor, actorOrgId, isAdmin } from "../auth/actor";
import { county } from "../reference/index";
import type { Audience, ConferenceRecord } from "./conference.model";

/** The kinds of organisation that may create and co-organise conferences. */
export const ORGANISING_KINDS = ["buyer", "organiser"] as const;

export function isOrganiser(actor: Actor, conference: Pick<ConferenceRecord, "organizerId" | "coOrganizerIds">) {
  if (isAdmin(actor)) return true;
  const me = actorOrgId(actor);
  return me !== undefined && (conference.organizerId === me || conference.coOrganizerIds.includes(me));
}

export const canSeeConference = (actor: Actor, conference: ConferenceRecord): boolean =>
  conference.status !== "draft" || isOrganiser(actor, conference);

export interface AudienceFacts {
  kind: string;
  buyerType?: string | null;
  county: string;
}

const KIND_NAMES: Record<string, string> = { buyer: "buyers", supplier: "suppliers", organiser: "organisers" };

/** Why the organisation is outside the audience (English, for the problem), or undefined when inside. */
export function outsideAudience(audience: Audience | undefined, org: AudienceFacts): string | undefined {
  if (!audience) return undefined;
  const kinds = audience.kinds ?? (audience.buyerTypes ? ["buyer"] : undefined);
  const refusals: string[] = [];
  if (kinds && !kinds.includes(org.kind as never))
    refusals.push(`open to ${kinds.map((k) => KIND_NAMES[k]).join(", ")}`);
  else if (audience.buyerTypes && org.kind === "buyer" && !audience.buyerTypes.includes(org.buyerType ?? ""))
    refusals.push(`open to buyers of type ${audience.buyerTypes.join(", ")}`);
  if (audience.counties && !audience.counties.includes(org.county)) {
    const names = audience.counties.map((n) => `${n} ${county(n)?.name ?? ""}`.trim());
    refusals.push(`open to organisations in ${names.join(", ")}`);
  }
  if (refusals.length === 0) return undefined;
  const described = audience.description ? ` ("${audience.description}")` : "";
  return `This conference is ${refusals.join(" and ")}${described}`;
}
