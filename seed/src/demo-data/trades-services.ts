import { LOCAL, SMALL_FIRMS, type Trade } from "./trade-types";

/** Local and regional service trades: food, green areas, painting, transport for pupils and laundry. */
export const SERVICE_TRADES: Trade[] = [
  {
    key: "catering",
    nb: {
      names: [
        "{place} Storkjøkken AS",
        "{surname}s Kjøkken AS",
        "{place} Mat og Catering AS",
        "{region} Kantine og Catering AS",
      ],
      noun: "en cateringbedrift",
      capabilities: [
        "Produksjon av middager til sykehjem og hjemmeboende, kok-kjøl og varmholdt.",
        "Skolemat og kantinedrift med lokale råvarer.",
        "Tilpasset konsistens og spesialkost etter kommunens ernæringsstrategi.",
        "Matsvinn måles og rapporteres hver måned.",
        "Egne kjølebiler for utkjøring.",
      ],
    },
    nn: {
      names: ["{place} Storkjøken AS", "{place} Mat og Catering AS", "{region} Kantine og Catering AS"],
      noun: "ei cateringbedrift",
      capabilities: [
        "Produksjon av middagar til sjukeheimar og heimebuande, kok-kjøl og varmhalde.",
        "Skulemat og kantinedrift med lokale råvarer.",
        "Matsvinn vert målt og rapportert kvar månad.",
      ],
    },
    cpv: ["55520000-1", "55321000-6", "55521200-0", "55524000-9", "55523000-2", "15894200-3"],
    nace: ["56.220", "56.210"],
    scope: [
      ["local", 2],
      ["regional", 1],
    ],
    sizes: SMALL_FIRMS,
    certifications: { miljofyrtarn: 0.5, startbank: 0.5, approved_apprenticeship_company: 0.3, iso_14001: 0.2 },
    homes: { follo: 4, indreOstfold: 2, nedreGlomma: 2, oslo: 3, vestland: 2, rogaland: 1, agder: 1, trondelag: 2 },
  },
  {
    key: "landscaping",
    nb: {
      names: ["{place} Grøntanlegg AS", "{surname} Hage og Park AS", "{place} Anleggsgartner AS", "{region} Grønt AS"],
      noun: "en anleggsgartnerbedrift",
      capabilities: [
        "Skjøtsel av parker, lekeplasser og uteområder ved skoler.",
        "Anleggsgartnerarbeid: belegningsstein, beplantning og lekeapparater.",
        "Trefelling og beskjæring, også i bynære strøk.",
        "Sommerdrift av gang- og sykkelveier.",
      ],
    },
    cpv: ["77310000-6", "77313000-7", "45112700-2", "77211400-6", "77341000-2"],
    nace: ["81.300"],
    scope: LOCAL,
    sizes: SMALL_FIRMS,
    certifications: { approved_apprenticeship_company: 0.4, startbank: 0.4, miljofyrtarn: 0.3 },
    homes: { follo: 4, indreOstfold: 2, vestfold: 2, oslo: 2, vestland: 2, agder: 1 },
  },
  {
    key: "painting",
    nb: {
      names: ["{place} Malerservice AS", "Malermester {surname} AS", "{surname} Maler og Tapet AS"],
      noun: "en malerbedrift",
      capabilities: [
        "Innvendig og utvendig maling av skoler, barnehager og kommunale boliger.",
        "Fasaderehabilitering og tapetsering.",
        "Mesterbedrift med lærlinger i malerfaget.",
      ],
    },
    cpv: ["45442100-8", "45443000-4"],
    nace: ["43.340"],
    scope: LOCAL,
    sizes: SMALL_FIRMS,
    certifications: { approved_apprenticeship_company: 0.5, startbank: 0.4 },
    homes: { follo: 3, indreOstfold: 1, vestfold: 1, agder: 1, trondelag: 1 },
  },
  {
    key: "taxi",
    nb: {
      names: ["{place} Taxi AS", "{place} Skoleskyss og Transport AS", "{surname} Persontransport AS"],
      noun: "et transportselskap for tilrettelagt skyss",
      capabilities: [
        "Tilrettelagt skoleskyss og TT-transport med faste sjåfører.",
        "Rullestoltilpassede biler og minibusser.",
        "Elektriske taxier og minibusser.",
        "Varsling til foresatte når barnet er hentet og levert.",
      ],
    },
    cpv: ["60130000-8", "60140000-1", "60120000-5"],
    nace: ["49.320", "49.330"],
    scope: LOCAL,
    sizes: SMALL_FIRMS,
    certifications: { startbank: 0.5, miljofyrtarn: 0.3 },
    homes: { follo: 3, indreOstfold: 2, nedreGlomma: 1, vestfold: 1, vestland: 1 },
  },
  {
    key: "laundry",
    nb: {
      names: ["{place} Vaskeri AS", "{region} Tekstilservice AS"],
      noun: "et vaskeri",
      capabilities: [
        "Vask av tøy og tekstiler for sykehjem og omsorgsboliger.",
        "Utleie og vask av arbeidsklær.",
        "Henting og levering flere ganger i uken.",
      ],
    },
    cpv: ["98310000-9"],
    nace: ["96.100"],
    scope: [["regional", 1]],
    sizes: [
      ["small", 2],
      ["medium", 1],
    ],
    certifications: { miljofyrtarn: 0.5, iso_14001: 0.3 },
    homes: { follo: 1, indreOstfold: 1 },
  },
];
