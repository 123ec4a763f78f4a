/**
 * A small seeded pseudo-random source (splitmix32), so ties are broken the same way for the same seed on
 * every machine and Node version: only 32-bit integer arithmetic, no Math.random.
 */
export interface Prng {
  /** A whole number in [0, 2³²). */
  nextUint32(): number;
  /** A whole number in [0, n), n ≤ 2³². */
  int(n: number): number;
}

export function seededPrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return { nextUint32, int: (n) => Math.floor((nextUint32() / 4294967296) * n) };
}
