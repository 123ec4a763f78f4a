import type { NeedJson } from "./demo-data/need-types";

type Procedure = NeedJson["procedure"];

/**
 * Kinds of need the benchmark generator draws from. `{place}` is the buyer's municipality or county;
 * values are in MNOK for a municipality of 20 000 inhabitants and grow with the fourth root of population.
 */
export interface NeedTemplate {
  title: string;
  challenge: string;
  cpv: string[];
  procedures: Procedure[];
  value: [number, number];
  durationMonths: number;
  sme?: number;
  innovation?: number;
  sustainability?: number;
}

const t = (
  title: string,
  challenge: string,
  cpv: string[],
  procedures: Procedure[],
  value: [number, number],
  durationMonths: number,
  flags: Pick<NeedTemplate, "sme" | "innovation" | "sustainability"> = {},
): NeedTemplate => ({ title, challenge, cpv, procedures, value, durationMonths, ...flags });

export const NEED_TEMPLATES: NeedTemplate[] = [
  t(
    "Vinterdrift av kommunale veier i {place}",
    "Brøyting, strøing og snørydding av kommunale veier og skoleveier, med rapportering i sanntid.",
    ["90620000-9", "90630000-2"],
    ["open"],
    [8, 14],
    48,
    { sme: 0.9 },
  ),
  t(
    "Drift og vedlikehold av veier i {place}",
    "Sommer- og vinterdrift med funksjonskrav og færre utslipp fra maskinparken.",
    ["45233141-9", "90620000-9"],
    ["open", "competitive_negotiation"],
    [20, 40],
    60,
    { sme: 0.4, sustainability: 0.5 },
  ),
  t(
    "Renhold av kommunale bygg i {place}",
    "Daglig og periodisk renhold av skoler, barnehager og helsebygg med miljømerkede midler.",
    ["90911200-8", "90919300-5"],
    ["open"],
    [10, 20],
    48,
    { sme: 0.8, sustainability: 0.5 },
  ),
  t(
    "Ny barneskole i {place}",
    "En barneskole med flerbrukshall, bygget med lavt klimafotavtrykk og sambruk med nærmiljøet.",
    ["45214210-5", "71200000-0"],
    ["competitive_negotiation", "restricted"],
    [150, 260],
    30,
    { sustainability: 0.7 },
  ),
  t(
    "Nytt sykehjem i {place}",
    "Sykehjemsplasser bygget for velferdsteknologi, demensvennlige og fleksible.",
    ["45215213-3", "71000000-8"],
    ["competitive_negotiation", "competitive_dialogue"],
    [200, 350],
    32,
    { sustainability: 0.6 },
  ),
  t(
    "Rehabilitering av svømmehall i {place}",
    "Nytt tak, ventilasjon og varmegjenvinning, med kortest mulig stengetid.",
    ["45212290-5", "45453000-7"],
    ["restricted", "open"],
    [40, 90],
    18,
    { sustainability: 0.6 },
  ),
  t(
    "Mat til sykehjem og hjemmeboende i {place}",
    "Ernæringsriktig mat levert varm eller kjølt, med lokale råvarer og mindre matsvinn.",
    ["55321000-6", "55521200-0"],
    ["open", "competitive_negotiation"],
    [10, 25],
    48,
    { sme: 0.5, sustainability: 0.6 },
  ),
  t(
    "Skolemåltid i {place}",
    "Et sunt måltid hver skoledag med lokale råvarer.",
    ["55524000-9"],
    ["open"],
    [4, 10],
    36,
    { sme: 0.8, sustainability: 0.5 },
  ),
  t(
    "Tilrettelagt skoleskyss i {place}",
    "Daglig skyss for elever med særskilte behov, med faste sjåfører.",
    ["60130000-8"],
    ["open"],
    [6, 15],
    48,
    { sme: 0.8 },
  ),
  t(
    "Velferdsteknologi i hjemmetjenesten i {place}",
    "Digitalt tilsyn, medisinstøtte og trygghetsalarmer samlet i én løsning.",
    ["48180000-3", "35121700-5"],
    ["competitive_dialogue", "innovation_partnership"],
    [5, 20],
    60,
    { innovation: 0.8 },
  ),
  t(
    "Digitalt nattilsyn i {place}",
    "Trygt tilsyn om natten uten kamera på soverommet.",
    ["73000000-2", "33195000-3"],
    ["pre_commercial"],
    [3, 8],
    24,
    { innovation: 1 },
  ),
  t(
    "Sak- og arkivsystem for {place}",
    "Skybasert sak- og arkivløsning med Noark 5 og integrasjon mot fagsystemer.",
    ["48311100-2", "72250000-2"],
    ["competitive_negotiation"],
    [5, 15],
    96,
  ),
  t(
    "Nettverk i skoler i {place}",
    "Trådløst og kablet nett som tåler én PC per elev.",
    ["32420000-3", "72710000-0"],
    ["open"],
    [3, 10],
    60,
  ),
  t(
    "Innsamling av husholdningsavfall i {place}",
    "Avfallsinnsamling med utslippsfrie biler og bedre sortering av matavfall og plast.",
    ["90511000-2", "90512000-9"],
    ["competitive_negotiation", "open"],
    [20, 60],
    84,
    { sustainability: 0.8, innovation: 0.3 },
  ),
  t(
    "Solcelleanlegg på kommunale tak i {place}",
    "Solceller med drift på de største kommunale takene.",
    ["09332000-5", "45261215-4"],
    ["open", "other"],
    [3, 12],
    24,
    { sustainability: 1 },
  ),
  t(
    "Hjemmetjenester i fritt brukervalg i {place}",
    "Praktisk bistand og helsetjenester i hjemmet fra private leverandører.",
    ["85312400-3", "85323000-9"],
    ["competitive_negotiation"],
    [20, 60],
    48,
  ),
  t(
    "Utslippsfri bilpark og lading i {place}",
    "Utslippsfrie tjenestebiler og lading ved tjenestestedene.",
    ["34144900-7", "31158100-9"],
    ["competitive_dialogue", "open"],
    [3, 10],
    60,
    { innovation: 0.5, sustainability: 1 },
  ),
];

/** County-level needs for generated fylkeskommuner. */
export const COUNTY_TEMPLATES: NeedTemplate[] = [
  t(
    "Drift og vedlikehold av fylkesveier i {place}",
    "Funksjonskontrakt for fylkesveinettet med færre utslipp og bedre tilstandsdata.",
    ["45233141-9", "90620000-9"],
    ["competitive_negotiation"],
    [150, 400],
    60,
    { sustainability: 0.6 },
  ),
  t(
    "Ny videregående skole i {place}",
    "Skole med studieforberedende og yrkesfaglige program og sambruk med kommunen.",
    ["45214220-8", "71200000-0"],
    ["competitive_dialogue", "competitive_negotiation"],
    [400, 900],
    36,
    { sustainability: 0.7 },
  ),
  t(
    "Kollektivtransport med buss i {place}",
    "Rutebusstjenester med utslippsfrie busser og lading på depot.",
    ["60112000-6", "34144910-0"],
    ["competitive_negotiation", "restricted"],
    [500, 2000],
    120,
    { sustainability: 0.9 },
  ),
  t(
    "Skoleskyss i {place}",
    "Skyss for grunnskole og videregående med fleksible ruter.",
    ["60112000-6", "60130000-8"],
    ["open"],
    [60, 200],
    72,
    { sme: 0.4 },
  ),
  t(
    "Utslippsfrie båtruter i {place}",
    "Fartøy og ladeinfrastruktur for rutebåter med null utslipp.",
    ["34512000-9", "60600000-4"],
    ["innovation_partnership"],
    [80, 300],
    120,
    { innovation: 1, sustainability: 1 },
  ),
];
