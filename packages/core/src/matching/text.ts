/**
 * Words for matching, normalised as search normalises them (the embedded engine's analyzer on the needs
 * index's settings: lower case, accents folded, Norwegian stemming, stop words out, synonyms and bokmål /
 * nynorsk spellings joined), so a keyword "veg" finds a need about "veier" as a search for it would.
 */
import { searchSettings } from "@markedsdialog/search-config";
import { Analyzer } from "../search/embedded/analysis";

let analyzer: Analyzer | undefined;
const words = (): Analyzer => (analyzer ??= new Analyzer(searchSettings.needs));

const WORD = /[\p{L}\p{N}]+/gu;
/** Shared terms this short carry no topic (`as`, `nr`): they do not count as shared words of a profile. */
const MIN_SHARED_LENGTH = 3;

/**
 * A keyword compiled for matching: it matches a text when every clause (word or synonym phrase of the
 * keyword) has an alternative whose terms all occur in the text.
 */
export interface CompiledKeyword {
  text: string;
  /** clauses → alternatives → terms */
  clauses: string[][][];
}

export function compileKeyword(text: string): CompiledKeyword {
  const clauses = words()
    .parse(`${text} `) // the trailing space: no word is still being typed, so no prefixes
    .map((clause) => clause.alternatives.map((alternative) => alternative.map((token) => token.term)))
    .filter((alternatives) => alternatives.length > 0 && alternatives[0]!.length > 0);
  return { text, clauses };
}

export const keywordHasTerms = (text: string): boolean => compileKeyword(text).clauses.length > 0;

export function keywordMatches(keyword: CompiledKeyword, terms: { has(term: string): boolean }): boolean {
  return (
    keyword.clauses.length > 0 &&
    keyword.clauses.every((alternatives) => alternatives.some((needed) => needed.every((t) => terms.has(t))))
  );
}

/** The terms of a text, each with the word as first written there (lower case), for explanations. */
export function textTerms(...texts: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) {
    for (const match of text.normalize("NFC").toLowerCase().matchAll(WORD)) {
      const term = words().normalise(match[0]);
      if (term && !out.has(term)) out.set(term, match[0]);
    }
  }
  return out;
}

const synonymCache = new Map<string, string[]>();

/** The one-word synonyms of a term (as terms), the term itself first: `vei` → vei, veg, veier, road… */
export function sameMeaning(term: string): string[] {
  let found = synonymCache.get(term);
  if (!found) {
    const clause = words().parse(`${term} `)[0];
    const alternatives = clause?.alternatives.filter((a) => a.length === 1).map((a) => a[0]!.term) ?? [];
    found = [...new Set([term, ...alternatives])];
    if (synonymCache.size > 50_000) synonymCache.clear();
    synonymCache.set(term, found);
  }
  return found;
}

/**
 * The need's words a supplier's text also has (directly or through a synonym), as the need writes them:
 * the capability text relevance of profile matching.
 */
export function sharedWords(need: ReadonlyMap<string, string>, supplier: ReadonlySet<string>): string[] {
  const shared: string[] = [];
  for (const [term, word] of need) {
    if (term.length >= MIN_SHARED_LENGTH && sameMeaning(term).some((t) => supplier.has(t))) shared.push(word);
  }
  return shared;
}
