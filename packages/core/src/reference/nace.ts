import { readReferenceCsv } from "./csv";

let codes: Map<string, string> | undefined;

/** SN2025 (used by the business register since 2025) and SN2007 industry codes, any level. */
function table(): Map<string, string> {
  codes ??= new Map(
    [...readReferenceCsv("sn2007_naeringskoder.csv"), ...readReferenceCsv("sn2025_naeringskoder.csv")].map((r) => [
      r.kode ?? "",
      r.navn ?? "",
    ]),
  );
  return codes;
}

export const naceLabel = (code: string): string | undefined => table().get(code);
