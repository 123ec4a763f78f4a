import type { Trade } from "./trade-types";

/** Regional and national operators: home care, maritime, waste and solar energy. */
export const REGIONAL_TRADES: Trade[] = [
  {
    key: "homecare",
    nb: {
      names: [
        "{place} Hjemmetjeneste AS",
        "{brand} Omsorg AS",
        "{surname} Helse og Omsorg AS",
        "{region} Assistanse AS",
      ],
      noun: "en privat leverandør av hjemmetjenester",
      capabilities: [
        "Praktisk bistand og hjemmesykepleie i fritt brukervalg.",
        "Brukerstyrt personlig assistanse (BPA).",
        "Avlastning og støttekontakt.",
        "Faste team av sykepleiere og helsefagarbeidere.",
      ],
    },
    cpv: ["85312400-3", "85323000-9", "85311100-3", "85312000-9"],
    nace: ["88.101", "86.941", "88.104"],
    scope: [["regional", 1]],
    sizes: [
      ["small", 2],
      ["medium", 2],
      ["large", 1],
    ],
    certifications: { iso_9001: 0.3, approved_apprenticeship_company: 0.4, startbank: 0.5 },
    homes: { follo: 2, oslo: 3, vestland: 2, rogaland: 1, vestfold: 1, trondelag: 1, agder: 1 },
  },
  {
    key: "maritime",
    nb: {
      names: ["{region} Sjøtransport AS", "{place} Båtbyggeri AS", "{brand} Marine AS"],
      noun: "et maritimt selskap",
      capabilities: [
        "Bygging av aluminiumsfartøy og hurtigbåter med batteri- og hybridfremdrift.",
        "Drift av rutebåter og skyssbåter.",
        "Ettermontering av batteri og landstrøm.",
      ],
    },
    nn: {
      names: ["{region} Sjøtransport AS", "{place} Båtbyggjeri AS", "{brand} Marine AS"],
      noun: "eit maritimt selskap",
      capabilities: [
        "Bygging av aluminiumsfartøy og snøggbåtar med batteri- og hybriddrift.",
        "Drift av rutebåtar og skyssbåtar.",
        "Ettermontering av batteri og landstraum.",
      ],
    },
    cpv: ["34512000-9", "60600000-4", "60653000-0", "50241000-6", "34521000-5"],
    nace: ["30.110", "50.109", "33.150"],
    scope: [["national", 1]],
    sizes: [
      ["small", 2],
      ["medium", 2],
      ["large", 1],
    ],
    certifications: { iso_9001: 0.5, iso_14001: 0.5, iso_45001: 0.4 },
    homes: { vestland: 3, more: 2, nord: 1, rogaland: 1, trondelag: 1 },
  },
  {
    key: "waste",
    nb: {
      names: [
        "{region} Gjenvinning AS",
        "{place} Renovasjon AS",
        "{region} Avfallsservice AS",
        "{surname} Container og Gjenvinning AS",
      ],
      noun: "et avfalls- og gjenvinningsselskap",
      capabilities: [
        "Innsamling av husholdnings- og næringsavfall med elektriske renovasjonsbiler.",
        "Tømming av nedgravde containere etter målt fyllingsgrad.",
        "Slamtømming og septikservice.",
        "Sortering og materialgjenvinning på eget anlegg.",
      ],
    },
    cpv: ["90511000-2", "90512000-9", "90513000-6", "90514000-3", "90500000-2"],
    nace: ["38.110", "38.210"],
    scope: [["regional", 1]],
    sizes: [
      ["small", 1],
      ["medium", 3],
      ["large", 2],
    ],
    certifications: { iso_14001: 0.6, iso_9001: 0.5, iso_45001: 0.3, miljofyrtarn: 0.2 },
    homes: {
      follo: 1,
      indreOstfold: 1,
      nedreGlomma: 1,
      oslo: 2,
      vestfold: 1,
      vestland: 1,
      rogaland: 1,
      agder: 1,
      trondelag: 1,
    },
  },
  {
    key: "solar",
    nb: {
      names: ["{place} Solenergi AS", "{brand} Energi AS", "{region} Solkraft AS"],
      noun: "et solenergiselskap",
      capabilities: [
        "Solcelleanlegg på offentlige tak, fra prosjektering til drift.",
        "Batterilager og energistyring.",
        "Ladeinfrastruktur for bilparker og busser.",
      ],
    },
    cpv: ["09332000-5", "45261215-4", "09331200-0", "31158100-9", "45310000-3"],
    nace: ["43.210", "35.123"],
    scope: [
      ["regional", 2],
      ["national", 1],
    ],
    sizes: [
      ["micro", 1],
      ["small", 3],
      ["medium", 1],
    ],
    certifications: { iso_9001: 0.4, iso_14001: 0.4, miljofyrtarn: 0.3, startbank: 0.5 },
    homes: { follo: 1, oslo: 2, vestfold: 1, agder: 2, rogaland: 1, innlandet: 1 },
  },
];
