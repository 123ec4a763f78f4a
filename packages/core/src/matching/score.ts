/**
 * A match's score, 0–100, from its reasons: a fixed weighted sum of four fits, each 0–1, so the same
 * reasons always give the same score and the weights say what counts:
 *
 *   40 topic   CPV: the same code 1; a need's code under theirs 1 − 0.1 per digit level apart (≥ 0.5);
 *              theirs under the need's 0.9 − 0.1 per level (≥ 0.4); no CPV reason 0
 *   25 place   a municipality they named 1, a county 0.6, a whole county 0.5, the whole country 0.3,
 *              their service area 0.6; and the distance 1 / (1 + km / 25) (0 km 1, 25 km 0.5, 100 km 0.2):
 *              the best of these, so "local" raises a score and never decides a match
 *   20 words   keywords: 0.6 + 0.4 × the share of their keywords found; profile words: 0.25 a word, up to 1
 *   15 follow  they follow the buyer or one of its groups (by subscription or by following the group)
 */
import type { MatchReason } from "./reasons";

export const WEIGHTS = { topic: 40, place: 25, words: 20, follow: 15 } as const;
export type Fits = Record<keyof typeof WEIGHTS, number>;

export function topicFit(reason: Extract<MatchReason, { kind: "cpv" }>): number {
  if (reason.relation === "same") return 1;
  if (reason.relation === "under") return Math.max(0.5, 1 - 0.1 * reason.levels);
  return Math.max(0.4, 0.9 - 0.1 * reason.levels);
}

export const distanceFit = (km: number): number => 1 / (1 + Math.max(0, km) / 25);

const SCOPE_FIT = { municipality: 1, county: 0.6, wholeCounty: 0.5, national: 0.3, serves: 0.6 } as const;

export function wordsFit(reason: Extract<MatchReason, { kind: "words" }>): number {
  if (reason.words.length === 0) return 0;
  if (reason.of !== undefined && reason.of > 0) return 0.6 + 0.4 * Math.min(1, reason.words.length / reason.of);
  return Math.min(1, 0.25 * reason.words.length);
}

/** Each fit: the best its reasons give. */
export function fitsOf(reasons: readonly MatchReason[]): Fits {
  const fits: Fits = { topic: 0, place: 0, words: 0, follow: 0 };
  for (const reason of reasons) {
    if (reason.kind === "cpv") fits.topic = Math.max(fits.topic, topicFit(reason));
    else if (reason.kind === "place") fits.place = Math.max(fits.place, SCOPE_FIT[reason.scope]);
    else if (reason.kind === "distance") fits.place = Math.max(fits.place, distanceFit(reason.km));
    else if (reason.kind === "words") fits.words = Math.max(fits.words, wordsFit(reason));
    else if (reason.kind === "buyer" || reason.kind === "group") fits.follow = 1;
  }
  return fits;
}

/** The score, a whole number from 0 to 100. */
export function scoreReasons(reasons: readonly MatchReason[]): number {
  const fits = fitsOf(reasons);
  const total = (Object.keys(WEIGHTS) as (keyof Fits)[]).reduce((sum, key) => sum + WEIGHTS[key] * fits[key], 0);
  return Math.round(total);
}
