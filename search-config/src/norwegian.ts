/**
 * Norwegian language data shared by both indexes: stop words (function words only, bokmål and nynorsk) and
 * synonym groups for the procurement vocabulary in bokmål, nynorsk and English.
 */

/** Pronouns, articles, prepositions, conjunctions, auxiliaries and small adverbs. Never content words. */
export const norwegianStopWords: string[] = unique([
  // bokmål
  ...["og", "i", "jeg", "det", "at", "en", "et", "ett", "den", "til", "er", "som", "på", "de", "med", "han"],
  ...["av", "ikke", "der", "så", "var", "meg", "seg", "men", "har", "om", "vi", "min", "mitt", "mine", "ha"],
  ...["hadde", "hun", "nå", "over", "da", "ved", "fra", "du", "ut", "sin", "sitt", "sine", "dem", "oss", "opp"],
  ...["man", "kan", "hans", "hvor", "eller", "hva", "skal", "selv", "her", "alle", "vil", "bli", "ble", "blitt"],
  ...["kunne", "inn", "når", "være", "vært", "noen", "noe", "ville", "dere", "deres", "kun", "ja", "nei", "etter"],
  ...["ned", "skulle", "denne", "dette", "disse", "for", "deg", "mot", "å", "hvorfor", "uten", "hvordan", "ingen"],
  ...["din", "ditt", "dine", "blir", "samme", "hvilken", "hvilke", "hvilket", "mellom", "vår", "vårt", "våre"],
  ...["hver", "hvert", "hvem", "hvis", "både", "bare", "enn", "fordi", "før", "også", "slik", "begge", "siden"],
  ...["henne", "hennes", "dens", "dets", "jo", "nok", "mer", "mest", "svært", "meget", "hos", "innen", "per"],
  ...["under", "blant", "gjennom", "rundt", "samt", "dersom", "enten", "verken", "hverken", "likevel", "altså"],
  ...["derfor", "dessuten", "ellers", "allerede", "igjen", "kanskje", "må", "måtte", "bør", "burde", "får"],
  // nynorsk
  ...["eg", "ein", "eit", "eitt", "ikkje", "dei", "deira", "deim", "dykk", "dykkar", "ho", "honom", "hennar"],
  ...["kva", "kvar", "kvart", "kven", "korleis", "kvifor", "kvi", "me", "mykje", "no", "nokon", "noko", "nokre"],
  ...["noka", "sidan", "sia", "so", "um", "upp", "vere", "vore", "verte", "vert", "vart", "hjå", "frå", "medan"],
  ...["elles", "inkje", "ingi", "berre", "òg", "sjølv", "utan", "desse", "då", "kvarandre", "kvarannan"],
]);

/**
 * Each group is a set of words or phrases that mean the same for a buyer or a supplier. Inflected forms are
 * listed where stemming alone does not join them (Meilisearch does not stem).
 */
export const synonymGroups: string[][] = [
  ["ikt", "it", "informasjonsteknologi", "digital", "digitale", "digitalisering", "programvare", "software"],
  ["samferdsel", "samferdsle", "transport"],
  // Roads, not transport in general: "veier" should not also search every transport firm.
  ["veg", "vegar", "vegen", "vei", "veier", "veien", "road", "roads"],
  ["bygg", "anlegg", "bygg og anlegg", "byggearbeid", "byggarbeid", "construction", "construction work"],
  ["renhold", "renhald", "reinhald", "reingjering", "rengjøring", "cleaning"],
  ["helse", "omsorg", "helse og omsorg", "pleie", "care", "health", "healthcare"],
  [
    "brøyting",
    "snøbrøyting",
    "snørydding",
    "vintervedlikehold",
    "vintervedlikehald",
    "vinterdrift",
    "snow clearing",
    "snow removal",
    "winter maintenance",
    "winter road maintenance",
  ],
  ["skole", "skoler", "skule", "skular", "school", "schools"],
  ["barnehage", "barnehager", "barnehagar", "kindergarten", "kindergartens"],
  ["avfall", "renovasjon", "avfallshåndtering", "avfallshandtering", "waste", "waste management"],
  ["energi", "energy", "kraft", "power"],
  ["mat", "food", "catering", "matlevering", "kantine", "canteen"],
  ["velferdsteknologi", "welfare technology", "omsorgsteknologi", "trygghetsteknologi"],
  [
    "konsulent",
    "konsulenter",
    "konsulenttjenester",
    "rådgivning",
    "rådgiving",
    "rådgjeving",
    "consulting",
    "consultancy",
    "advisory",
  ],
  ["sykehjem", "sjukeheim", "nursing home", "omsorgssenter"],
  ["vann og avløp", "vatn og avløp", "vannforsyning", "vassforsyning", "water supply", "sewerage"],
  ["elektro", "elektriker", "elektrikere", "elektrikar", "elektroinstallasjon", "electrical", "electrician"],
  ["rørlegger", "rørleggerarbeid", "vvs", "plumbing"],
  ["vakthold", "vekter", "vektertjenester", "security guard", "guarding"],
  ["opplæring", "kurs", "training", "kompetanseheving", "undervisning"],
  ["møbler", "møblar", "inventar", "furniture"],
  ["kjøretøy", "køyretøy", "bil", "biler", "bilar", "vehicle", "vehicles"],
  ["arkitekt", "arkitektur", "architect", "architecture"],
  ["vedlikehold", "vedlikehald", "maintenance", "drift og vedlikehold"],
  [
    "grøntanlegg",
    "grøntvedlikehold",
    "parkvedlikehold",
    "anleggsgartner",
    "anleggsgartnar",
    "landscaping",
    "gardening",
  ],
  ["tolk", "tolking", "tolketjenester", "interpreting", "oversettelse", "omsetjing", "translation"],
  ["skoleskyss", "skuleskyss", "skolekjøring", "skulekøyring", "skoletransport", "school transport", "school bus"],
  // A different service from school transport (health trusts buy it, not municipalities).
  ["pasienttransport", "pasientreiser", "patient transport"],
  ["bærekraft", "berekraft", "bærekraftig", "sustainability", "sustainable"],
  ["innovasjon", "innovation", "nyskaping"],
  [
    "hjemmetjeneste",
    "hjemmetjenester",
    "hjemmetjenesten",
    "heimeteneste",
    "heimetenester",
    "hjemmesykepleie",
    "heimesjukepleie",
    "home care",
    "home care services",
  ],
  ["trygghetsalarm", "tryggleiksalarm", "safety alarm", "personal alarm"],
  ["hurtigbåt", "hurtigbåter", "snøggbåt", "snøggbåtar", "fast ferry", "fast ferries", "passasjerbåt"],
  ["skolemat", "skolemåltid", "skulemat", "skulemåltid", "school meals", "school catering"],
  ["elbuss", "elbussar", "elektrisk buss", "electric bus", "electric buses"],
  ["solcelleanlegg", "solceller", "solcellepanel", "solar panels", "solar power"],
  ["vaskeri", "tekstilvask", "laundry"],
];

/**
 * The same word in bokmål and nynorsk (or two accepted spellings): members of synonym groups above, but
 * the embedded engine matches them like the word typed, not at a synonym's discount. Meilisearch gets them
 * as ordinary synonyms, which it does not discount either.
 */
export const spellingVariants: string[][] = [
  ["renhold", "renhald", "reinhald"],
  ["rengjøring", "reingjering"],
  ["samferdsel", "samferdsle"],
  ["vei", "veg"],
  ["veier", "vegar"],
  ["veien", "vegen"],
  ["skole", "skule"],
  ["skoler", "skular"],
  ["skoleskyss", "skuleskyss"],
  ["skolekjøring", "skulekøyring"],
  ["skolemat", "skulemat"],
  ["skolemåltid", "skulemåltid"],
  ["barnehager", "barnehagar"],
  ["sykehjem", "sjukeheim"],
  ["vedlikehold", "vedlikehald"],
  ["vintervedlikehold", "vintervedlikehald"],
  ["avfallshåndtering", "avfallshandtering"],
  ["rådgivning", "rådgiving", "rådgjeving"],
  ["vann og avløp", "vatn og avløp"],
  ["vannforsyning", "vassforsyning"],
  ["elektriker", "elektrikar"],
  ["anleggsgartner", "anleggsgartnar"],
  ["oversettelse", "omsetjing"],
  ["møbler", "møblar"],
  ["kjøretøy", "køyretøy"],
  ["biler", "bilar"],
  ["bærekraft", "berekraft"],
  ["hjemmetjeneste", "heimeteneste"],
  ["hjemmetjenester", "heimetenester"],
  ["hjemmesykepleie", "heimesjukepleie"],
  ["trygghetsalarm", "tryggleiksalarm"],
  ["hurtigbåt", "snøggbåt"],
  ["hurtigbåter", "snøggbåtar"],
];

function unique(words: string[]): string[] {
  return [...new Set(words)];
}

/** Meilisearch's multi-way synonyms: each term maps to every other term of every group it is in. */
export function multiWaySynonyms(groups: string[][]): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = group.map((t) => t.toLowerCase());
    for (const term of terms) {
      const alternatives = map.get(term) ?? new Set<string>();
      for (const other of terms) if (other !== term) alternatives.add(other);
      map.set(term, alternatives);
    }
  }
  return Object.fromEntries([...map].map(([term, alternatives]) => [term, [...alternatives]]));
}

/**
 * One-way synonyms: a broad word also finds its narrower terms, not the other way round (a search for
 * trygghetsalarm should not return every welfare-technology supplier).
 */
export const narrowerTerms: Record<string, string[]> = {
  velferdsteknologi: [
    "trygghetsalarm",
    "trygghetsalarmer",
    "digitalt tilsyn",
    "digital hjemmeoppfølging",
    "medisindispenser",
    "medisindispensere",
    "medisineringsstøtte",
    "sensorteknologi",
  ],
  "welfare technology": ["safety alarm", "digital monitoring", "remote care"],
  ikt: ["nettverk", "sak- og arkivsystem", "fagsystem"],
};

/** Adds one-way entries to a synonyms map (Meilisearch's format), keeping what is there. */
export function withOneWay(map: Record<string, string[]>, oneWay: Record<string, string[]>): Record<string, string[]> {
  const out = { ...map };
  for (const [term, narrower] of Object.entries(oneWay)) {
    out[term] = [...new Set([...(out[term] ?? []), ...narrower])];
  }
  return out;
}

export const norwegianSynonyms: Record<string, string[]> = withOneWay(
  multiWaySynonyms([...synonymGroups, ...spellingVariants]),
  narrowerTerms,
);
