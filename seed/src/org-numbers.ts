import { withCheckDigit } from "@markedsdialog/core";
import { seedFrom } from "./random";

/**
 * Organisation numbers for demo organisations: eight digits from a hash of a stable key (the body's or
 * firm's name) plus a valid mod-11 check digit, so a number never changes when the lists around it do.
 * They start with 9 like real ones but do not belong to the bodies they are given to (see packages/core/data/SOURCES.md).
 */
export function demoOrgNumber(key: string, taken: Set<string>): string {
  let first8 = 90_000_000 + (seedFrom(`demo-org:${key}`) % 10_000_000);
  for (;;) {
    const number = withCheckDigit(String(first8));
    if (number && !taken.has(number)) {
      taken.add(number);
      return number;
    }
    first8 = first8 >= 99_999_999 ? 90_000_000 : first8 + 1;
  }
}

/** Generated (benchmark) organisations number from 80 000 000; each seed owns a block of this size. */
export const GENERATED_BLOCK = 120_000;
/** Seeds that are equal modulo this share a block (and therefore organisation numbers). */
export const GENERATED_BLOCKS = 80;

/**
 * The n-th valid organisation number of a seed's block, counting from `offset` inside the block. About one
 * eight-digit prefix in eleven has no valid check digit; those are skipped.
 */
export function* generatedOrgNumbers(seed: number, offset: number): Generator<string> {
  const start = 80_000_000 + (Math.abs(seed) % GENERATED_BLOCKS) * GENERATED_BLOCK + offset;
  for (let first8 = start; first8 < start + GENERATED_BLOCK - offset; first8++) {
    const number = withCheckDigit(String(first8));
    if (number) yield number;
  }
  throw new Error(`Seed ${seed} has run out of organisation numbers`);
}
