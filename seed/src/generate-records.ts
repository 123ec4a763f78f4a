import { Types } from "mongoose";
import {
  allCounties,
  allMunicipalities,
  createNeedSchema,
  createOrganizationSchema,
  deriveNeedFields,
  deriveSupplierFields,
  municipality,
  supplierProfileInputSchema,
  type Municipality,
} from "@markedsdialog/core";
import { createRandom, seedFrom, type Random } from "./random";
import { buildSupplier, type Home } from "./supplier-builder";
import { TRADES } from "./demo-data/trades";
import { COUNTY_TEMPLATES, NEED_TEMPLATES, type NeedTemplate } from "./generate-data";

const KIND_CODES = { buyer: "01", supplier: "02", need: "03" } as const;
export type GeneratedKind = keyof typeof KIND_CODES;

/**
 * ObjectIds built from (seed, kind, index): a fixed timestamp (2026-01-01), the seed modulo 65 536, the kind
 * and the index. The same record gets the same id on every run, and a seed's records of one kind form one
 * id range, so a single range query finds the ones stored already.
 */
export function generatedId(seed: number, kind: GeneratedKind, index: number): Types.ObjectId {
  const seedHex = (Math.abs(seed) % 65_536).toString(16).padStart(4, "0");
  return new Types.ObjectId(`69559a80${seedHex}${KIND_CODES[kind]}${index.toString(16).padStart(8, "0")}00`);
}

export const generatedIdRange = (seed: number, kind: GeneratedKind) => ({
  $gte: generatedId(seed, kind, 0),
  $lte: generatedId(seed, kind, 0xffffffff),
});

const recordRandom = (seed: number, kind: string, index: number): Random =>
  createRandom(seedFrom(`${seed}:${kind}:${index}`));

export interface GeneratedBuyer {
  _id: Types.ObjectId;
  name: string;
  buyerType: "kommune" | "fylkeskommune";
  municipality: string;
  /** The municipality or county the buyer is named after, for need titles. */
  place: string;
  /** Where its needs apply: its municipality, or for a county municipality its county. */
  scope: { municipalities?: string[]; counties?: string[] };
  weight: number;
}

/** One buyer per municipality and one per county municipality (Oslo is both, so once). */
export function generatedBuyers(seed: number): GeneratedBuyer[] {
  const municipalities = allMunicipalities().sort((a, b) => a.number.localeCompare(b.number));
  const kommuner = municipalities.map((m, i) => ({
    _id: generatedId(seed, "buyer", i),
    name: `${m.name} kommune`,
    buyerType: "kommune" as const,
    municipality: m.number,
    place: m.name,
    scope: { municipalities: [m.number] },
    weight: Math.sqrt(m.population || 1000),
  }));
  const counties = allCounties()
    .filter((c) => c.number !== "03")
    .sort((a, b) => a.number.localeCompare(b.number))
    .map((c, i) => {
      const members = municipalities.filter((m) => m.countyNumber === c.number);
      const seat = members.reduce((a, b) => (b.population > a.population ? b : a));
      const population = members.reduce((sum, m) => sum + m.population, 0);
      return {
        _id: generatedId(seed, "buyer", municipalities.length + i),
        name: `${c.name} fylkeskommune`,
        buyerType: "fylkeskommune" as const,
        municipality: seat.number,
        place: c.name,
        scope: { counties: [c.number] },
        weight: Math.sqrt(population) / 2,
      };
    });
  return [...kommuner, ...counties];
}

/** The buyer's organisation record, as createOrganization would store it. */
export function buyerDocument(buyer: GeneratedBuyer, orgNumber: string) {
  const input = createOrganizationSchema.parse({
    kind: "buyer",
    buyerType: buyer.buyerType,
    name: buyer.name,
    orgNumber,
    municipality: buyer.municipality,
  });
  return { _id: buyer._id, ...input, county: municipality(input.municipality)?.countyNumber };
}

const TRADE_WEIGHTS = TRADES.map(
  (trade) => [trade, Object.values(trade.homes).reduce((a, b) => a + (b ?? 0), 0)] as const,
);
let homeWeights: (readonly [Municipality, number])[] | undefined;

function randomHome(random: Random): Home {
  homeWeights ??= allMunicipalities().map((m) => [m, m.population || 1000] as const);
  const home = random.weighted(homeWeights);
  const neighbours = allMunicipalities().filter((m) => m.countyNumber === home.countyNumber);
  return {
    municipality: home.number,
    place: random.chance(0.3) ? home.adminCentre || home.name : home.name,
    region: home.countyName,
    countyNumber: home.countyNumber,
    nn: home.countyNumber === "46" && random.chance(0.6),
    nearby: random.sample(neighbours, 6).map((m) => m.number),
    counties: [home.countyNumber],
  };
}

/** Organisation and profile of generated supplier `index`; a pure function of seed and index. */
export function supplierDocuments(seed: number, index: number, orgNumber: string) {
  const random = recordRandom(seed, "supplier", index);
  const spec = buildSupplier(random.weighted(TRADE_WEIGHTS), randomHome(random), random, () => true);
  const _id = generatedId(seed, "supplier", index);
  const org = createOrganizationSchema.parse({ kind: "supplier", ...spec.organization, orgNumber });
  const profile = supplierProfileInputSchema.parse(spec.profile);
  const derived = deriveSupplierFields(profile);
  return {
    organization: { _id, ...org, county: derived.county },
    profile: { ...profile, ...derived, _id, orgId: _id, orgNumber, version: 1 },
  };
}

const STATUSES = [
  ["published", 80],
  ["in_dialogue", 8],
  ["tender_announced", 6],
  ["awarded", 2],
  ["cancelled", 2],
  ["draft", 2],
] as const;
const DAY = 24 * 3600 * 1000;
const date = (base: number, days: number) => new Date(base + days * DAY).toISOString().slice(0, 10);

function needInput(template: NeedTemplate, buyer: GeneratedBuyer, random: Random) {
  const scale = Math.min(6, Math.max(0.3, Math.sqrt(buyer.weight / Math.sqrt(20_000))));
  const min = Math.round(template.value[0] * scale * 10) / 10;
  const max = Math.round(template.value[1] * scale * 10) / 10;
  const notice = Date.UTC(2027, 0, 1) + random.int(0, 3 * 365 - 120) * DAY;
  return {
    title: template.title.replace("{place}", buyer.place),
    challenge: template.challenge,
    description: "",
    cpv: template.cpv,
    estimatedValueNok: random.chance(0.9) ? { min: min * 1_000_000, max: max * 1_000_000 } : undefined,
    ...buyer.scope,
    procedure: random.pick(template.procedures),
    timeline: {
      dialogueOpens: date(notice, -random.int(60, 180)),
      plannedNotice: date(notice, 0),
      contractStart: date(notice, random.int(90, 300)),
      durationMonths: template.durationMonths,
    },
    smeSuitable: random.chance(template.sme ?? 0.2),
    innovation: random.chance(template.innovation ?? 0.1),
    sustainability: random.chance(template.sustainability ?? 0.3),
  };
}

/** Need `index` of a seed: buyer, template, status and dates drawn from its own stream. */
export function needDocument(seed: number, index: number, buyers: readonly (readonly [GeneratedBuyer, number])[]) {
  const random = recordRandom(seed, "need", index);
  const buyer = random.weighted(buyers);
  const template = random.pick(buyer.buyerType === "fylkeskommune" ? COUNTY_TEMPLATES : NEED_TEMPLATES);
  const status = random.weighted(STATUSES);
  const {
    status: _created,
    buyerId: _buyer,
    ...fields
  } = createNeedSchema.parse({ ...needInput(template, buyer, random), status: "published" });
  const publishedAt = status === "draft" ? undefined : new Date(Date.UTC(2026, 0, 1) + random.int(0, 300) * DAY);
  const announced = status === "tender_announced" || status === "awarded";
  return {
    _id: generatedId(seed, "need", index),
    ...fields,
    ...deriveNeedFields(fields, publishedAt ?? new Date(Date.UTC(2026, 9, 1))),
    buyerId: buyer._id,
    buyerName: buyer.name,
    status,
    publishedAt,
    noticeUrl: announced
      ? `https://www.doffin.no/notices/2027-${String(200_000 + (index % 800_000)).padStart(6, "0")}`
      : undefined,
    version: 1,
  };
}
