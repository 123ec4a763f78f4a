/**
 * Looking up CPV and NACE (SN2025) codes by what a person types: the start of a code or words of its
 * Norwegian (or English) name, for the pickers in the web app. A code prefix ranks before name matches;
 * among names, a word that starts the name ranks first, then the shorter (more general) code.
 */
import { allCpvEntries } from "./cpv";
import { readReferenceCsv } from "./csv";

export interface CodeHit {
  code: string;
  labelNb: string;
  labelEn?: string;
}

const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

interface Indexed extends CodeHit {
  key: string;
  text: string;
}

let cpvIndex: Indexed[] | undefined;
let naceIndex: Indexed[] | undefined;

function cpvCodes(): Indexed[] {
  cpvIndex ??= [...allCpvEntries()].map((e) => ({
    code: e.code,
    labelNb: e.labelNb || e.labelEn,
    labelEn: e.labelEn,
    key: e.code8.replace(/0+$/, ""),
    text: fold(`${e.labelNb} ${e.labelEn}`),
  }));
  return cpvIndex;
}

function naceCodes(): Indexed[] {
  naceIndex ??= readReferenceCsv("sn2025_naeringskoder.csv")
    .filter((r) => /^\d/.test(r.kode ?? ""))
    .map((r) => ({ code: r.kode ?? "", labelNb: r.navn ?? "", key: r.kode ?? "", text: fold(r.navn ?? "") }));
  return naceIndex;
}

function rank(entries: Indexed[], query: string, limit: number): CodeHit[] {
  const q = fold(query.trim());
  const digits = q.replace(/[\s.-]/g, "");
  const words = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const scored: { hit: Indexed; score: number }[] = [];
  for (const entry of entries) {
    let score: number | undefined;
    if (/^\d+$/.test(digits) && entry.code.replace(/[.-]/g, "").startsWith(digits)) score = 0;
    else if (words.length && words.every((w) => entry.text.includes(w))) {
      score = words.some((w) => entry.text.startsWith(w)) ? 1 : 2;
    }
    if (score !== undefined) scored.push({ hit: entry, score: score * 100 + entry.key.length });
  }
  scored.sort((a, b) => a.score - b.score || a.hit.code.localeCompare(b.hit.code));
  return scored.slice(0, limit).map(({ hit }) => ({
    code: hit.code,
    labelNb: hit.labelNb,
    ...(hit.labelEn !== undefined && { labelEn: hit.labelEn }),
  }));
}

/** CPV 2008 codes (with check digit) whose code starts with or whose names contain what was typed. */
export const searchCpvCodes = (query: string, limit = 20): CodeHit[] => rank(cpvCodes(), query, limit);

/** SN2025 industry codes (`43.120`, any level) by code or Norwegian name. */
export const searchNaceCodes = (query: string, limit = 20): CodeHit[] => rank(naceCodes(), query, limit);
