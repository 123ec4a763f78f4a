import { type DemoNeed, FOLLO, doffin, folloConference, mnok, oneToOne } from "./need-types";

const innkjop = { name: "Innkjøpsavdelingen i Nordre Follo", email: "innkjop@nordrefollo.kommune.example" };

/** Nordre Follo (3207), formed in 2020 from Ski and Oppegård; the largest buyer in Follo. */
export const NORDRE_FOLLO_NEEDS: DemoNeed[] = [
  {
    buyer: "nordreFollo",
    status: "in_dialogue",
    title: "Ski sentrum: nytt rådhuskvartal, byrom og gater rundt stasjonen",
    challenge:
      "Ski har vokst raskt etter Follobanen, men sentrum henger ikke sammen: stasjonen, rådhuset og handelen ligger " +
      "som øyer mellom parkeringsplasser. Vi trenger en utbygging som gir levende byrom, trygge skoleveier og " +
      "kommunale arbeidsplasser, uten å stenge sentrum i byggeperioden.",
    description:
      "Kommunen ønsker innspill på gjennomføringsmodell (samspill, OPS eller delte entrepriser), rekkefølge og " +
      "fossilfri byggeplass. Prosjektet omfatter nytt rådhuskvartal, ombygging av Idrettsveien og Jernbanesvingen, " +
      "overvannshåndtering og nye byrom.",
    cpv: ["45000000-7", "71240000", "45233140-2", "45112700"],
    estimatedValueNok: mnok(2000, 2400),
    municipalities: ["3207"],
    procedure: "competitive_dialogue",
    timeline: {
      dialogueOpens: "2027-01-15",
      plannedNotice: "2028-03-01",
      contractStart: "2028-10-01",
      durationMonths: 72,
    },
    innovation: true,
    sustainability: true,
    milestones: [folloConference, oneToOne("2027-02-15", "2027-03-12", "Nordre Follo rådhus, Ski")],
    contact: { name: "Prosjektkontor Ski sentrum", email: "skisentrum@nordrefollo.kommune.example" },
  },
  {
    buyer: "nordreFollo",
    title: "Nytt helse- og omsorgssenter på Langhus med 144 sykehjemsplasser",
    challenge:
      "Antallet innbyggere over 80 år i Nordre Follo dobles innen 2040. Vi trenger sykehjemsplasser som er bygget " +
      "for velferdsteknologi, demensvennlige og fleksible nok til å bli omsorgsboliger senere.",
    description:
      "Samspillsentreprise med støttespiller for arkitekt og RIB. Kommunen vil høre om erfaringer med massivtre, " +
      "energifleksible bygg og logistikk for mat og tøy i sykehjem.",
    cpv: ["45215213-3", "71000000-8", "45331000"],
    estimatedValueNok: mnok(1100, 1400),
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-02-01",
      plannedNotice: "2027-06-15",
      contractStart: "2027-12-01",
      durationMonths: 40,
    },
    sustainability: true,
    milestones: [folloConference],
    contact: innkjop,
  },
  {
    buyer: "nordreFollo",
    title: "Ny svømmehall i Ski med 25-metersbasseng og opplæringsbasseng",
    challenge:
      "Dagens basseng i Ski er slitt og for lite til svømmeopplæringen i skolene. Vi trenger en svømmehall med lave " +
      "driftskostnader, varmegjenvinning og god tilgjengelighet for alle brukergrupper.",
    cpv: ["45212212-5", "45212200-8"],
    estimatedValueNok: mnok(380, 460),
    municipalities: ["3207"],
    procedure: "restricted",
    timeline: { plannedNotice: "2027-09-01", contractStart: "2028-02-01", durationMonths: 30 },
    sustainability: true,
    milestones: [folloConference],
  },
  {
    buyer: "nordreFollo",
    title: "Ny ungdomsskole på Kolbotn for 810 elever",
    challenge:
      "Ungdomsskolene i tidligere Oppegård er fulle. Skolen må stå ferdig til skolestart 2030 og bygges uten å " +
      "forstyrre naboskolen og idrettsanlegget i byggeperioden.",
    cpv: ["45214220-8", "71200000"],
    estimatedValueNok: mnok(520, 620),
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: { plannedNotice: "2027-11-01", contractStart: "2028-04-01", durationMonths: 28 },
    sustainability: true,
  },
  {
    buyer: "nordreFollo",
    title: "Funksjonskontrakt for drift og vedlikehold av kommunale veier 2028–2033",
    challenge:
      "Kommunen har 420 km kommunal vei og 90 km gang- og sykkelvei. Vi vil kjøpe standard, ikke timer: framkommelighet, " +
      "friksjon og renhold målt med sensorer, og lavere utslipp fra maskinparken.",
    description: "Kontrakten kan deles i roder slik at også mindre lokale entreprenører kan gi tilbud.",
    cpv: ["45233141-9", "90620000-9", "90630000", "90611000-3"],
    estimatedValueNok: mnok(350, 420),
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-01-20",
      plannedNotice: "2027-05-01",
      contractStart: "2027-10-01",
      durationMonths: 60,
    },
    smeSuitable: true,
    sustainability: true,
    milestones: [folloConference, oneToOne("2027-02-15", "2027-02-28")],
    contact: innkjop,
  },
  {
    buyer: "nordreFollo",
    status: "tender_announced",
    title: "Vinterdrift rode Ski øst og Kråkstad 2027–2031",
    challenge: "Brøyting, strøing og snørydding av 64 km kommunal vei og skoleveier i Ski øst og Kråkstad.",
    cpv: ["90620000-9", "90630000-2"],
    estimatedValueNok: mnok(45, 60),
    municipalities: ["3207"],
    procedure: "open",
    timeline: { plannedNotice: "2027-03-01", contractStart: "2027-10-15", durationMonths: 48 },
    smeSuitable: true,
    noticeUrl: doffin("2027-100412"),
  },
  {
    buyer: "nordreFollo",
    title: "Tilrettelagt skoleskyss og transport til dagsentre",
    challenge:
      "Rundt 300 elever og brukere av dagsentre trenger tilrettelagt transport hver dag. Vi vil ha faste sjåfører, " +
      "trygg henting og varsling til foresatte, og en overgang til utslippsfrie kjøretøy.",
    cpv: ["60130000-8", "60140000"],
    estimatedValueNok: mnok(150, 190),
    municipalities: ["3207"],
    procedure: "open",
    timeline: { plannedNotice: "2027-04-01", contractStart: "2027-08-01", durationMonths: 48 },
    smeSuitable: true,
    sustainability: true,
  },
  {
    buyer: "nordreFollo",
    title: "Nytt sak- og arkivsystem for Follo-kommunene",
    challenge:
      "De seks Follo-kommunene bruker tre ulike sak- og arkivsystemer. Vi trenger en felles skyløsning med Noark 5, " +
      "god innsyn for innbyggerne og integrasjon mot fagsystemer, levert og driftet som tjeneste.",
    description: "Nordre Follo gjennomfører anskaffelsen på vegne av Follo innkjøpssamarbeid.",
    cpv: ["48311100-2", "48311000", "72250000-2"],
    estimatedValueNok: mnok(60, 90),
    municipalities: FOLLO,
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-02-01",
      plannedNotice: "2027-08-15",
      contractStart: "2028-01-01",
      durationMonths: 96,
    },
    milestones: [folloConference],
  },
  {
    buyer: "nordreFollo",
    title: "Velferdsteknologisk plattform for hjemmetjenesten i Follo",
    challenge:
      "Trygghetsalarmer, digitale tilsyn, medisindispensere og sensorer kommer fra ulike leverandører og varsler i " +
      "ulike løsninger. Vi trenger én plattform som samler varsler, kan ta imot nye sensorer og deler data med " +
      "journalsystemet, og vi vil utvikle den sammen med leverandørene.",
    cpv: ["48180000-3", "35121700", "72000000-5"],
    estimatedValueNok: mnok(90, 140),
    municipalities: FOLLO,
    procedure: "innovation_partnership",
    timeline: {
      dialogueOpens: "2027-01-15",
      plannedNotice: "2027-10-01",
      contractStart: "2028-03-01",
      durationMonths: 84,
    },
    innovation: true,
    milestones: [folloConference, oneToOne("2027-02-15", "2027-03-05")],
  },
  {
    buyer: "nordreFollo",
    title: "Kjøp av hjemmetjenester: praktisk bistand og helsetjenester i hjemmet",
    challenge:
      "Kommunen vil supplere egen hjemmetjeneste med private leverandører i fritt brukervalg, med krav til " +
      "kontinuitet, faste pleiere og bruk av kommunens velferdsteknologi.",
    cpv: ["85312400-3", "85323000-9"],
    estimatedValueNok: mnok(300, 380),
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: { plannedNotice: "2028-01-15", contractStart: "2028-07-01", durationMonths: 48 },
  },
  {
    buyer: "nordreFollo",
    title: "Mat til sykehjem, omsorgsboliger og hjemmeboende",
    challenge:
      "Vi trenger ernæringsriktig mat som beboerne liker, levert varm eller kjølt til 14 institusjoner og 600 " +
      "hjemmeboende, med mindre matsvinn og lokale råvarer.",
    cpv: ["55321000-6", "55521200", "15894220-9"],
    estimatedValueNok: mnok(140, 170),
    municipalities: ["3207"],
    procedure: "competitive_negotiation",
    timeline: { plannedNotice: "2027-06-01", contractStart: "2028-01-01", durationMonths: 48 },
    sustainability: true,
    milestones: [folloConference],
  },
  {
    buyer: "nordreFollo",
    title: "Renhold av kommunale bygg 2028–2032",
    challenge:
      "Daglig renhold av 190 000 m² skoler, barnehager, sykehjem og kontorer. Vi vil ha færre kjemikalier, " +
      "renhold etter behov målt med sensorer, og lærlinger i kontrakten.",
    cpv: ["90911200-8", "90919300", "90911300-9"],
    estimatedValueNok: mnok(220, 280),
    municipalities: ["3207"],
    procedure: "open",
    timeline: { plannedNotice: "2027-09-01", contractStart: "2028-01-01", durationMonths: 48 },
    smeSuitable: true,
    sustainability: true,
  },
  {
    buyer: "nordreFollo",
    title: "Trådløst nettverk og kablet nett i skoler og formålsbygg",
    challenge:
      "Nettverket i 38 skoler og barnehager er mellom 8 og 12 år gammelt og tåler ikke en-til-en-dekning med PC.",
    cpv: ["32420000-3", "72710000-0", "72700000"],
    estimatedValueNok: mnok(55, 75),
    municipalities: ["3207"],
    procedure: "open",
    timeline: { plannedNotice: "2027-05-15", contractStart: "2027-09-01", durationMonths: 60 },
  },
  {
    buyer: "nordreFollo",
    status: "draft",
    title: "Solcelleanlegg på kommunale tak",
    challenge: "Kartlegge hvilke av kommunens 60 største tak som egner seg for solceller, og kjøpe anlegg med drift.",
    cpv: ["09332000-5", "45261215-4"],
    municipalities: ["3207"],
    procedure: "open",
    timeline: { plannedNotice: "2028-02-01" },
    sustainability: true,
  },
  {
    buyer: "nordreFollo",
    status: "cancelled",
    title: "Leie av skolepaviljonger i byggeperioden for Kolbotn ungdomsskole",
    challenge: "Midlertidige klasserom for 240 elever i to år.",
    cpv: ["44211000-2"],
    estimatedValueNok: mnok(40, 60),
    municipalities: ["3207"],
    procedure: "open",
    timeline: { plannedNotice: "2027-03-01", contractStart: "2027-08-01", durationMonths: 24 },
  },
];
