import type { BuyerKey } from "./buyers";

export interface DemoGroup {
  name: string;
  slug: string;
  kind: "procurement_collaboration" | "learning_network";
  description: string;
  members: BuyerKey[];
}

export const DEMO_GROUPS: DemoGroup[] = [
  {
    name: "Follo innkjøpssamarbeid",
    slug: "follo",
    kind: "procurement_collaboration",
    description:
      "Nordre Follo, Ås, Frogn, Nesodden, Vestby og Enebakk samordner større anskaffelser og holder felles " +
      "markedsdialog. Leverandørkonferansene holdes i Ski.",
    members: ["nordreFollo", "aas", "frogn", "nesodden", "vestby", "enebakk"],
  },
  {
    name: "Indre Østfold",
    slug: "indre-ostfold",
    kind: "procurement_collaboration",
    description:
      "Indre Østfold kommune med nabokommunene Skiptvet og Marker: felles rammeavtaler for drift, renhold, " +
      "mat og velferdsteknologi, om lag 600 millioner kroner i året.",
    members: ["indreOstfold", "skiptvet", "marker"],
  },
  {
    name: "Sør-Vest-nettverket",
    slug: "sor-vest-nettverket",
    kind: "learning_network",
    description:
      "Læringsnettverk for innovative anskaffingar mellom kommunar og fylkeskommunar i Vestland, Rogaland og " +
      "Agder. Medlemene deler erfaringar frå marknadsdialog, innovasjonspartnarskap og førkommersielle anskaffingar.",
    members: ["bergen", "sunnfjord", "vestland", "stavanger", "rogaland", "kristiansand", "agder"],
  },
];
