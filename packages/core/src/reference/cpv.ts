import { readReferenceCsv } from "./csv";

export interface CpvEntry {
  /** Code with check digit, e.g. `45233140-2`: the stored form. */
  code: string;
  code8: string;
  labelEn: string;
  labelNb: string;
}

let byCode8: Map<string, CpvEntry> | undefined;

function table(): Map<string, CpvEntry> {
  byCode8 ??= new Map(
    readReferenceCsv("cpv_2008.csv").map((r) => [
      r.code8 ?? "",
      { code: r.code ?? "", code8: r.code8 ?? "", labelEn: r.label_en ?? "", labelNb: r.label_nb ?? "" },
    ]),
  );
  return byCode8;
}

export type CpvResult = { ok: true; entry: CpvEntry } | { ok: false; reason: string };

/**
 * Looks a CPV code up in the CPV 2008 list. Buyers copy codes from Doffin both with and without the check
 * digit (`45233140-2` or `45233140`); both are accepted, a wrong check digit is not.
 */
export function lookupCpv(input: string): CpvResult {
  const match = /^(\d{8})(?:-(\d))?$/.exec(input.trim());
  if (!match) return { ok: false, reason: "is not a CPV code (8 digits, optionally followed by -check digit)" };
  const [, code8 = "", check] = match;
  const entry = table().get(code8);
  if (!entry) return { ok: false, reason: `${code8} is not in the CPV 2008 vocabulary` };
  if (check !== undefined && entry.code !== `${code8}-${check}`) {
    return { ok: false, reason: `wrong check digit: the code is ${entry.code}` };
  }
  return { ok: true, entry };
}

export function cpvEntry(code: string): CpvEntry | undefined {
  return table().get(code.slice(0, 8));
}

/**
 * The code and all its ancestors in the CPV tree as 8-digit codes, most general first: `45233140` gives
 * `45000000, 45200000, 45230000, 45233000, 45233100, 45233140`. Used to filter on any level.
 */
export function cpvLineage(code: string): string[] {
  const code8 = code.slice(0, 8);
  const significant = code8.replace(/0+$/, "");
  const lineage: string[] = [];
  for (let len = 2; len <= Math.max(2, significant.length); len++) {
    const candidate = code8.slice(0, len).padEnd(8, "0");
    if (table().has(candidate) && !lineage.includes(candidate)) lineage.push(candidate);
  }
  if (!lineage.includes(code8)) lineage.push(code8);
  return lineage;
}

/** The two-digit division (`45` for construction work). */
export const cpvDivision = (code: string): string => code.slice(0, 2);

/** Codes with their bokmål and English labels, as the API shows them. */
export const cpvDetails = (codes: string[]): { code: string; labelNb?: string; labelEn?: string }[] =>
  codes.map((code) => ({ code, labelNb: cpvEntry(code)?.labelNb, labelEn: cpvEntry(code)?.labelEn }));

export const allCpvEntries = (): IterableIterator<CpvEntry> => table().values();
