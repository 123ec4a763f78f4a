/**
 * The relevance set: queries Norwegian buyers and suppliers type, each with the demo records that answer it,
 * judged from the seed data (seed/src/demo-data), never from what an engine returns. Suppliers are judged by
 * what the firm is (its trade, where it works, what its profile says), needs by title. Also the metrics
 * (recall@5, MRR over the top 10), the HTTP runner and the Markdown tables, shared by
 * tests/relevance.test.ts and bench/relevance.ts.
 */
import { distanceKm, isOpenNeedStatus, municipality } from "@markedsdialog/core";
import { DEMO_NEEDS } from "@markedsdialog/seed/demo-needs";
import { demoSuppliers } from "@markedsdialog/seed/demo-suppliers";
import { TRADES } from "@markedsdialog/seed/demo-data/trades";
import type { SupplierSpec } from "@markedsdialog/seed/supplier-builder";
import type { Harness } from "./helpers/harness";

export const CATEGORIES = [
  "plain",
  "nynorsk",
  "english",
  "typo",
  "prefix",
  "inflection",
  "synonym",
  "place",
  "cpv",
] as const;
export type Category = (typeof CATEGORIES)[number];
export type SearchIndex = "suppliers" | "needs";

/** A demo supplier as a judge sees it: what the firm is and where it works. */
interface Firm {
  spec: SupplierSpec;
  trade: string;
}
/** Which demo suppliers answer a query, with the rule in words for the report. */
export interface Judge {
  text: string;
  test: (firm: Firm) => boolean;
}

export interface RelevanceQuery {
  index: SearchIndex;
  category: Category;
  /** The query parameters sent to /api/v1/{index}/search, `q` included. */
  params: Record<string, string>;
  /** Suppliers: a rule over the demo firms. Needs: titles of demo needs. */
  relevant: Judge | readonly string[];
}

// ---- supplier judges ----------------------------------------------------------------------------------

/** A firm's trade is the one whose main CPV code it carries (every generated firm; the anchors too). */
function tradeOf(spec: SupplierSpec): string {
  const main = spec.profile.cpv?.[0] ?? "";
  const trade = TRADES.find((t) => t.cpv[0] === main) ?? TRADES.find((t) => t.cpv.includes(main));
  if (!trade) throw new Error(`no trade for demo supplier ${spec.organization.name}`);
  return trade.key;
}

const TRADE_WORDS: Record<string, string> = {
  snow: "snow-clearing firms",
  cleaning: "cleaning firms",
  welfare: "welfare-technology firms",
  taxi: "taxi and school-transport firms",
  bus: "bus companies",
  solar: "solar-energy firms",
  laundry: "laundries",
  homecare: "home-care providers",
  electric: "electricians",
  plumbing: "plumbers",
  landscaping: "landscapers",
  catering: "caterers",
  it: "IT consultancies",
  waste: "waste collectors",
};
const trade = (key: string): Judge => ({ text: TRADE_WORDS[key] ?? key, test: (f) => f.trade === key });
const saying = (key: string, words: RegExp): Judge => ({
  text: `${TRADE_WORDS[key] ?? key} whose capabilities say ${words.source}`,
  test: (f) => f.trade === key && words.test(f.spec.profile.capabilities ?? ""),
});
const either = (...judges: Judge[]): Judge => ({
  text: judges.map((j) => j.text).join(", or "),
  test: (f) => judges.some((j) => j.test(f)),
});
const both = (a: Judge, b: Judge): Judge => ({ text: `${a.text} ${b.text}`, test: (f) => a.test(f) && b.test(f) });

/** Delivers in the municipality: home, service area, a county that holds it, or nationwide. */
function servesMunicipality(spec: SupplierSpec, number: string): boolean {
  const area = spec.profile.serviceArea ?? {};
  const county = municipality(number)?.countyNumber ?? "";
  return (
    spec.profile.municipality === number ||
    (area.municipalities ?? []).includes(number) ||
    (area.counties ?? []).includes(county) ||
    area.national === true
  );
}
const serves = (number: string): Judge => ({
  text: `that work in ${municipality(number)?.name ?? number}`,
  test: (f) => servesMunicipality(f.spec, number),
});
const servesCounty = (county: string): Judge => ({
  text: `that work in county ${county}`,
  test: ({ spec }) => {
    const area = spec.profile.serviceArea ?? {};
    const inCounty = (m: string) => municipality(m)?.countyNumber === county;
    return (
      inCounty(spec.profile.municipality) ||
      (area.municipalities ?? []).some(inCounty) ||
      (area.counties ?? []).includes(county) ||
      area.national === true
    );
  },
});
const basedWithin = (km: number, point: { lat: number; lon: number }, place: string): Judge => ({
  text: `based within ${km} km of ${place}`,
  test: ({ spec }) => {
    const home = municipality(spec.profile.municipality);
    return home !== undefined && distanceKm(point, home) <= km;
  },
});
const coded = (cpv: string): Judge => ({
  text: `with CPV ${cpv}`,
  test: (f) => (f.spec.profile.cpv ?? []).some((c) => c.startsWith(cpv)),
});

/** Sells software or IT services: the firm's main CPV code is in division 48 or 72. */
const SOFTWARE_OR_IT: Judge = {
  text: "firms whose main CPV code is software or IT services (48/72): IT and welfare technology",
  test: (f) => /^(48|72)/.test(f.spec.profile.cpv?.[0] ?? ""),
};
const SCHOOL_TRANSPORT_FIRMS = either(trade("taxi"), saying("bus", /Skolekjøring/));
const SKI = { lat: 59.7195, lon: 10.8353 }; // Ski station

// ---- needs, by title ----------------------------------------------------------------------------------
// Only needs that search holds (published, in dialogue, tender announced): Enebakk's awarded "Brøyting av
// kommunale veier, fire roder" and the drafts and the cancelled need are left out on purpose.

const NF_WINTER = [
  "Funksjonskontrakt for drift og vedlikehold av kommunale veier 2028–2033",
  "Vinterdrift rode Ski øst og Kråkstad 2027–2031",
];
const ROADS = [
  ...NF_WINTER,
  "Drift og vinterdrift av kommunale veier i Frogn",
  "Vinterdrift og feiing av kommunale veier i Vestby og Son",
  "Drift og vedlikehold av kommunale veier i Indre Østfold, fem roder",
  "Vinterdrift av kommunale veier i Skiptvet",
  "Drift og vedlikehold av fylkesveier i Vestfold og Telemark 2028–2033",
];
const FOLLO_CLEANING = ["Renhold av kommunale bygg 2028–2032", "Renhold av kommunale formålsbygg på Nesodden"];
const SCHOOL_CLEANING = [
  ...FOLLO_CLEANING,
  "Renhold av Ørje skole og kommunehuset",
  "Reinhald av vidaregåande skular i Bergen og omland",
];
const CLEANING = [...SCHOOL_CLEANING, "Renhold av kommunale bygg i Askim, Mysen og Spydeberg"];
const SCHOOL_TRANSPORT = [
  "Tilrettelagt skoleskyss og transport til dagsentre",
  "Tilrettelagt skoleskyss i Vestby",
  "Skoleskyss for grunnskole og videregående i Telemark",
];
const SAFETY_ALARMS = [
  "Trygghetsalarmer og responssenter",
  "Velferdsteknologisk plattform for hjemmetjenesten i Follo",
];
const WELFARE_TECH = [
  ...SAFETY_ALARMS,
  "Digitalt nattilsyn i hjemmetjenesten",
  "Digital hjemmeoppfølging og medisineringsstøtte",
  "Heimetenester med velferdsteknologi i Sunnfjord",
  "Plattform for digital hjemmeoppfølging",
  "Sensorbasert fallforebygging i omsorgsboliger",
];
const HOME_SERVICES = [
  "Kjøp av hjemmetjenester: praktisk bistand og helsetjenester i hjemmet",
  "Heimetenester med velferdsteknologi i Sunnfjord",
  "Velferdsteknologisk plattform for hjemmetjenesten i Follo",
  "Digitalt nattilsyn i hjemmetjenesten",
];
const SCHOOL_MEALS = [
  "Skolemåltid i barneskolene i Ås",
  "Skolemåltid i ungdomsskolene i Fredrikstad",
  "Kantinedrift ved videregående skoler i Agder",
];
const CARE_MEALS = [
  "Mat til sykehjem, omsorgsboliger og hjemmeboende",
  "Mat til sykehjem og hjemmeboende fra sentralkjøkken",
];
const CARE = [
  ...new Set([
    ...WELFARE_TECH,
    ...HOME_SERVICES,
    ...CARE_MEALS,
    "Nytt helse- og omsorgssenter på Langhus med 144 sykehjemsplasser",
    "Nytt helsehus i Drøbak med korttidsplasser og legevakt",
    "Nytt sykehjem i Vestby med 96 plasser",
  ]),
];
const WASTE = [
  "Innsamling av husholdningsavfall med elektriske renovasjonsbiler",
  "Tømming av slamavskillere og innsamling av hageavfall",
  "Smarte avfallsløsninger i Stavanger sentrum",
];
const NEW_SCHOOLS = [
  "Ny ungdomsskole på Kolbotn for 810 elever",
  "Ny barneskole og flerbrukshall i Ås sentrum",
  "Ny ungdomsskole på Nesoddtangen",
  "Ny Ytre Enebakk skole",
  "Ny Horten videregående skole",
];
const FAST_FERRIES = ["Hurtigbåt med null utslipp på Trondheimsfjorden", "Utsleppsfrie snøggbåtar i Vestland"];
const BUSES = ["Rutebusstjenester i Stor-Trondheim fra 2029", "Elektriske bybusser på Nord-Jæren"];
const IT_SERVICES = [
  "Nytt sak- og arkivsystem for Follo-kommunene",
  "Trådløst nettverk og kablet nett i skoler og formålsbygg",
  "Drift av nettverk og IKT-tjenester for skoler",
];
/** Needs that buy software or IT services (a CPV code in division 48 or 72), whatever else they buy. */
const IT = [
  ...IT_SERVICES,
  "Velferdsteknologisk plattform for hjemmetjenesten i Follo",
  "Digital hjemmeoppfølging og medisineringsstøtte",
  "Heimetenester med velferdsteknologi i Sunnfjord",
  "Plattform for digital hjemmeoppfølging",
  "Smarte avfallsløsninger i Stavanger sentrum",
];
const TRANSPORT = [
  ...SCHOOL_TRANSPORT,
  ...BUSES,
  ...FAST_FERRIES,
  "Utslippsfrie rutebåter i Kragerø-skjærgården",
  ...ROADS,
];

// ---- the queries --------------------------------------------------------------------------------------

type Params = Record<string, string>;
const supplier = (category: Category, q: string, relevant: Judge, params: Params = {}): RelevanceQuery => ({
  index: "suppliers",
  category,
  params: q ? { q, ...params } : params,
  relevant,
});
const need = (category: Category, q: string, relevant: readonly string[], params: Params = {}): RelevanceQuery => ({
  index: "needs",
  category,
  params: q ? { q, ...params } : params,
  relevant,
});

export const RELEVANCE_QUERIES: RelevanceQuery[] = [
  supplier("plain", "brøyting", trade("snow")),
  supplier("plain", "renhold", trade("cleaning")),
  supplier("plain", "velferdsteknologi", trade("welfare")),
  supplier("plain", "skoleskyss", SCHOOL_TRANSPORT_FIRMS),
  supplier("plain", "solcelleanlegg", either(trade("solar"), saying("electric", /Solcelleanlegg/))),
  supplier("plain", "vaskeri", trade("laundry")),
  supplier("nynorsk", "reinhald", trade("cleaning")),
  supplier("nynorsk", "vegvedlikehald", trade("snow")),
  supplier("nynorsk", "skuleskyss", SCHOOL_TRANSPORT_FIRMS),
  supplier("nynorsk", "heimeteneste", trade("homecare")),
  supplier("english", "cleaning", trade("cleaning")),
  supplier("english", "snow clearing", trade("snow")),
  supplier("english", "school transport", SCHOOL_TRANSPORT_FIRMS),
  supplier("english", "welfare technology", trade("welfare")),
  supplier("english", "electrician", trade("electric")),
  supplier("typo", "brøyring", trade("snow")),
  supplier("typo", "renhld", trade("cleaning")),
  supplier("typo", "velferdsteknolgi", trade("welfare")),
  supplier("typo", "rørleger", trade("plumbing")),
  supplier("prefix", "renh", trade("cleaning")),
  supplier("prefix", "velferds", trade("welfare")),
  supplier("prefix", "brøyt", trade("snow")),
  supplier("prefix", "anleggsgart", trade("landscaping")),
  supplier("inflection", "vedlikehold av veier", either(trade("snow"), saying("landscaping", /Sommerdrift/))),
  supplier("inflection", "mat til sykehjemmet", trade("catering")),
  supplier("inflection", "elektrikere", trade("electric")),
  supplier("synonym", "IKT", SOFTWARE_OR_IT),
  supplier("synonym", "digitalisering", SOFTWARE_OR_IT),
  supplier("synonym", "helse og omsorg", trade("homecare")),
  supplier("synonym", "avfallshåndtering", trade("waste")),
  supplier("place", "brøyting", both(trade("snow"), serves("3207")), { municipality: "3207" }),
  supplier("place", "brøyting Ski", both(trade("snow"), serves("3207"))),
  supplier("place", "brøyting", both(trade("snow"), basedWithin(15, SKI, "Ski")), {
    near: `${SKI.lat},${SKI.lon}`,
    radiusKm: "15",
  }),
  supplier("place", "winter road maintenance", both(trade("snow"), basedWithin(30, SKI, "Ski")), {
    near: `${SKI.lat},${SKI.lon}`,
    radiusKm: "30",
  }),
  supplier("place", "renhold", both(trade("cleaning"), servesCounty("46")), { county: "46" }),
  supplier("place", "elektriker Fredrikstad", both(trade("electric"), serves("3107"))),
  supplier("cpv", "", both(coded("90911200"), serves("3218")), { cpv: "90911200", municipality: "3218" }),
  supplier("cpv", "renhold", coded("90919300"), { cpv: "90919300" }),

  need("plain", "vinterdrift", ROADS),
  need("plain", "renhold", CLEANING),
  need("plain", "skoleskyss", SCHOOL_TRANSPORT),
  need("plain", "velferdsteknologi", WELFARE_TECH),
  need("plain", "skolemåltid", SCHOOL_MEALS),
  need("plain", "avfall", WASTE),
  need("nynorsk", "reinhald", CLEANING),
  need("nynorsk", "renhald", CLEANING),
  need("nynorsk", "vegvedlikehald", ROADS),
  need("nynorsk", "ny skule", NEW_SCHOOLS),
  need("nynorsk", "heimeteneste", HOME_SERVICES),
  need("nynorsk", "snøggbåt", FAST_FERRIES),
  need("english", "cleaning", CLEANING),
  need("english", "snow clearing", ROADS),
  need("english", "school transport", SCHOOL_TRANSPORT),
  need("english", "school catering", SCHOOL_MEALS),
  need("english", "electric buses", BUSES),
  need("typo", "renhld", CLEANING),
  need("typo", "velferdsteknolgi", WELFARE_TECH),
  need("typo", "skoleskys", SCHOOL_TRANSPORT),
  need("typo", "brøyring", ROADS),
  need("prefix", "velferds", WELFARE_TECH),
  need("prefix", "renh", CLEANING),
  need("prefix", "skoles", SCHOOL_TRANSPORT),
  need("prefix", "hurtigb", FAST_FERRIES),
  need("inflection", "vedlikehold av veier", ROADS),
  need("inflection", "renhold skolene", SCHOOL_CLEANING),
  need("inflection", "mat til sykehjemmet", CARE_MEALS),
  need("inflection", "trygghetsalarmene", SAFETY_ALARMS),
  need("synonym", "IKT", IT),
  need("synonym", "digitalisering", [...new Set([...IT, ...WELFARE_TECH])]),
  need("synonym", "samferdsel", TRANSPORT),
  need("synonym", "helse og omsorg", CARE),
  need("place", "brøyting", NF_WINTER, { municipality: "3207" }),
  need("place", "renhold Follo 2027", FOLLO_CLEANING),
  need("place", "renhold", FOLLO_CLEANING, {
    municipality: "3207,3218,3214,3212,3216,3220",
    from: "2027-01-01",
    to: "2027-12-31",
  }),
  need("place", "skoleskyss Telemark", ["Skoleskyss for grunnskole og videregående i Telemark"]),
  need("place", "reinhald Bergen", ["Reinhald av vidaregåande skular i Bergen og omland"]),
  need(
    "cpv",
    "",
    ["Drift og vedlikehold av kommunale veier i Indre Østfold, fem roder", "Vinterdrift av kommunale veier i Skiptvet"],
    {
      cpv: "90620000",
      county: "31",
    },
  ),
  need("cpv", "", [...CARE_MEALS, ...SCHOOL_MEALS], { cpv: "55000000" }),
];

// ---- resolving the expected sets ----------------------------------------------------------------------

export interface ResolvedQuery extends RelevanceQuery {
  label: string;
  /** Why these results are the relevant ones. */
  why: string;
  /** Supplier names or need titles. */
  expected: Set<string>;
}

export const labelOf = (params: Record<string, string>): string =>
  Object.entries(params)
    .map(([key, value]) => (key === "q" ? `"${value}"` : `${key}=${value}`))
    .join(" ");

/** Expected results from the seed data; throws when a title names no searchable demo need or a rule no firm. */
export function resolveQueries(queries = RELEVANCE_QUERIES): ResolvedQuery[] {
  const firms: Firm[] = demoSuppliers().map((spec) => ({ spec, trade: tradeOf(spec) }));
  const searchable = new Set(DEMO_NEEDS.filter((n) => isOpenNeedStatus(n.status ?? "published")).map((n) => n.title));
  return queries.map((query) => {
    const label = labelOf(query.params);
    const judge = query.relevant;
    if ("test" in judge) {
      const expected = new Set(firms.filter((f) => judge.test(f)).map((f) => f.spec.organization.name));
      if (expected.size === 0) throw new Error(`${label}: no demo supplier is ${judge.text}`);
      return { ...query, label, why: judge.text, expected };
    }
    const unknown = judge.filter((title) => !searchable.has(title));
    if (unknown.length > 0) throw new Error(`${label}: not a searchable demo need: ${unknown.join("; ")}`);
    return { ...query, label, why: `${judge.length} needs by title`, expected: new Set(judge) };
  });
}

// ---- metrics ------------------------------------------------------------------------------------------

export interface Outcome {
  query: ResolvedQuery;
  /** Names or titles of the first ten hits, best first. */
  top: string[];
  total: number;
  recall: number;
  rr: number;
}

/** Relevant hits in the top 5 over min(5, relevant count); 1/rank of the first relevant hit in the top 10. */
export function score(expected: Set<string>, top: string[]): { recall: number; rr: number } {
  const found = top.slice(0, 5).filter((key) => expected.has(key)).length;
  const first = top.slice(0, 10).findIndex((key) => expected.has(key));
  return { recall: found / Math.min(5, expected.size), rr: first < 0 ? 0 : 1 / (first + 1) };
}

const mean = (values: number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
export const totals = (outcomes: Outcome[]) => ({
  queries: outcomes.length,
  recall: mean(outcomes.map((o) => o.recall)),
  mrr: mean(outcomes.map((o) => o.rr)),
});

/** Runs every query through the HTTP API as the given key and scores the top ten. */
export async function runQueries(http: Harness["http"], token: string, queries: ResolvedQuery[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const query of queries) {
    const res = await http
      .get(`/api/v1/${query.index}/search`)
      .query({ ...query.params, limit: "10" })
      .set("Authorization", `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`${query.index} ${query.label}: ${res.status} ${JSON.stringify(res.body)}`);
    const hits = res.body.hits as { name?: string; title?: string }[];
    const top = hits.map((hit) => hit.name ?? hit.title ?? "?");
    outcomes.push({ query, top, total: res.body.total as number, ...score(query.expected, top) });
  }
  return outcomes;
}

// ---- reports ------------------------------------------------------------------------------------------

const f2 = (n: number): string => n.toFixed(2);

/** recall@5 and MRR per index × category, then per index and overall. */
export function groupTable(outcomes: Outcome[]): string {
  const rows = ["| index | category | queries | recall@5 | MRR |", "|---|---|---:|---:|---:|"];
  for (const index of ["suppliers", "needs"] as const) {
    for (const category of CATEGORIES) {
      const group = outcomes.filter((o) => o.query.index === index && o.query.category === category);
      if (group.length === 0) continue;
      const t = totals(group);
      rows.push(`| ${index} | ${category} | ${t.queries} | ${f2(t.recall)} | ${f2(t.mrr)} |`);
    }
    const t = totals(outcomes.filter((o) => o.query.index === index));
    rows.push(`| **${index}** | **all** | ${t.queries} | **${f2(t.recall)}** | **${f2(t.mrr)}** |`);
  }
  const t = totals(outcomes);
  rows.push(`| **both** | **all** | ${t.queries} | **${f2(t.recall)}** | **${f2(t.mrr)}** |`);
  return rows.join("\n");
}

/** One row per query: recall@5, reciprocal rank, relevant count, hits. */
export function queryTable(outcomes: Outcome[]): string {
  const rows = ["| index | category | query | relevant | hits | recall@5 | RR |", "|---|---|---|---:|---:|---:|---:|"];
  for (const o of outcomes) {
    const q = o.query;
    rows.push(
      `| ${q.index} | ${q.category} | ${q.label} | ${q.expected.size} | ${o.total} | ${f2(o.recall)} | ${f2(o.rr)} |`,
    );
  }
  return rows.join("\n");
}

/** Queries with recall@5 below 1 or the first relevant hit below rank 1, with what came back instead. */
export function missList(outcomes: Outcome[]): string {
  const missed = outcomes.filter((o) => o.recall < 1 || o.rr < 1);
  if (missed.length === 0) return "No misses.";
  return missed
    .map((o) => {
      const q = o.query;
      const top = o.top.slice(0, 5).map((key) => (q.expected.has(key) ? `✓ ${key}` : `✗ ${key}`));
      const head = `- ${q.index} ${q.category} ${q.label}: recall@5 ${f2(o.recall)}, RR ${f2(o.rr)}, ${o.total} hits`;
      return `${head}; relevant: ${q.why} (${q.expected.size})\n    top 5: ${top.join(" | ") || "(none)"}`;
    })
    .join("\n");
}
