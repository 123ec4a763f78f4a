import type { SupplierSpec } from "../supplier-builder";

const FOLLO = ["3207", "3218", "3214", "3212", "3216", "3220"];

/** Hand-written suppliers the demo and its API keys refer to by name. */
export const ANCHOR_SUPPLIERS: SupplierSpec[] = [
  {
    organization: {
      name: "Follo Brøyt og Anlegg AS",
      municipality: "3207",
      email: "post@follo-broyt-og-anlegg.example",
      website: "https://www.follo-broyt-og-anlegg.example",
    },
    profile: {
      name: "Follo Brøyt og Anlegg AS",
      description:
        "Follo Brøyt og Anlegg AS er et lokalt brøyte- og anleggsfirma i Ski med 23 ansatte, etablert i 1994. " +
        "Vi har brøytet for Ski kommune og Nordre Follo i over 20 år.",
      capabilities:
        "Brøyting, strøing og snørydding av kommunale veier, skoleveier og parkeringsplasser i hele Follo. " +
        "Døgnkontinuerlig beredskap med 14 maskiner og GPS-sporing i sanntid. Vårfeiing, graving og " +
        "masseflytting om sommeren. Elektrisk hjullaster og HVO i resten av maskinparken.",
      cpv: ["90620000-9", "90630000-2", "45233141-9", "90611000"],
      nace: ["81.230", "43.120"],
      municipality: "3207",
      serviceArea: { municipalities: FOLLO },
      certifications: ["startbank", "miljofyrtarn", "approved_apprenticeship_company"],
      size: "small",
      contact: { name: "Geir Bråten", email: "post@follo-broyt-og-anlegg.example" },
      website: "https://www.follo-broyt-og-anlegg.example",
    },
  },
  {
    organization: {
      name: "Ås Renhold AS",
      municipality: "3218",
      email: "post@as-renhold.example",
      website: "https://www.as-renhold.example",
    },
    profile: {
      name: "Ås Renhold AS",
      description:
        "Ås Renhold AS er en renholdsbedrift i Ås med 41 ansatte, etablert i 2006. Vi tar oppdrag i hele Follo.",
      capabilities:
        "Daglig renhold av skoler, barnehager og sykehjem. Svanemerket renhold og smittevernopplæring. " +
        "Periodisk renhold og vinduspuss. Lærlinger i renholdsoperatørfaget.",
      cpv: ["90911200-8", "90919300-5", "90911300"],
      nace: ["81.210"],
      municipality: "3218",
      serviceArea: { municipalities: FOLLO },
      certifications: ["miljofyrtarn", "approved_apprenticeship_company", "startbank"],
      size: "small",
      contact: { name: "Silje Aas", email: "post@as-renhold.example" },
      website: "https://www.as-renhold.example",
    },
  },
  {
    organization: {
      name: "Sotra Reinhald AS",
      municipality: "4626",
      email: "post@sotra-reinhald.example",
      website: "https://www.sotra-reinhald.example",
    },
    profile: {
      name: "Sotra Reinhald AS",
      description:
        "Sotra Reinhald AS er ei reinhaldsbedrift på Straume i Øygarden med 17 tilsette, skipa i 2011. " +
        "Vi tek oppdrag i Øygarden, Bergen og Askøy.",
      capabilities:
        "Dagleg reinhald av skular, barnehagar og kontor. Periodisk reinhald og vindaugsvask. " +
        "Godkjend reinhaldsverksemd, alle tilsette med HMS-kort.",
      cpv: ["90911200-8", "90919300-5"],
      nace: ["81.210"],
      municipality: "4626",
      serviceArea: { municipalities: ["4626", "4601", "4627"] },
      certifications: ["miljofyrtarn", "startbank"],
      size: "small",
      contact: { name: "Marit Tveit", email: "post@sotra-reinhald.example" },
      website: "https://www.sotra-reinhald.example",
    },
  },
  {
    organization: {
      name: "Askim Storkjøkken AS",
      municipality: "3118",
      email: "post@askim-storkjokken.example",
      website: "https://www.askim-storkjokken.example",
    },
    profile: {
      name: "Askim Storkjøkken AS",
      description: "Askim Storkjøkken AS er en cateringbedrift i Askim med 34 ansatte, etablert i 1998.",
      capabilities:
        "Middager til sykehjem og hjemmeboende, kok-kjøl og varmholdt. Tilpasset konsistens og spesialkost. " +
        "Lokale råvarer fra Indre Østfold, og matsvinn som rapporteres hver måned.",
      cpv: ["55321000-6", "55521200-0", "15894200"],
      nace: ["56.220"],
      municipality: "3118",
      serviceArea: { municipalities: ["3118", "3116", "3122", "3120", "3124"] },
      certifications: ["miljofyrtarn", "startbank"],
      size: "small",
      contact: { name: "Hilde Løken", email: "post@askim-storkjokken.example" },
      website: "https://www.askim-storkjokken.example",
    },
  },
];
