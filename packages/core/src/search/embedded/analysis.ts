/**
 * Text analysis for the embedded engine, built from the same settings Meilisearch gets: Unicode NFKC (the
 * form queries are read in, shared/text.ts) and lower case, Norwegian stemming, stop words, synonyms
 * (expanded at query time, Orama has none), typo budgets by word length, prefix search on the last word, and
 * a highlighter that marks the words a query matched.
 */
import { stemmer as snowball } from "@orama/stemmers/norwegian";
import type { Tokenizer } from "@orama/orama";
import type { IndexSettings } from "@markedsdialog/search-config";
import { escapeHtml, MAX_QUERY_WORDS } from "../query";
import { searchForm } from "../../shared/text";

/** One word of a query as the engine looks it up. */
export interface QueryToken {
  term: string; // normalised like the index (lowercased, stemmed, folded)
  typos: number; // edits allowed
  prefix: boolean; // the last word while typing: completions match too
  raw?: string; // with prefix: the word as typed (lowercased, folded), whose completions rank above the stem's
  synonym: boolean; // came from a synonym, not from the user's words
  tentative?: boolean; // a synonym of a word still being typed, whose stem may not be what the user means
}

/**
 * Whether the stem of a word still being typed may not be what the user means: a typed word ending in s
 * whose stem drops it is most likely the start of a compound (`skoles` → skoleskyss, `velferds` →
 * velferdsteknologi), so the completions of what was typed lead. Other endings are inflections
 * (`skolene`, `veier`): their stem is the word.
 */
export const tentativeStem = (token: QueryToken): boolean =>
  token.prefix && token.raw !== undefined && token.raw !== token.term && token.raw.endsWith("s");

/** A query word (or phrase) and its synonyms: a document must match one alternative; each alternative's tokens all. */
export interface Clause {
  alternatives: QueryToken[][];
}

const WORD = /[\p{L}\p{N}]+/gu;
const PLAIN = /^[a-z0-9æøå]*$/;
const SHORT_STEM_SUFFIXES = ["ene", "er", "en", "et", "ar"];
const MAX_CACHE = 200_000;
const MAX_STEM_PASSES = 4;

/**
 * Snowball's Norwegian stemmer, applied until the word stops changing: once is not always enough to join
 * the forms of a word (`elektrikere` → `elektriker`, but `elektriker` → `elektrik`; so `snekkere`,
 * `rørleggere`). The same function runs at index and query time, so both meet on one stem. It keeps the
 * first syllable whole, so short words with a vowel pair keep their endings (`veier`, `bruene`); for stems
 * of at most six letters the commonest plural and definite endings are removed as well, so `veier` and
 * `vei` meet.
 */
export function stemNorwegian(word: string): string {
  let stem = word;
  for (let i = 0; i < MAX_STEM_PASSES; i++) {
    const next = snowball(stem);
    if (next === stem) break;
    stem = next;
  }
  if (stem.length > 6) return stem;
  for (const suffix of SHORT_STEM_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 3) return stem.slice(0, -suffix.length);
  }
  return stem;
}

/** Removes accents except on æ, ø and å, which are letters of their own in Norwegian (`Ås` is not `AS`). */
export function fold(word: string): string {
  if (PLAIN.test(word)) return word;
  let out = "";
  for (const ch of word) out += "æøå".includes(ch) ? ch : ch.normalize("NFD").replace(/\p{M}/gu, "");
  return out;
}

export class Analyzer {
  private readonly stopWords: Set<string>;
  private readonly cache = new Map<string, string>();
  private readonly synonyms = new Map<string, string[][]>();
  private readonly variantGroup = new Map<string, number>(); // terms joined by " " → spelling-variant group
  private readonly oneTypo: number;
  private readonly twoTypos: number;

  constructor(settings: IndexSettings) {
    this.stopWords = new Set(settings.stopWords.map((w) => w.toLowerCase()));
    this.oneTypo = settings.typoTolerance.minWordSizeForTypos.oneTypo;
    this.twoTypos = settings.typoTolerance.minWordSizeForTypos.twoTypos;
    settings.spellingVariants.forEach((group, i) => {
      for (const variant of group) this.variantGroup.set(this.terms(variant).join(" "), i);
    });
    for (const [key, alternatives] of Object.entries(settings.synonyms)) {
      const keyTerms = this.terms(key).join(" ");
      if (!keyTerms) continue;
      const list = this.synonyms.get(keyTerms) ?? [];
      for (const alternative of alternatives) {
        const terms = this.terms(alternative);
        if (terms.length > 0 && !list.some((l) => l.join(" ") === terms.join(" "))) list.push(terms);
      }
      this.synonyms.set(keyTerms, list);
    }
  }

  /** A lowercased word as the index stores it; empty for a stop word. Folded before stemming, so `café` and `cafe` meet. */
  normalise(lowerWord: string): string {
    let term = this.cache.get(lowerWord);
    if (term === undefined) {
      term = this.stopWords.has(lowerWord) ? "" : stemNorwegian(fold(lowerWord));
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(lowerWord, term);
    }
    return term;
  }

  /** Index terms of a text, in order, stop words left out. */
  terms(text: string): string[] {
    const out: string[] = [];
    for (const match of searchForm(text).toLowerCase().matchAll(WORD)) {
      const term = this.normalise(match[0]);
      if (term) out.push(term);
    }
    return out;
  }

  /** The Orama tokenizer: the distinct terms of a text. */
  tokenizer(): Tokenizer {
    return {
      language: "norwegian",
      normalizationCache: new Map(),
      tokenize: (raw: string) => (typeof raw === "string" ? [...new Set(this.terms(raw))] : [String(raw)]),
    };
  }

  private typosFor(word: string): number {
    if (/^\p{N}+$/u.test(word)) return 0;
    const length = [...word].length;
    return length >= this.twoTypos ? 2 : length >= this.oneTypo ? 1 : 0;
  }

  /** Splits a query into clauses, joining phrases that are synonym keys (`snow clearing`, `bygg og anlegg`). */
  parse(q: string): Clause[] {
    const lower = searchForm(q).toLowerCase();
    const words = [...lower.matchAll(WORD)]
      .map((m) => ({ raw: m[0], term: this.normalise(m[0]), end: (m.index ?? 0) + m[0].length }))
      .filter((w) => w.term !== "")
      .slice(0, MAX_QUERY_WORDS);
    const last = words[words.length - 1];
    const typing = last !== undefined && last.end === lower.length; // no space after the last word yet
    const clauses: Clause[] = [];
    for (let i = 0; i < words.length;) {
      let taken = 1;
      let synonyms: string[][] = [];
      for (let n = Math.min(4, words.length - i); n >= 1; n--) {
        const found = this.synonyms.get(
          words
            .slice(i, i + n)
            .map((w) => w.term)
            .join(" "),
        );
        if (found) {
          taken = n;
          synonyms = found;
          break;
        }
      }
      const own = words.slice(i, i + taken).map((w, j): QueryToken => {
        const prefix = typing && i + j === words.length - 1 && w.raw.length >= 2;
        return {
          term: w.term,
          typos: this.typosFor(w.raw),
          prefix,
          synonym: false,
          ...(prefix && { raw: fold(w.raw) }),
        };
      });
      const ownKey = own.map((t) => t.term).join(" ");
      const tentative = own.some(tentativeStem);
      const ownVariants = this.variantGroup.get(ownKey);
      const others = synonyms
        .filter((terms) => terms.join(" ") !== ownKey)
        .map((terms) => {
          // Another spelling of the word typed (reinhald for renhold) is matched like the word itself, unless
          // the word is still being typed and its stem may not be meant (skoles: not skule).
          const variant = ownVariants !== undefined && this.variantGroup.get(terms.join(" ")) === ownVariants;
          const synonym = tentative || !variant;
          return terms.map((term): QueryToken => ({ term, typos: 0, prefix: false, synonym, tentative }));
        });
      const alternatives = [own, ...others];
      clauses.push({ alternatives });
      i += taken;
    }
    return clauses;
  }

  /** The text (NFC) with every word whose term is in `matched` wrapped in <mark>, HTML-escaped; undefined if none. */
  highlight(raw: string, matched: ReadonlySet<string>): string | undefined {
    const text = raw.normalize("NFC");
    let out = "";
    let last = 0;
    let marked = false;
    for (const match of text.matchAll(WORD)) {
      const start = match.index ?? 0;
      const term = this.normalise(searchForm(match[0]).toLowerCase());
      if (!term || !matched.has(term)) continue;
      out += `${escapeHtml(text.slice(last, start))}<mark>${escapeHtml(match[0])}</mark>`;
      last = start + match[0].length;
      marked = true;
    }
    return marked ? out + escapeHtml(text.slice(last)) : undefined;
  }
}
