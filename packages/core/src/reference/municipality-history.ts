import { readReferenceCsv } from "./csv";
import { municipality, type Municipality } from "./places";

/** A municipality of an earlier structure, as FHI's change table names it. */
export interface FormerMunicipality {
  number: string;
  name: string;
  /** The last year it existed under this number. */
  lastYear: string;
}

export type MunicipalityLookup =
  | { kind: "current"; municipality: Municipality }
  | { kind: "former"; former: FormerMunicipality; municipality: Municipality }
  | { kind: "split"; former: FormerMunicipality; candidates: Municipality[] }
  | { kind: "unknown" };

interface Change {
  name: string;
  lastYear: string;
  /** Successor numbers: more than one when the municipality was split. */
  next: string[];
}

let changes: Map<string, Change> | undefined;

/** FHI's change table (kommune_endringer_fhi.csv): one row per number and successor, split rows weighted. */
function changeTable(): Map<string, Change> {
  if (changes) return changes;
  changes = new Map();
  for (const row of readReferenceCsv("kommune_endringer_fhi.csv")) {
    const number = row.kommunenummer ?? "";
    const next = row.kommunenummer_neste ?? "";
    if (!/^\d{4}$/.test(number) || !/^\d{4}$/.test(next)) continue;
    const change = changes.get(number) ?? { name: row.kommunenavn ?? "", lastYear: row.year_end ?? "", next: [] };
    if (!change.next.includes(next)) change.next.push(next);
    changes.set(number, change);
  }
  return changes;
}

/** The current (2024) numbers a number leads to, following the chain (0213 → 3020 → 3207). */
function successors(number: string, seen: Set<string> = new Set()): string[] {
  if (municipality(number)) return [number];
  const change = changeTable().get(number);
  if (!change || seen.has(number)) return [];
  seen.add(number);
  return [...new Set(change.next.flatMap((next) => successors(next, seen)))];
}

/**
 * A kommunenummer of any structure: a current one as it is, a former one with its 2024 successor (Ski 0213
 * and Oppegård 0217 are Nordre Follo 3207), or the candidates when it was split (Ålesund 1507 became
 * Ålesund 1508 and Haram 1580).
 */
export function lookupMunicipality(number: string): MunicipalityLookup {
  const current = municipality(number);
  if (current) return { kind: "current", municipality: current };
  const change = changeTable().get(number);
  if (!change) return { kind: "unknown" };
  const former = { number, name: change.name, lastYear: change.lastYear };
  const found = successors(number)
    .map((n) => municipality(n))
    .filter((m) => m !== undefined);
  if (found.length === 0) return { kind: "unknown" };
  if (found.length > 1) return { kind: "split", former, candidates: found };
  return { kind: "former", former, municipality: found[0] as Municipality };
}

/** What the answer says about a former number it stored as its successor. */
export const formerMunicipalityNote = (former: FormerMunicipality, now: Municipality): string =>
  `${former.number} ${former.name} (until ${former.lastYear}) is ${now.number} ${now.name} in the 2024 structure; stored as ${now.number}`;

export interface InputNote {
  path: string;
  message: string;
}

const MUNICIPALITY_KEYS = new Set(["municipality", "municipalities"]);

/**
 * Notes for the former municipality numbers in an input: every string under a `municipality` key or in a
 * `municipalities` list (the API's names for municipality fields) that was mapped to its successor. Paths
 * are relative to the input (`serviceArea.municipalities.0`).
 */
export function formerMunicipalityNotes(input: unknown, path: string[] = []): InputNote[] {
  if (input === null || typeof input !== "object") return [];
  const notes: InputNote[] = [];
  for (const [key, value] of Object.entries(input)) {
    const at = [...path, key];
    if (MUNICIPALITY_KEYS.has(key)) {
      const values = Array.isArray(value)
        ? value.map((v, i) => [v, [...at, String(i)]] as const)
        : [[value, at] as const];
      for (const [number, where] of values) {
        const found = typeof number === "string" ? lookupMunicipality(number) : undefined;
        if (found?.kind === "former")
          notes.push({ path: where.join("."), message: formerMunicipalityNote(found.former, found.municipality) });
      }
    } else notes.push(...formerMunicipalityNotes(value, at));
  }
  return notes;
}
