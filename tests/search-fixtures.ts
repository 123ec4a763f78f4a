/**
 * Small, realistic search documents for the search contract suite: Norwegian suppliers and needs with
 * real CPV codes and kommunenummer, built the way the document builders build them (lineage, labels, place).
 */
import { county, cpvEntry, cpvLineage, municipality } from "@markedsdialog/core/reference/index";
import { placeNames, placeTokens } from "@markedsdialog/core/search/places";
import type { NeedSearchDoc, SupplierSearchDoc } from "@markedsdialog/core/search/types";

const DAY = 86_400_000;
export const T0 = Date.UTC(2025, 0, 6);

function place(number: string) {
  const m = municipality(number);
  if (!m) throw new Error(`unknown kommunenummer ${number}`);
  return m;
}

function cpvFields(codes8: string[]) {
  const entries = codes8.map((c) => {
    const e = cpvEntry(c);
    if (!e) throw new Error(`unknown CPV ${c}`);
    return e;
  });
  return {
    cpv: entries.map((e) => e.code),
    cpvCodes: [...new Set(codes8.flatMap((c) => cpvLineage(c)))],
    cpvLabels: entries.flatMap((e) => [e.labelNb, e.labelEn]),
  };
}

interface SupplierInput {
  id: string;
  name: string;
  kommune: string;
  cpv: string[];
  capabilities: string;
  description?: string;
  size?: string;
  certifications?: string[];
  national?: boolean;
  serviceCounties?: string[];
}

let orgSeq = 0;
function supplier(input: SupplierInput): SupplierSearchDoc {
  const m = place(input.kommune);
  orgSeq += 1;
  return {
    id: input.id,
    version: 1,
    orgNumber: String(910_000_000 + orgSeq * 1_111),
    name: input.name,
    description: input.description ?? "",
    capabilities: input.capabilities,
    ...cpvFields(input.cpv),
    nace: [],
    matchOnProfile: false,
    municipality: m.number,
    municipalityName: m.name,
    county: m.countyNumber,
    countyName: county(m.countyNumber)?.name ?? m.countyName,
    serviceMunicipalities: [],
    serviceCounties: input.serviceCounties ?? [],
    national: input.national ?? false,
    serves: placeTokens({
      municipalities: [m.number],
      wholeCounties: input.serviceCounties ?? [],
      national: input.national ?? false,
    }),
    placeNames: placeNames({
      municipalities: [m.number],
      counties: input.serviceCounties ?? [],
      national: input.national ?? false,
    }),
    certifications: input.certifications ?? [],
    size: input.size ?? "small",
    _geo: { lat: m.lat, lng: m.lon },
    updatedAt: T0 + orgSeq * DAY,
  };
}

export const suppliers: SupplierSearchDoc[] = [
  supplier({
    id: "s01",
    name: "Follo Renhold AS",
    kommune: "3207",
    cpv: ["90911200"],
    certifications: ["Svanemerket", "ISO 14001"],
    capabilities: "Renhold av skoler, barnehager og kontorbygg. Miljøsertifisert renhold med Svanemerket kjemi.",
    description: "Lokalt renholdsbyrå i Ski med 40 ansatte.",
  }),
  supplier({
    id: "s02",
    name: "Ås Maskin og Brøyting AS",
    kommune: "3218",
    cpv: ["90620000", "45233141"],
    size: "micro",
    capabilities: "Brøyting, strøing og vintervedlikehold av kommunale veier og parkeringsplasser.",
  }),
  supplier({
    id: "s03",
    name: "Nesodden Digital AS",
    kommune: "3212",
    cpv: ["72212000", "48000000"],
    size: "medium",
    certifications: ["ISO 27001"],
    capabilities: "IKT-tjenester og programvareutvikling for kommuner. Drift av fagsystemer.",
  }),
  supplier({
    id: "s04",
    name: "Drøbak Bygg og Anlegg AS",
    kommune: "3214",
    cpv: ["45214210"],
    size: "medium",
    certifications: ["Sentral godkjenning"],
    capabilities: "Byggearbeid for skolebygg og barnehager. Rehabilitering og tilbygg.",
  }),
  supplier({
    id: "s05",
    name: "Vestby Veiservice AS",
    kommune: "3216",
    cpv: ["45233140"],
    serviceCounties: ["32"],
    capabilities: "Asfaltering og vedlikehold av vei, bru og fortau.",
  }),
  supplier({
    id: "s06",
    name: "Enebakk Catering",
    kommune: "3220",
    cpv: ["55520000"],
    size: "micro",
    capabilities: "Catering & matlevering <b>til</b> sykehjem og skoler.",
  }),
  supplier({
    id: "s07",
    name: "Halden Renovasjon AS",
    kommune: "3101",
    cpv: ["90510000"],
    size: "large",
    capabilities: "Innsamling og behandling av næringsavfall.",
  }),
  supplier({
    id: "s08",
    name: "Fredrikstad Velferdsteknologi AS",
    kommune: "3107",
    cpv: ["33196200"],
    national: true,
    certifications: ['Sertifisert "Miljøfyrtårn" \\ 2024'],
    capabilities: "Trygghetsalarmer og digitalt tilsyn i hjemmetjenesten.",
  }),
  supplier({
    id: "s09",
    name: "Bergen Rådgiving AS",
    kommune: "4601",
    cpv: ["79411000"],
    size: "medium",
    capabilities: "Rådgiving innan anskaffingar og organisasjonsutvikling for kommunar og fylke.",
  }),
  supplier({
    id: "s10",
    name: "Stavanger Reinhald AS",
    kommune: "1103",
    cpv: ["90910000"],
    capabilities: "Reinhald av offentlege bygg, skular og sjukeheimar.",
  }),
  supplier({
    id: "s11",
    name: "Trondheim Software AS",
    kommune: "5001",
    cpv: ["72260000"],
    size: "large",
    national: true,
    capabilities: "Software development and digital services for the public sector.",
  }),
  supplier({
    id: "s12",
    name: "Ski Arkitektkontor",
    kommune: "3207",
    cpv: ["71200000"],
    size: "micro",
    capabilities: "Arkitektur og prosjektering av skolebygg.",
  }),
  // Same words, different places: relevance ties that distance must decide.
  supplier({
    id: "s13",
    name: "Vinduspuss Øst AS",
    kommune: "3101",
    cpv: ["90911200"],
    capabilities: "Vinduspuss og fasadevask.",
  }),
  supplier({
    id: "s14",
    name: "Vinduspuss Vest AS",
    kommune: "4601",
    cpv: ["90911200"],
    capabilities: "Vinduspuss og fasadevask.",
  }),
];

interface NeedInput {
  id: string;
  title: string;
  challenge: string;
  buyer: string;
  kommuner: string[];
  cpv: string[];
  procedure: string;
  status: string;
  valueMax?: number;
  publishedDay: number;
  national?: boolean;
  smeSuitable?: boolean;
  innovation?: boolean;
}

function need(input: NeedInput): NeedSearchDoc {
  const places = input.kommuner.map(place);
  const first = places[0];
  return {
    id: input.id,
    version: 1,
    buyerId: `buyer-${input.kommuner[0] ?? "national"}`,
    buyerName: input.buyer,
    title: input.title,
    challenge: input.challenge,
    description: "",
    ...cpvFields(input.cpv),
    municipalities: places.map((p) => p.number),
    municipalityNames: places.map((p) => p.name),
    counties: [...new Set(places.map((p) => p.countyNumber))],
    countyNames: [...new Set(places.map((p) => p.countyName))],
    national: input.national ?? false,
    places: placeTokens({
      municipalities: places.map((p) => p.number),
      wholeCounties: [],
      national: input.national ?? false,
    }),
    placeNames: placeNames({
      municipalities: places.map((p) => p.number),
      counties: [...new Set(places.map((p) => p.countyNumber))],
      national: input.national ?? false,
    }),
    procedure: input.procedure,
    status: input.status,
    ...(input.valueMax !== undefined && { valueMin: input.valueMax / 2, valueMax: input.valueMax }),
    publishedAt: T0 + input.publishedDay * DAY,
    smeSuitable: input.smeSuitable ?? true,
    innovation: input.innovation ?? false,
    sustainability: false,
    ...(first && { _geo: { lat: first.lat, lng: first.lon } }),
  };
}

export const needs: NeedSearchDoc[] = [
  need({
    id: "n1",
    title: "Renhold av skoler i Nordre Follo",
    buyer: "Nordre Follo kommune",
    kommuner: ["3207"],
    cpv: ["90911200"],
    challenge: "Vi skal kjøpe renhold av tolv skoler fra 2026.",
    procedure: "open",
    status: "published",
    valueMax: 5_000_000,
    publishedDay: 1,
  }),
  need({
    id: "n2",
    title: "Brøyting av kommunale veier",
    buyer: "Ås kommune",
    kommuner: ["3218"],
    cpv: ["90620000"],
    challenge: "Vintervedlikehold av 80 km kommunal vei.",
    procedure: "competitive_dialogue",
    status: "in_dialogue",
    valueMax: 1_500_000,
    publishedDay: 3,
  }),
  need({
    id: "n3",
    title: "Nytt fagsystem for barnehager",
    buyer: "Bergen kommune",
    kommuner: ["4601"],
    cpv: ["48000000"],
    challenge: "Eit digitalt fagsystem for opptak og foreldrekontakt.",
    procedure: "innovation_partnership",
    status: "published",
    valueMax: 20_000_000,
    publishedDay: 5,
    innovation: true,
    smeSuitable: false,
  }),
  need({
    id: "n4",
    title: "Velferdsteknologi i hjemmetjenesten",
    buyer: "Fredrikstad kommune",
    kommuner: ["3107", "3101"],
    cpv: ["33196200"],
    challenge: "Trygghetsalarmer og digitalt tilsyn for 2000 brukere.",
    procedure: "open",
    status: "tender_announced",
    valueMax: 8_000_000,
    publishedDay: 7,
  }),
  need({
    id: "n5",
    title: "Kantinedrift på rådhuset",
    buyer: "Trondheim kommune",
    kommuner: ["5001"],
    cpv: ["55520000"],
    challenge: "Utkast: kantine og catering.",
    procedure: "open",
    status: "draft",
    publishedDay: 9,
  }),
  need({
    id: "n6",
    title: "Nasjonal rammeavtale for konsulenttjenester",
    buyer: "DFØ",
    kommuner: [],
    cpv: ["79411000"],
    national: true,
    challenge: "Rådgivning innen anskaffelser for hele staten.",
    procedure: "open",
    status: "published",
    valueMax: 50_000_000,
    publishedDay: 11,
  }),
];

/** Kommunenummer 3207 (Nordre Follo, administrative centre Ski). */
export const SKI = { lat: place("3207").lat, lon: place("3207").lon };
export const BERGEN = { lat: place("4601").lat, lon: place("4601").lon };
export const HALDEN = { lat: place("3101").lat, lon: place("3101").lon };
