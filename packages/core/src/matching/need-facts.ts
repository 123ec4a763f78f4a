/**
 * What matching needs to know about a need, computed once per need from its search document (the shape
 * both the database record, through toNeedDoc, and the needs index give): its codes with their ancestors,
 * where it applies, its buyer and the buyer's groups, value, procedure, and its words.
 */
import { county, municipality } from "../reference/index";
import { NATIONAL } from "../search/places";
import type { NeedSearchDoc } from "../search/types";
import { textTerms } from "./text";

export interface GroupRef {
  id: string;
  name: string;
}

export interface NeedPoint {
  lat: number;
  lon: number;
  /** The place a distance is told from: the administrative centre ("Ski"), or the municipality's name. */
  name: string;
}

export interface NeedFacts {
  id: string;
  version: number;
  buyerId: string;
  buyerName: string;
  title: string;
  status: string;
  publishedAt: number;
  /** The need's own codes, 8 digits. */
  cpv: string[];
  /** Its codes and all their ancestors, 8 digits. */
  cpvCodes: ReadonlySet<string>;
  municipalities: string[];
  /** Counties the need applies to as a whole. */
  wholeCounties: string[];
  national: boolean;
  /** Place tokens (search/places.ts) of where the need applies. */
  places: ReadonlySet<string>;
  /** A point per municipality the need names, for distances. */
  points: NeedPoint[];
  valueMin?: number;
  valueMax?: number;
  procedure: string;
  smeSuitable: boolean;
  /** Terms of title, challenge and description, each with the word as the need writes it. */
  words: ReadonlyMap<string, string>;
  /** The groups its buyer is a member of. */
  groups: GroupRef[];
}

export function pointsOf(municipalities: readonly string[]): NeedPoint[] {
  return municipalities.flatMap((number) => {
    const place = municipality(number);
    return place ? [{ lat: place.lat, lon: place.lon, name: place.adminCentre || place.name }] : [];
  });
}

export function needFacts(doc: NeedSearchDoc, groups: GroupRef[]): NeedFacts {
  const wholeCounties = doc.places.filter((token) => token.startsWith("c:")).map((token) => token.slice(2));
  return {
    id: doc.id,
    version: doc.version,
    buyerId: doc.buyerId,
    buyerName: doc.buyerName,
    title: doc.title,
    status: doc.status,
    publishedAt: doc.publishedAt,
    cpv: [...new Set(doc.cpv.map((code) => code.slice(0, 8)))],
    cpvCodes: new Set(doc.cpvCodes),
    municipalities: doc.municipalities,
    wholeCounties,
    national: doc.national || doc.places.includes(NATIONAL),
    places: new Set(doc.places),
    points: pointsOf(doc.municipalities),
    ...(doc.valueMin !== undefined && { valueMin: doc.valueMin }),
    ...(doc.valueMax !== undefined && { valueMax: doc.valueMax }),
    procedure: doc.procedure,
    smeSuitable: doc.smeSuitable,
    words: textTerms(doc.title, doc.challenge, doc.description ?? ""),
    groups,
  };
}

export const municipalityName = (number: string): string => municipality(number)?.name ?? number;
export const countyName = (number: string): string => county(number)?.name ?? number;
