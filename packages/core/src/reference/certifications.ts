/**
 * Certifications and approvals Norwegian buyers ask suppliers for: the management-system standards, the
 * environmental labels and schemes, and the approvals of the Norwegian public sector. Each has a stable code
 * (stored, filtered on) and a bokmål label (shown); input may be the code or a form people type.
 */
export const CERTIFICATION_CATALOGUE = [
  { code: "iso_9001", label: "ISO 9001 Kvalitetsledelse", typed: ["NS-EN ISO 9001"] },
  { code: "iso_14001", label: "ISO 14001 Miljøledelse", typed: ["NS-EN ISO 14001"] },
  { code: "iso_27001", label: "ISO/IEC 27001 Informasjonssikkerhet", typed: ["ISO/IEC 27001", "NS-EN ISO/IEC 27001"] },
  { code: "iso_45001", label: "ISO 45001 Arbeidsmiljø og sikkerhet", typed: ["NS-ISO 45001"] },
  { code: "iso_13485", label: "ISO 13485 Medisinsk utstyr", typed: ["NS-EN ISO 13485"] },
  { code: "iso_50001", label: "ISO 50001 Energiledelse", typed: ["NS-EN ISO 50001"] },
  { code: "emas", label: "EMAS (EUs miljøstyringsordning)", typed: ["EMAS", "EMAS-registrert"] },
  {
    code: "miljofyrtarn",
    label: "Miljøfyrtårn",
    typed: ["Miljøfyrtårn", "Miljøfyrtårn-sertifisert", "Eco-Lighthouse"],
  },
  { code: "svanemerket", label: "Svanemerket", typed: ["Svanemerket", "Svanen", "Nordic Swan Ecolabel"] },
  { code: "eu_ecolabel", label: "EU Ecolabel (Blomsten)", typed: ["EU Ecolabel", "EU-blomsten", "Blomsten"] },
  {
    code: "approved_apprenticeship_company",
    label: "Godkjent lærebedrift",
    typed: ["Godkjent lærebedrift", "Lærebedrift", "Approved apprenticeship company"],
  },
  {
    code: "sentral_godkjenning",
    label: "Sentral godkjenning for ansvarsrett",
    typed: ["Sentral godkjenning", "Sentralt godkjent"],
  },
  { code: "startbank", label: "StartBANK (Achilles)", typed: ["StartBANK", "Achilles StartBANK", "Start Bank"] },
] as const;

export type CertificationCode = (typeof CERTIFICATION_CATALOGUE)[number]["code"];
export const CERTIFICATION_CODES = CERTIFICATION_CATALOGUE.map((c) => c.code) as [
  CertificationCode,
  ...CertificationCode[],
];

/**
 * The form two spellings of one certification share: compatibility forms folded (NFKC), lower case, accents
 * and the Norwegian letters spelled plainly, the year of a standard's edition (`:2015`) and everything but
 * letters and digits dropped. `ISO 14001:2015`, `iso_14001` and `ISO14001` meet; so do `Miljøfyrtårn` and
 * `miljofyrtarn`.
 */
function key(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[:\-/ ](19|20)\d{2}$/, "")
    .replaceAll("æ", "ae")
    .replaceAll("ø", "o")
    .replaceAll("å", "a")
    .normalize("NFD")
    .replace(/[^a-z0-9]/g, "");
}

let byKey: Map<string, CertificationCode> | undefined;

function keyTable(): Map<string, CertificationCode> {
  byKey ??= new Map(
    CERTIFICATION_CATALOGUE.flatMap((c) => [c.code, c.label, ...c.typed].map((form) => [key(form), c.code] as const)),
  );
  return byKey;
}

/** The code of a certification given as its code or as typed (`ISO 14001`, `Miljøfyrtårn`); undefined if unknown. */
export const lookupCertification = (input: string): CertificationCode | undefined => keyTable().get(key(input));

/** The bokmål label of a code. */
export const certificationLabel = (code: string): string | undefined =>
  CERTIFICATION_CATALOGUE.find((c) => c.code === code)?.label;

/** Codes with their labels, as the API shows them. */
export const certificationDetails = (codes: readonly string[]): { code: string; label: string }[] =>
  codes.map((code) => ({ code, label: certificationLabel(code) ?? code }));
