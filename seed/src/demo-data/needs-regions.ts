import { type DemoNeed, conference, doffin, mnok, oneToOne } from "./need-types";

/** County municipalities (Vestfold, Telemark, Trøndelag) and the Sør-Vest bodies. Vestland writes nynorsk. */
export const REGION_NEEDS: DemoNeed[] = [
  {
    buyer: "vestfold",
    status: "in_dialogue",
    title: "Ny Horten videregående skole",
    challenge:
      "Horten trenger en ny videregående skole for 1 100 elever med studieforberedende og yrkesfaglige program, " +
      "tett på næringslivet i maritim industri og teknologi.",
    description:
      "Konkurranse med dialog om totalentreprise med prosjektering. Fylkeskommunen ønsker løsninger for " +
      "sambruk med Horten kommune (idrettshall, bibliotek) og lavt energibehov.",
    cpv: ["45214220-8", "71200000-0", "45212200"],
    estimatedValueNok: mnok(1100, 1400),
    municipalities: ["3901"],
    procedure: "competitive_dialogue",
    timeline: {
      dialogueOpens: "2027-01-10",
      plannedNotice: "2027-11-01",
      contractStart: "2028-05-01",
      durationMonths: 36,
    },
    innovation: true,
    sustainability: true,
    milestones: [
      conference("Leverandørkonferanse Ny Horten vgs", "2027-01-21T10:00:00+01:00", "Horten rådhus"),
      oneToOne("2027-02-01", "2027-02-19", "Fylkeshuset i Tønsberg eller digitalt"),
    ],
    contact: { name: "Eiendomsavdelingen, Vestfold fylkeskommune", email: "horten-vgs@vestfold.fylkeskommune.example" },
  },
  {
    buyer: "vestfold",
    title: "Drift og vedlikehold av fylkesveier i Vestfold og Telemark 2028–2033",
    challenge:
      "Vegnettet som Vestfold og Telemark fylkeskommune hadde felles fra 2020 til 2023 driftes fortsatt i én " +
      "kontrakt. Vi vil ha funksjonsbeskrevet drift med færre utslipp og bedre data om vegens tilstand.",
    description: "Felles anskaffelse med Telemark fylkeskommune; Vestfold fylkeskommune er kontraktspart.",
    cpv: ["45233141-9", "90620000-9", "45233142-6", "50230000"],
    estimatedValueNok: mnok(900, 1200),
    counties: ["39", "40"],
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-03-01",
      plannedNotice: "2027-09-01",
      contractStart: "2028-09-01",
      durationMonths: 60,
    },
    sustainability: true,
  },
  {
    buyer: "telemark",
    title: "Skoleskyss for grunnskole og videregående i Telemark",
    challenge:
      "Skyss for 9 000 elever i 17 kommuner, med fleksible ruter i spredtbygde strøk og sporing for foresatte.",
    cpv: ["60112000-6", "60130000-8"],
    estimatedValueNok: mnok(250, 320),
    counties: ["40"],
    procedure: "open",
    timeline: { plannedNotice: "2027-10-01", contractStart: "2028-08-01", durationMonths: 72 },
    smeSuitable: true,
  },
  {
    buyer: "telemark",
    title: "Utslippsfrie rutebåter i Kragerø-skjærgården",
    challenge:
      "Rutebåtene i skjærgården går på diesel. Vi vil utvikle og kjøpe fartøy og ladeløsninger som holder ruten " +
      "hele året, også med is i havna.",
    cpv: ["34512000-9", "60600000-4", "31681500"],
    estimatedValueNok: mnok(80, 120),
    municipalities: ["4014"],
    procedure: "innovation_partnership",
    timeline: {
      dialogueOpens: "2027-04-01",
      plannedNotice: "2028-01-15",
      contractStart: "2028-09-01",
      durationMonths: 120,
    },
    innovation: true,
    sustainability: true,
  },
  {
    buyer: "trondelag",
    title: "Rutebusstjenester i Stor-Trondheim fra 2029",
    challenge:
      "Bussene i Trondheim, Malvik og Melhus skal være utslippsfrie, gå oftere i rushtiden og gi plass til " +
      "rullestol, barnevogn og sykkel. Vi vil høre hvordan operatørene vil løse lading og depot.",
    cpv: ["60112000-6", "34144910-0"],
    estimatedValueNok: mnok(6000, 7500),
    municipalities: ["5001", "5031", "5028"],
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-02-01",
      plannedNotice: "2027-10-01",
      contractStart: "2029-08-01",
      durationMonths: 120,
    },
    sustainability: true,
    milestones: [conference("Operatørkonferanse Stor-Trondheim", "2027-02-10T09:00:00+01:00", "Trondheim")],
  },
  {
    buyer: "trondelag",
    status: "in_dialogue",
    title: "Hurtigbåt med null utslipp på Trondheimsfjorden",
    challenge:
      "Vi vil ha hurtigbåter på batteri eller hydrogen som holder 25 knop og tåler vinterforholdene på fjorden.",
    cpv: ["34512000-9", "60600000"],
    counties: ["50"],
    procedure: "innovation_partnership",
    timeline: { dialogueOpens: "2027-01-15", plannedNotice: "2028-06-01", contractStart: "2029-06-01" },
    innovation: true,
    sustainability: true,
  },
  {
    buyer: "vestland",
    title: "Reinhald av vidaregåande skular i Bergen og omland",
    challenge:
      "Dagleg reinhald og periodisk reingjering av 21 vidaregåande skular. Vi ønskjer reinhald etter bruk, " +
      "miljømerkte middel og lærlingar i kontrakten.",
    cpv: ["90919300-5", "90911300-9"],
    estimatedValueNok: mnok(120, 160),
    municipalities: ["4601", "4626", "4627", "4631"],
    procedure: "open",
    timeline: { plannedNotice: "2027-08-01", contractStart: "2028-01-01", durationMonths: 48 },
    smeSuitable: true,
    sustainability: true,
  },
  {
    buyer: "vestland",
    title: "Utsleppsfrie snøggbåtar i Vestland",
    challenge:
      "Snøggbåtsambanda i Vestland står for ein stor del av utsleppa frå kollektivtrafikken. Vi vil utvikle " +
      "fartøy og ladeinfrastruktur saman med verft og reiarlag, og kjøpe dei som fungerer.",
    description: "Innovasjonspartnarskap med opsjon på inntil ti fartøy.",
    cpv: ["34512000-9", "60600000-4", "31158100-9"],
    estimatedValueNok: mnok(700, 900),
    counties: ["46"],
    procedure: "innovation_partnership",
    timeline: {
      dialogueOpens: "2027-03-01",
      plannedNotice: "2027-12-01",
      contractStart: "2028-06-01",
      durationMonths: 96,
    },
    innovation: true,
    sustainability: true,
    milestones: [conference("Marknadsdialog snøggbåt", "2027-03-11T10:00:00+01:00", "Fylkeshuset i Bergen")],
  },
  {
    buyer: "sunnfjord",
    title: "Heimetenester med velferdsteknologi i Sunnfjord",
    challenge:
      "Lange avstandar gjer at heimetenesta brukar mykje tid i bil. Vi vil prøve digitale tilsyn, " +
      "medisinstøtte og sensorar som gjer at tilsette kan bruke tida der ho trengst mest.",
    cpv: ["48180000-3", "85312400-3"],
    estimatedValueNok: mnok(20, 30),
    municipalities: ["4647"],
    procedure: "competitive_dialogue",
    timeline: {
      dialogueOpens: "2027-02-15",
      plannedNotice: "2027-09-01",
      contractStart: "2028-01-01",
      durationMonths: 48,
    },
    innovation: true,
  },
  {
    buyer: "bergen",
    title: "Plattform for digital hjemmeoppfølging",
    challenge:
      "Bergen vil følge opp 3 000 innbyggere med kroniske sykdommer hjemme, i samarbeid med fastleger og " +
      "Helse Bergen, på en plattform som kan ta imot målinger fra mange typer utstyr.",
    cpv: ["48180000-3", "72000000-5", "33195000"],
    estimatedValueNok: mnok(100, 150),
    municipalities: ["4601"],
    procedure: "competitive_dialogue",
    timeline: {
      dialogueOpens: "2027-01-20",
      plannedNotice: "2027-09-15",
      contractStart: "2028-03-01",
      durationMonths: 72,
    },
    innovation: true,
  },
  {
    buyer: "bergen",
    status: "in_dialogue",
    title: "Rammeavtale grunnarbeid med utslippsfrie anleggsmaskiner",
    challenge: "Grunnarbeid for skoler, barnehager og VA-prosjekter skal gjøres uten fossile maskiner fra 2028.",
    cpv: ["45112000-5", "45111200-0", "45232130"],
    estimatedValueNok: mnok(200, 260),
    municipalities: ["4601"],
    procedure: "competitive_negotiation",
    timeline: {
      dialogueOpens: "2027-01-10",
      plannedNotice: "2027-06-01",
      contractStart: "2027-11-01",
      durationMonths: 48,
    },
    smeSuitable: true,
    sustainability: true,
  },
  {
    buyer: "stavanger",
    title: "Smarte avfallsløsninger i Stavanger sentrum",
    challenge:
      "Renovasjonsbilene kjører i trange gater i sentrum hver dag. Vi vil ha nedgravde containere med " +
      "fyllingsgradssensorer og tømming bare når det trengs.",
    cpv: ["90511000-2", "34144512", "48000000-8"],
    estimatedValueNok: mnok(80, 110),
    municipalities: ["1103"],
    procedure: "competitive_dialogue",
    timeline: {
      dialogueOpens: "2027-03-01",
      plannedNotice: "2027-10-15",
      contractStart: "2028-04-01",
      durationMonths: 84,
    },
    innovation: true,
    sustainability: true,
  },
  {
    buyer: "rogaland",
    status: "tender_announced",
    title: "Elektriske bybusser på Nord-Jæren",
    challenge:
      "Busstrafikk i Stavanger, Sandnes, Sola og Randaberg med elektriske busser og lading på depot og endeholdeplasser.",
    cpv: ["60112000-6", "34144910"],
    estimatedValueNok: mnok(2500, 3200),
    municipalities: ["1103", "1108", "1124", "1127"],
    procedure: "restricted",
    timeline: { plannedNotice: "2027-03-01", contractStart: "2029-01-01", durationMonths: 120 },
    sustainability: true,
    noticeUrl: doffin("2027-100356"),
  },
  {
    buyer: "kristiansand",
    title: "Sensorbasert fallforebygging i omsorgsboliger",
    challenge:
      "Fall er den vanligste årsaken til at eldre må flytte fra omsorgsbolig til sykehjem. Vi vil utvikle " +
      "løsninger som varsler økt fallrisiko før fallet skjer.",
    cpv: ["73000000-2", "33195000-3"],
    estimatedValueNok: mnok(12, 18),
    municipalities: ["4204"],
    procedure: "pre_commercial",
    timeline: {
      dialogueOpens: "2027-02-01",
      plannedNotice: "2027-06-01",
      contractStart: "2027-10-01",
      durationMonths: 24,
    },
    innovation: true,
  },
  {
    buyer: "agder",
    title: "Rehabilitering og utvidelse av Kvadraturen videregående skole",
    challenge: "Skolen skal rehabiliteres mens undervisningen pågår, og få nye verksteder for elektro og teknikk.",
    cpv: ["45214220-8", "45453000-7"],
    estimatedValueNok: mnok(450, 600),
    municipalities: ["4204"],
    procedure: "competitive_negotiation",
    timeline: { plannedNotice: "2028-02-01", contractStart: "2028-08-01", durationMonths: 30 },
    sustainability: true,
  },
  {
    buyer: "agder",
    title: "Kantinedrift ved videregående skoler i Agder",
    challenge: "Kantinedrift ved 14 skoler med sunn mat til en pris elevene har råd til, og mindre matsvinn.",
    cpv: ["55523000-2", "55524000"],
    counties: ["42"],
    procedure: "open",
    timeline: { plannedNotice: "2028-04-01", contractStart: "2028-08-01", durationMonths: 48 },
    smeSuitable: true,
    sustainability: true,
  },
];
