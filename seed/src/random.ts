import { createHash } from "node:crypto";

/** A 32-bit seed from any text, so every record can draw from its own reproducible stream. */
export const seedFrom = (text: string): number => createHash("sha256").update(text).digest().readUInt32BE(0);

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** Picks by weight: `weighted([["micro", 5], ["large", 1]])`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Up to `count` distinct items, in list order. */
  sample<T>(list: readonly T[], count: number): T[];
}

/**
 * Seeded pseudo-random numbers (mulberry32). The seed data never uses Math.random: the same seed gives the
 * same organisations, profiles and needs on every machine.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => {
    if (list.length === 0) throw new Error("pick from an empty list");
    return list[int(0, list.length - 1)] as T;
  };
  return {
    next,
    int,
    pick,
    chance: (probability) => next() < probability,
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return pick(entries)[0];
    },
    sample<T>(list: readonly T[], count: number): T[] {
      const chosen = new Set<number>();
      while (chosen.size < Math.min(count, list.length)) chosen.add(int(0, list.length - 1));
      return [...chosen].sort((a, b) => a - b).map((i) => list[i] as T);
    },
  };
}
