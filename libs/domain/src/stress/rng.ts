/**
 * The repository's one seeded generator: the stress test's samples, and the optimizer's random
 * problems and the bench worlds (libs/optimizer/src/testing/random-problem.ts, as `prng`). Every
 * stress sample draws from its own stream, derived from (seed, sample index) alone, so a sample is
 * the same whichever worker runs it and in whatever order: that is what makes a report independent
 * of the number of workers. rng.spec.ts pins the outputs: a stress report, a random problem and a
 * bench world depend on them.
 */
export type Rng = () => number;

/** mulberry32: small, fast, and good enough to draw a few dozen numbers per sample. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit finaliser (murmur3's fmix32): nearby inputs give unrelated outputs. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The seed of sample `index` of a run seeded `seed`. */
export function sampleSeed(seed: number, index: number): number {
  return mix((mix(seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** An integer in [min, max], both included. */
export function uniformInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Knuth's method: fine for the means a crisis model allows (at most a few hundred). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** An item drawn with probability proportional to its weight (weights > 0). */
export function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let x = rng() * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1];
}
