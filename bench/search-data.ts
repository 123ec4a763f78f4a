/**
 * Deterministic, realistic supplier documents and queries for the search benchmark: real CPV codes and
 * their lineage, real municipalities (weighted by population) with their coordinates, Norwegian
 * capability texts assembled from phrase lists per trade.
 */
import {
  allCpvEntries,
  allMunicipalities,
  county,
  cpvEntry,
  cpvLineage,
  type CpvEntry,
  type Municipality,
} from "@markedsdialog/core/reference/index";
import { placeNames, placeTokens } from "@markedsdialog/core/search/places";
import type { SearchQuery, SupplierSearchDoc } from "@markedsdialog/core/search/types";
import { CERTIFICATIONS, SUPPLIER_SIZES } from "@markedsdialog/core/suppliers/supplier-profile.model";

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Trade {
  divisions: string[]; // CPV code prefixes the trade's codes come from
  names: string[];
  phrases: string[];
  words: string[]; // query words
}

const TRADES: Trade[] = [
  {
    divisions: ["909"],
    names: ["Renhold", "Reinhald", "Rent Bygg", "Vask og Renhold"],
    words: ["renhold", "reinhald", "vinduspuss", "rengjøring", "cleaning"],
    phrases: [
      "daglig renhold av skoler og barnehager",
      "periodisk renhold og boning av gulv",
      "vinduspuss og fasadevask",
      "reinhald av offentlege bygg",
      "miljøvennlig renhold med svanemerkede produkter",
      "byggvask etter rehabilitering",
    ],
  },
  {
    divisions: ["9062", "9063", "452331"],
    names: ["Brøyting", "Maskin", "Vintervedlikehold", "Veiservice"],
    words: ["brøyting", "strøing", "vintervedlikehold", "snørydding", "veier"],
    phrases: [
      "brøyting og strøing av kommunale veier",
      "snørydding av parkeringsplasser og fortau",
      "vintervedlikehold av gang- og sykkelveier",
      "feiing og vårrengjøring av veier",
      "asfaltering og lapping av hull i vegen",
    ],
  },
  {
    divisions: ["72", "48"],
    names: ["Digital", "IT", "Data", "Software", "Systemer"],
    words: ["programvare", "ikt", "digitalisering", "skytjenester", "it", "fagsystem"],
    phrases: [
      "utvikling av programvare for offentlig sektor",
      "drift av IKT-infrastruktur og skytjenester",
      "digitalisering av saksbehandling",
      "integrasjon mot nasjonale fellesløsninger",
      "informasjonssikkerhet og personvern",
      "software development and cloud operations",
    ],
  },
  {
    divisions: ["452", "453", "454"],
    names: ["Bygg", "Entreprenør", "Bygg og Anlegg", "Tømrer"],
    words: ["bygg", "rehabilitering", "tilbygg", "skolebygg", "entreprenør"],
    phrases: [
      "totalentreprise for skolebygg og barnehager",
      "rehabilitering av kommunale bygg",
      "tilbygg og påbygg i tre",
      "betongarbeid og grunnarbeid",
      "passivhus og energieffektive bygg",
    ],
  },
  {
    divisions: ["555", "158"],
    names: ["Catering", "Mat", "Kjøkken", "Kantine"],
    words: ["catering", "matlevering", "kantine", "mat", "sykehjem"],
    phrases: [
      "catering til møter og arrangementer",
      "matlevering til sykehjem og hjemmeboende",
      "drift av kantine og personalrestaurant",
      "lokal mat med kortreiste råvarer",
      "skolemat og frukt i skolen",
    ],
  },
  {
    divisions: ["851", "853", "331"],
    names: ["Helse", "Omsorg", "Velferd", "Velferdsteknologi"],
    words: ["helse", "omsorg", "velferdsteknologi", "trygghetsalarm", "hjemmetjeneste"],
    phrases: [
      "velferdsteknologi og trygghetsalarmer",
      "digitalt tilsyn i hjemmetjenesten",
      "vikartjenester for sykepleiere",
      "helse- og omsorgstjenester i kommunen",
      "medisinsk forbruksmateriell",
    ],
  },
  {
    divisions: ["794", "714", "712"],
    names: ["Rådgivning", "Consulting", "Arkitekter", "Analyse"],
    words: ["rådgivning", "konsulent", "arkitekt", "prosjektering", "anskaffelser"],
    phrases: [
      "rådgivning innen offentlige anskaffelser",
      "arkitektur og prosjektering av skolebygg",
      "prosjektledelse og byggherreombud",
      "organisasjonsutvikling og endringsledelse",
      "rådgjeving innan plan og bygg",
    ],
  },
  {
    divisions: ["905", "9051"],
    names: ["Renovasjon", "Gjenvinning", "Miljø"],
    words: ["avfall", "renovasjon", "gjenvinning", "kildesortering"],
    phrases: [
      "innsamling av husholdningsavfall",
      "gjenvinning og kildesortering",
      "tømming av slamavskillere",
      "farlig avfall fra næring og kommune",
    ],
  },
  {
    divisions: ["601", "6013", "341"],
    names: ["Transport", "Buss", "Taxi", "Skyss"],
    words: ["skoleskyss", "transport", "pasienttransport", "buss"],
    phrases: [
      "skoleskyss og tilrettelagt transport",
      "pasienttransport og TT-kjøring",
      "varetransport i regionen",
      "elektriske busser og minibusser",
    ],
  },
];

const GENERIC = [
  "Vi har lang erfaring fra offentlige oppdrag",
  "Vi er et lokalt firma med fokus på kvalitet",
  "Bedriften er lærlingbedrift",
  "Vi har rammeavtaler med flere kommuner",
  "Me har lang røynsle frå offentlege oppdrag",
  "Alle ansatte har HMS-kort",
  "We deliver on time and on budget",
  "Vi stiller med egne maskiner og fagfolk",
  "Vi leverer i hele regionen",
];
const SUFFIX = ["AS", "AS", "AS", "ANS", "SA", "Holding AS"];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

function weighted(municipalities: Municipality[]): (r: () => number) => Municipality {
  const cumulative: number[] = [];
  let sum = 0;
  for (const m of municipalities) cumulative.push((sum += Math.max(1000, m.population)));
  return (r) => {
    const x = r() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return municipalities[lo] as Municipality;
  };
}

/** `count` supplier documents, the same for the same seed; calls `progress` every 10,000. */
export function generateSuppliers(count: number, seed = 42, progress?: (done: number) => void): SupplierSearchDoc[] {
  const r = prng(seed);
  const municipalities = allMunicipalities();
  const place = weighted(municipalities);
  const entries = [...allCpvEntries()];
  const codesByTrade = TRADES.map((t) => entries.filter((e) => t.divisions.some((d) => e.code8.startsWith(d))));
  const docs: SupplierSearchDoc[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(r() * TRADES.length);
    const trade = TRADES[t] as Trade;
    const home = place(r);
    const codes = [
      ...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, codesByTrade[t] as CpvEntry[]).code8)),
    ];
    const national = r() < 0.05;
    const serviceCounties = r() < 0.3 ? [home.countyNumber] : [];
    const serviceMunicipalities = Array.from({ length: Math.floor(r() * 3) }, () => pick(r, municipalities).number);
    const phrases = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(r, trade.phrases));
    docs.push({
      id: `sup-${String(i).padStart(6, "0")}`,
      version: 1,
      matchOnProfile: false,
      orgNumber: String(900_000_000 + i),
      name: `${r() < 0.5 ? home.name : pick(r, ["Nordic", "Norsk", "Vest", "Øst", "Fjord", "Nord"])} ${pick(r, trade.names)} ${pick(r, SUFFIX)}`,
      description: `${pick(r, GENERIC)}. ${pick(r, GENERIC)}. Vi holder til i ${home.name} i ${home.countyName}.`,
      capabilities: `${phrases.join(". ")}.`,
      cpv: codes.map((c) => cpvEntry(c)?.code ?? c),
      cpvCodes: [...new Set(codes.flatMap(cpvLineage))],
      cpvLabels: codes.flatMap((c) => {
        const e = cpvEntry(c);
        return e ? [e.labelNb, e.labelEn] : [];
      }),
      nace: [],
      municipality: home.number,
      municipalityName: home.name,
      county: home.countyNumber,
      countyName: county(home.countyNumber)?.name ?? home.countyName,
      serviceMunicipalities,
      serviceCounties,
      national,
      serves: placeTokens({
        municipalities: [home.number, ...serviceMunicipalities],
        wholeCounties: serviceCounties,
        national,
      }),
      placeNames: placeNames({
        municipalities: [home.number, ...serviceMunicipalities],
        counties: serviceCounties,
        national,
      }),
      certifications: CERTIFICATIONS.filter(() => r() < 0.15),
      size:
        (
          [
            "micro",
            "micro",
            "small",
            "small",
            "medium",
            "large",
          ] as const satisfies readonly (typeof SUPPLIER_SIZES)[number][]
        )[Math.floor(r() * 6)] ?? "small",
      _geo: { lat: home.lat + (r() - 0.5) * 0.04, lng: home.lon + (r() - 0.5) * 0.08 },
      updatedAt: Date.UTC(2025, 0, 1) - Math.floor(r() * 365) * 86_400_000,
    });
    if (progress && (i + 1) % 10_000 === 0) progress(i + 1);
  }
  return docs;
}

export type QueryKind = "text" | "text+filters" | "geo radius";

/** A deterministic stream of queries of one kind. */
export function queryStream(kind: QueryKind, seed = 7): () => SearchQuery {
  const r = prng(seed);
  const municipalities = allMunicipalities();
  const place = weighted(municipalities);
  const typo = (w: string): string => (w.length > 5 && r() < 0.2 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w);
  const text = (): string => {
    const trade = pick(r, TRADES);
    const words = Array.from({ length: 1 + Math.floor(r() * 2) }, () => typo(pick(r, trade.words)));
    const q = words.join(" ");
    return r() < 0.2 ? q.slice(0, Math.max(3, q.length - 2)) : q; // some still being typed
  };
  return (): SearchQuery => {
    if (kind === "text") return { q: text(), limit: 20 };
    if (kind === "text+filters") {
      const home = place(r);
      return {
        q: text(),
        filters: [
          { field: "county", op: "in", values: [home.countyNumber] },
          ...(r() < 0.5 ? [{ field: "size", op: "in" as const, values: ["micro", "small"] }] : []),
        ],
        facets: ["size", "certifications"],
        limit: 20,
      };
    }
    const home = place(r);
    return { near: { lat: home.lat, lon: home.lon, radiusKm: pick(r, [10, 25, 50]) }, sort: "distance", limit: 20 };
  };
}
