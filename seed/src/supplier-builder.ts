import type { z } from "zod";
import { county, type supplierProfileInputSchema } from "@markedsdialog/core";
import type { Random } from "./random";
import type { Scope, Size, Trade, TradeWords } from "./demo-data/trade-types";
import { BRANDS, FIRST_NAMES, SURNAMES } from "./demo-data/places";

/** A supplier profile exactly as a supplier would send it to PUT /api/v1/suppliers/{orgId}/profile. */
export type ProfileJson = z.input<typeof supplierProfileInputSchema>;

export interface SupplierSpec {
  organization: { name: string; municipality: string; email: string; website: string };
  profile: ProfileJson;
}

/** Where a firm is based and what lies around it. */
export interface Home {
  municipality: string;
  /** The town or village it is named after. */
  place: string;
  region: string;
  countyNumber: string;
  /** Writes nynorsk. */
  nn: boolean;
  /** Municipalities a local firm also takes work in. */
  nearby: string[];
  /** Counties a regional firm serves. */
  counties: string[];
}

const EMPLOYEES: Record<Size, [number, number]> = {
  micro: [2, 9],
  small: [10, 49],
  medium: [50, 249],
  large: [250, 1500],
};

export const slugOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/\s+as$/, "")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

function fillName(pattern: string, home: Home, random: Random): string {
  const surname = random.pick(SURNAMES);
  return pattern
    .replace("{place}", home.place)
    .replace("{region}", home.region)
    .replace("{surname2}", random.pick(SURNAMES.filter((s) => s !== surname)))
    .replace("{surname}", surname)
    .replace("{brand}", random.pick(BRANDS));
}

/** A firm name in the trade's style that `isFree` accepts; tries the common patterns first. */
export function firmName(words: TradeWords, home: Home, random: Random, isFree: (name: string) => boolean): string {
  const weights = words.names.map((pattern, i) => [pattern, words.names.length - i] as const);
  for (let attempt = 0; attempt < 30; attempt++) {
    const name = fillName(random.weighted(weights), home, random);
    if (isFree(name)) return name;
  }
  for (let n = 2; ; n++) {
    const name = fillName(words.names[0] ?? "{place} AS", home, random).replace(/ AS$/, ` ${n} AS`);
    if (isFree(name)) return name;
  }
}

function serviceArea(scope: Scope, home: Home, random: Random): ProfileJson["serviceArea"] {
  if (scope === "national") return { national: true };
  if (scope === "regional") return { counties: home.counties };
  const others = home.nearby.filter((m) => m !== home.municipality);
  return { municipalities: [home.municipality, ...random.sample(others, random.int(1, 4))] };
}

/** Places that take "på" rather than "i" ("på Ås", "på Askøy"). */
const PAA = new Set(
  (
    "Ås Askøy Sotra Straume Knarvik Os Jeløy Nøtterøy Tjøme Hvaler Kråkerøy Nesodden Nesoddtangen Fagerstrand " +
    "Langhus Siggerud Sofiemyr Kolbotn Gressvik Hinna Madla Tiller Heimdal Skøyen Bryne Strømmen Lørenskog Hamar " +
    "Lillehammer Gjøvik Notodden Mysen Spydeberg Ørje Steinkjer Vinterbro Flateby Nordby Finnsnes Jessheim"
  ).split(" "),
);
export const at = (place: string): string => `${PAA.has(place) ? "på" : "i"} ${place}`;

function describe(
  name: string,
  words: TradeWords,
  nn: boolean,
  home: Home,
  size: Size,
  scope: Scope,
  random: Random,
): string {
  const [min, max] = EMPLOYEES[size];
  const employees = random.int(min, max);
  const founded = random.int(1965, 2022);
  const counties = home.counties.map((n) => county(n)?.name ?? n);
  const area = counties.length === 1 ? `${nn ? "heile" : "hele"} ${counties[0]}` : counties.join(" og ");
  if (nn) {
    const reach = {
      local: "Vi tek oppdrag i nærområdet.",
      regional: `Vi dekkjer ${area}.`,
      national: "Vi leverer i heile landet.",
    };
    return `${name} er ${words.noun} ${at(home.place)} med ${employees} tilsette, skipa i ${founded}. ${reach[scope]}`;
  }
  const reach = {
    local: "Vi tar oppdrag i nærområdet.",
    regional: `Vi dekker ${area}.`,
    national: "Vi leverer i hele landet.",
  };
  return `${name} er ${words.noun} ${at(home.place)} med ${employees} ansatte, etablert i ${founded}. ${reach[scope]}`;
}

/** One supplier of a trade at a home, drawn from the random stream: name, profile and organisation. */
export function buildSupplier(
  trade: Trade,
  home: Home,
  random: Random,
  isFree: (name: string) => boolean,
): SupplierSpec {
  const nn = home.nn && trade.nn !== undefined;
  const words = nn && trade.nn ? trade.nn : trade.nb;
  const name = firmName(words, home, random, isFree);
  const scope = random.weighted(trade.scope);
  const size = random.weighted(trade.sizes);
  const [mainCpv = "", ...otherCpv] = trade.cpv;
  const [mainNace = "", ...otherNace] = trade.nace;
  const slug = slugOf(name);
  const certifications = Object.entries(trade.certifications)
    .filter(([, probability]) => random.chance(probability ?? 0))
    .map(([cert]) => cert as NonNullable<ProfileJson["certifications"]>[number]);
  const email = `post@${slug}.example`;
  return {
    organization: { name, municipality: home.municipality, email, website: `https://www.${slug}.example` },
    profile: {
      name,
      description: describe(name, words, nn, home, size, scope, random),
      capabilities: random.sample(words.capabilities, random.int(2, 4)).join(" "),
      cpv: [mainCpv, ...random.sample(otherCpv, random.int(1, 3))],
      nace: [mainNace, ...(random.chance(0.4) ? random.sample(otherNace, 1) : [])],
      municipality: home.municipality,
      serviceArea: serviceArea(scope, home, random),
      certifications,
      size,
      contact: { name: `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)}`, email },
      website: `https://www.${slug}.example`,
    },
  };
}
