/**
 * Where demo suppliers live: clusters of real municipalities (kommunenummer 2024) with the towns and villages
 * firms are named after. `nn` marks places where a local firm would write nynorsk.
 */
export interface Town {
  municipality: string;
  places: string[];
  nn?: boolean;
}

export interface Cluster {
  /** Region words used in firm names ("Follo Renhold AS"). */
  regions: string[];
  /** Counties a regional firm in the cluster serves. */
  counties: string[];
  towns: Town[];
}

const town = (municipality: string, places: string[], nn = false): Town => ({ municipality, places, nn });

export const CLUSTERS = {
  follo: {
    regions: ["Follo"],
    counties: ["32"],
    towns: [
      town("3207", ["Ski", "Kolbotn", "Langhus", "Oppegård", "Siggerud", "Kråkstad", "Sofiemyr"]),
      town("3218", ["Ås", "Nordby", "Vinterbro"]),
      town("3214", ["Drøbak", "Frogn"]),
      town("3212", ["Nesodden", "Fagerstrand", "Nesoddtangen"]),
      town("3216", ["Vestby", "Son", "Hølen"]),
      town("3220", ["Enebakk", "Ytre Enebakk", "Flateby"]),
    ],
  },
  indreOstfold: {
    regions: ["Indre Østfold", "Østfold"],
    counties: ["31"],
    towns: [
      town("3118", ["Askim", "Mysen", "Spydeberg", "Eidsberg", "Trøgstad", "Hobøl", "Båstad"]),
      town("3116", ["Skiptvet"]),
      town("3122", ["Ørje", "Marker"]),
      town("3120", ["Rakkestad"]),
      town("3124", ["Aremark"]),
    ],
  },
  nedreGlomma: {
    regions: ["Østfold", "Nedre Glomma"],
    counties: ["31"],
    towns: [
      town("3107", ["Fredrikstad", "Gressvik", "Kråkerøy"]),
      town("3105", ["Sarpsborg", "Tune"]),
      town("3101", ["Halden"]),
      town("3103", ["Moss", "Jeløy"]),
      town("3110", ["Hvaler"]),
    ],
  },
  oslo: {
    regions: ["Oslo", "Akershus", "Østlandet"],
    counties: ["03", "32"],
    towns: [
      town("0301", ["Oslo", "Groruddalen", "Nydalen", "Bjørvika", "Skøyen"]),
      town("3201", ["Sandvika", "Bærum"]),
      town("3203", ["Asker"]),
      town("3205", ["Lillestrøm", "Strømmen"]),
      town("3222", ["Lørenskog"]),
    ],
  },
  vestfold: {
    regions: ["Vestfold"],
    counties: ["39"],
    towns: [
      town("3901", ["Horten", "Borre"]),
      town("3903", ["Holmestrand"]),
      town("3905", ["Tønsberg"]),
      town("3907", ["Sandefjord"]),
      town("3909", ["Larvik", "Stavern"]),
      town("3911", ["Nøtterøy", "Tjøme"]),
    ],
  },
  telemark: {
    regions: ["Telemark", "Grenland"],
    counties: ["40"],
    towns: [
      town("4001", ["Porsgrunn"]),
      town("4003", ["Skien"]),
      town("4005", ["Notodden"]),
      town("4012", ["Bamble"]),
      town("4014", ["Kragerø"]),
      town("4020", ["Bø"], true),
    ],
  },
  buskerud: {
    regions: ["Buskerud", "Drammen"],
    counties: ["33"],
    towns: [town("3301", ["Drammen"]), town("3303", ["Kongsberg"]), town("3305", ["Hønefoss"]), town("3312", ["Lier"])],
  },
  innlandet: {
    regions: ["Innlandet", "Mjøs"],
    counties: ["34"],
    towns: [
      town("3403", ["Hamar"]),
      town("3405", ["Lillehammer"]),
      town("3407", ["Gjøvik"]),
      town("3411", ["Brumunddal"]),
      town("3420", ["Elverum"]),
    ],
  },
  vestland: {
    regions: ["Vestland", "Bergen", "Vest"],
    counties: ["46"],
    towns: [
      town("4601", ["Bergen", "Fana", "Åsane", "Laksevåg", "Arna"]),
      town("4627", ["Askøy"]),
      town("4626", ["Sotra", "Straume"], true),
      town("4631", ["Knarvik", "Alver"], true),
      town("4624", ["Os", "Bjørnafjorden"], true),
      town("4647", ["Førde", "Sunnfjord"], true),
      town("4640", ["Sogndal"], true),
      town("4622", ["Norheimsund", "Kvam"], true),
    ],
  },
  rogaland: {
    regions: ["Rogaland", "Jæren"],
    counties: ["11"],
    towns: [
      town("1103", ["Stavanger", "Hinna", "Madla"]),
      town("1108", ["Sandnes"]),
      town("1124", ["Sola"]),
      town("1120", ["Klepp"], true),
      town("1121", ["Bryne"], true),
      town("1106", ["Haugesund"]),
    ],
  },
  agder: {
    regions: ["Agder", "Sørlandet"],
    counties: ["42"],
    towns: [
      town("4204", ["Kristiansand", "Vågsbygd"]),
      town("4203", ["Arendal"]),
      town("4202", ["Grimstad"]),
      town("4215", ["Lillesand"]),
      town("4223", ["Vennesla"]),
      town("4205", ["Mandal"]),
    ],
  },
  trondelag: {
    regions: ["Trøndelag", "Midt-Norge", "Trondheim"],
    counties: ["50"],
    towns: [
      town("5001", ["Trondheim", "Heimdal", "Tiller"]),
      town("5028", ["Melhus"]),
      town("5031", ["Malvik", "Hommelvik"]),
      town("5035", ["Stjørdal"]),
      town("5006", ["Steinkjer"]),
    ],
  },
  more: {
    regions: ["Sunnmøre", "Møre"],
    counties: ["15"],
    towns: [town("1508", ["Ålesund"]), town("1506", ["Molde"])],
  },
  nord: {
    regions: ["Nord", "Nordland", "Nord-Norge"],
    counties: ["18", "55"],
    towns: [town("1804", ["Bodø"]), town("5501", ["Tromsø"]), town("1833", ["Mo i Rana"]), town("1806", ["Narvik"])],
  },
} satisfies Record<string, Cluster>;

export type ClusterKey = keyof typeof CLUSTERS;

export const SURNAMES = (
  "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Berg Haugen Hagen " +
  "Bakken Lie Solberg Dahl Lund Strand Moen Myhre Eriksen Halvorsen Aas Bråten Skaug Holm Fossum Rud " +
  "Brekke Hauge Sæther Nygård Tveit Vik Rønning Aasen Engebretsen Kvam Løken Nordby Sund Tangen " +
  "Ødegård Grønli"
).split(" ");

export const FIRST_NAMES = (
  "Anne Kari Ingrid Marit Silje Hilde Camilla Nora Ida Astrid Lars Ole Per Jon Morten Geir Knut Trond " +
  "Eirik Sindre Magnus Håkon Sigrid Tone Øystein"
).split(" ");

/** Brand words for firms not named after a place or a family (IT, welfare technology, consultancies). */
export const BRANDS = (
  "Fjord Nordlys Tinde Vidde Bølge Kyst Furu Bjørk Isbre Polar Sølvberg Grønnli Klarsyn Trygghavn " +
  "Nordvei Midtpunkt Varde Stjerne Lysne Elvebakk Fjellbris Havgløtt"
).split(" ");
