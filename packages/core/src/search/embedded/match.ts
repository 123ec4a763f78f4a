/**
 * Query matching for the embedded engine. A clause (a query word or phrase) matches through any of its
 * alternatives (the words typed or a synonym); an alternative needs all its tokens. Documents must match
 * the first clause, and rank by how many leading clauses they match (see `match`). A token's score in a
 * document is its best hit over the searchable fields:
 *   10 × quality (exact 1, prefix 0.55, a tentative stem of a word still being typed 0.5, one typo 0.4, two 0.25;
 *   ×0.97 for a synonym, less than one field step, so a synonym in the title beats the word in a CPV label as in
 *   Meilisearch's attribute rule; ×0.45 for a synonym of a tentative stem (below the stem itself); a spelling variant is no synonym)
 *   + 3 × field weight (first searchable attribute 1, falling linearly) + rarity (normalised IDF, 0–0.25),
 * so an exact word beats a prefix or a typo in any field (the gap, 4.5, is more than field and rarity
 * together), fields weigh more than rarity. Meilisearch ranks a prefix like an exact word (its typo rule
 * counts neither), so there a completion in an earlier attribute can still win.
 * Scores live in pooled dense arrays indexed by Orama's internal id: no Map per token, little garbage.
 */
import { tentativeStem, type Clause, type QueryToken } from "./analysis";
import { postingsAt, wordOf } from "./orama";
import { completions, exactWord, fuzzyWords, type RadixNode } from "./radix";

export interface SearchField {
  root: RadixNode;
  weight: number;
  typos: boolean; // false where the settings disable typos (e.g. organisation numbers)
}

/** Scores by internal id; `ids` lists the ids with a score (every score is > 0). Both are reused: see ScorePool. */
export interface Scores {
  s: Float64Array;
  ids: number[];
}

const MAX_COMPLETIONS = 300;
/** Added per matched clause: more than all clauses' own scores together (each at most 10 + 3 + 1), so matching more words ranks first. */
export const CLAUSE_SCORE = 1000;
/** Rarity's share of a token's score: below a synonym's discount (0.3), itself below one field step (3 / fields). */
const RARITY = 0.25;
const QUALITY = { exact: 1, prefix: 0.55, stemPrefix: 0.5, typo1: 0.4, typo2: 0.25, synonym: 0.97, tentative: 0.45 };

/** Zeroed score arrays to reuse: a query takes a few and gives them back, so searching makes little garbage. */
export class ScorePool {
  private free: Scores[] = [];
  private capacity = 0;

  acquire(capacity: number): Scores {
    if (capacity > this.capacity) {
      this.capacity = Math.max(capacity, Math.ceil(this.capacity * 1.5));
      this.free = [];
    }
    return this.free.pop() ?? { s: new Float64Array(this.capacity), ids: [] };
  }

  /** Zeroes what the scores touched and keeps them; do not use them (or their ids) afterwards. */
  release(scores: Scores): void {
    for (const id of scores.ids) scores.s[id] = 0;
    scores.ids.length = 0;
    if (scores.s.length === this.capacity && this.free.length < 64) this.free.push(scores);
  }
}

function words(root: RadixNode, token: QueryToken, typos: boolean): Map<RadixNode, number> {
  const found = new Map<RadixNode, number>();
  const scale = token.synonym ? (token.tentative ? QUALITY.tentative : QUALITY.synonym) : 1;
  const put = (node: RadixNode, quality: number): void => {
    if (quality * scale > (found.get(node) ?? 0)) found.set(node, quality * scale);
  };
  // While typing, "skoles" is on its way to "skoleskyss": completions are of what was typed, never of its
  // stem ("skol" would find every skole and skolebygg); the stem itself still matches, below them when the
  // typed word looks like the start of a compound (see tentativeStem).
  const exact = exactWord(root, token.term);
  if (exact) put(exact, tentativeStem(token) ? QUALITY.stemPrefix : QUALITY.exact);
  if (token.prefix)
    for (const node of completions(root, token.raw ?? token.term, MAX_COMPLETIONS)) put(node, QUALITY.prefix);
  if (typos && token.typos > 0) {
    for (const { node, typos: n } of fuzzyWords(root, token.term, token.typos)) {
      if (n > 0) put(node, n === 1 ? QUALITY.typo1 : QUALITY.typo2);
    }
  }
  return found;
}

export class Matcher {
  constructor(
    private readonly fields: SearchField[],
    private readonly docCount: number,
    private readonly capacity: number,
    private readonly pool: ScorePool,
  ) {}

  /** Best score per document for one token; `matched` collects the stored words it hit (for highlights). */
  private token(token: QueryToken, allowed: ((id: number) => boolean) | undefined, matched: Set<string>): Scores {
    const out = this.pool.acquire(this.capacity);
    const { s, ids } = out;
    const norm = Math.log(2 + this.docCount);
    for (const { root, weight, typos } of this.fields) {
      for (const [node, quality] of words(root, token, typos)) {
        matched.add(wordOf(node));
        const postings = postingsAt(node);
        const df = postings.size;
        const score =
          10 * quality + 3 * weight + (RARITY * Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5))) / norm;
        postings.forEach((id) => {
          const previous = s[id] ?? 0;
          if (previous === 0) {
            if (allowed && !allowed(id)) return;
            ids.push(id);
          }
          if (score > previous) s[id] = score;
        });
      }
    }
    return out;
  }

  /** Keeps the ids in both, adding b's scores to a; releases b. */
  private intersect(a: Scores, b: Scores): Scores {
    let kept = 0;
    for (const id of a.ids) {
      const other = b.s[id] ?? 0;
      if (other > 0) {
        a.s[id] = (a.s[id] ?? 0) + other;
        a.ids[kept++] = id;
      } else a.s[id] = 0;
    }
    a.ids.length = kept;
    this.pool.release(b);
    return a;
  }

  /** Documents matching one clause (any alternative; all tokens of it), restricted to `base`. */
  private clause(clause: Clause, base: ((id: number) => boolean) | undefined, matched: Set<string>): Scores {
    let best: Scores | undefined;
    for (const alternative of clause.alternatives) {
      let scores: Scores | undefined;
      for (const token of alternative) {
        const within = scores;
        const next = this.token(token, within ? (id) => (within.s[id] ?? 0) > 0 : base, matched);
        scores = within ? this.intersect(within, next) : next;
        if (scores.ids.length === 0) break;
      }
      if (!scores) continue;
      for (const id of scores.ids) scores.s[id] = (scores.s[id] ?? 0) / alternative.length;
      if (!best) {
        best = scores;
        continue;
      }
      for (const id of scores.ids) {
        const current = best.s[id] ?? 0;
        if (current === 0) best.ids.push(id);
        if ((scores.s[id] ?? 0) > current) best.s[id] = scores.s[id] ?? 0;
      }
      this.pool.release(scores);
    }
    return best ?? this.pool.acquire(this.capacity);
  }

  /**
   * Meilisearch's "last" matching strategy: documents must match the first clause; those matching more of
   * the leading clauses rank first (words are dropped from the end of the query). A document's score is
   * CLAUSE_SCORE × (leading clauses matched) + the sum of their clause scores. Release the result after use.
   */
  match(clauses: Clause[], allowed: ((id: number) => boolean) | undefined, matched: Set<string>): Scores {
    let result: Scores | undefined; // every document matching the first clause
    let level: Scores | undefined; // the documents matching every clause so far
    for (const clause of clauses) {
      const within = level;
      const scores = this.clause(clause, within ? (id) => (within.s[id] ?? 0) > 0 : allowed, matched);
      if (!result) {
        for (const id of scores.ids) scores.s[id] = CLAUSE_SCORE + (scores.s[id] ?? 0);
        result = level = scores;
      } else {
        for (const id of scores.ids) result.s[id] = (result.s[id] ?? 0) + CLAUSE_SCORE + (scores.s[id] ?? 0);
        if (level && level !== result) this.pool.release(level);
        level = scores;
      }
      if (scores.ids.length === 0) break;
    }
    if (level && level !== result) this.pool.release(level);
    return result ?? this.pool.acquire(this.capacity);
  }

  release(scores: Scores): void {
    this.pool.release(scores);
  }
}
