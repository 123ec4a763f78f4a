/**
 * The demo's public buyers: real bodies and real kommunenummer, fictional users of the platform. Their
 * organisation numbers are generated (see org-numbers.ts), not the bodies' own.
 */
export interface DemoBuyer {
  name: string;
  buyerType: "kommune" | "fylkeskommune";
  /** Kommunenummer of the body (a county municipality: its seat). */
  municipality: string;
  email: string;
}

const kommune = (name: string, municipality: string, mail: string): DemoBuyer => ({
  name: `${name} kommune`,
  buyerType: "kommune",
  municipality,
  email: `innkjop@${mail}.kommune.example`,
});
const fylke = (name: string, seat: string, mail: string): DemoBuyer => ({
  name: `${name} fylkeskommune`,
  buyerType: "fylkeskommune",
  municipality: seat,
  email: `innkjop@${mail}.fylkeskommune.example`,
});

export const DEMO_BUYERS = {
  // Follo, Akershus: Nordre Follo was formed in 2020 from Ski and Oppegård; admin centre Ski.
  nordreFollo: kommune("Nordre Follo", "3207", "nordrefollo"),
  aas: kommune("Ås", "3218", "as"),
  frogn: kommune("Frogn", "3214", "frogn"),
  nesodden: kommune("Nesodden", "3212", "nesodden"),
  vestby: kommune("Vestby", "3216", "vestby"),
  enebakk: kommune("Enebakk", "3220", "enebakk"),
  // Østfold
  indreOstfold: kommune("Indre Østfold", "3118", "indre-ostfold"),
  skiptvet: kommune("Skiptvet", "3116", "skiptvet"),
  marker: kommune("Marker", "3122", "marker"),
  fredrikstad: kommune("Fredrikstad", "3107", "fredrikstad"),
  // County municipalities: Vestfold (seat Tønsberg), Telemark (Skien), Trøndelag (Steinkjer)
  vestfold: fylke("Vestfold", "3905", "vestfold"),
  telemark: fylke("Telemark", "4003", "telemark"),
  trondelag: fylke("Trøndelag", "5006", "trondelag"),
  // Vestland, Rogaland and Agder
  bergen: kommune("Bergen", "4601", "bergen"),
  sunnfjord: kommune("Sunnfjord", "4647", "sunnfjord"),
  vestland: fylke("Vestland", "4601", "vestland"),
  stavanger: kommune("Stavanger", "1103", "stavanger"),
  rogaland: fylke("Rogaland", "1103", "rogaland"),
  kristiansand: kommune("Kristiansand", "4204", "kristiansand"),
  agder: fylke("Agder", "4204", "agder"),
} satisfies Record<string, DemoBuyer>;

export type BuyerKey = keyof typeof DEMO_BUYERS;

/** The organiser of dialogue conferences in the demo (fictional). */
export const DEMO_ORGANISER = {
  name: "Innovative anskaffelser Øst – dialogarena",
  municipality: "3207",
  email: "post@dialogarena-ost.example",
};
