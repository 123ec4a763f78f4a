/** A seeded pseudo-random source (mulberry32), so a failing case can be run again. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** In [0, 1). */
    next,
    /** A whole number in [0, n). */
    int: (n: number): number => Math.floor(next() * n),
    /** A number in [min, max). */
    between: (min: number, max: number): number => min + next() * (max - min),
  };
}
