// The data sets' one PRNG: xoshiro128** (Blackman & Vigna, 2018; 32-bit words so it runs on
// plain JS numbers and Math.imul), its 128-bit state filled by splitmix32 from a 32-bit seed and
// a stream number. Same (seed, stream) → same sequence in every JS engine: the integer and
// uniform draws use only exact operations. normal() also calls Math.log and Math.sqrt; V8
// (Chromium, Node) computes them identically everywhere, other engines may differ in the last
// bit. Streams keep uses apart: toy points and the batch order of one seed do not share draws.

export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** A uniform integer in [0, n), without modulo bias; n from 1 to 2^32. */
  int(n: number): number;
  /** A standard normal draw (Marsaglia's polar method). */
  normal(): number;
}

/** The streams in use (the data sets here; the test cases of learn/check), so no two uses share a sequence by accident. */
export const RngStream = { toyPoints: 1, toySplit: 2, batches: 3, checkCases: 4 } as const;

const TWO_POW_32 = 4294967296;

export function checkU32(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
    throw new RangeError(`${field} must be a whole number from 0 to 4294967295, got ${value}`);
  }
}

/** splitmix32's output function: a bijective 32-bit mix. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** xoshiro128** over the given state (4 words, not all zero), which it advances in place. */
export function xoshiro128ss(s: Uint32Array): () => number {
  return () => {
    const s0 = s[0] ?? 0;
    const s1 = s[1] ?? 0;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const s2 = (s[2] ?? 0) ^ s0;
    const s3 = (s[3] ?? 0) ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ t;
    s[3] = rotl(s3, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A generator for (seed, stream, index): streams separate uses (RngStream), the index separates
 * draws within one use that must be reachable directly, such as the shuffle of epoch k.
 */
export function createRng(seed: number, stream = 0, index = 0): Rng {
  checkU32(seed, 'seed');
  checkU32(stream, 'stream');
  checkU32(index, 'index');
  // splitmix32: a Weyl sequence (golden-ratio steps) from the mixed (seed, stream, index).
  let counter = mix32(seed ^ mix32(stream ^ 0x632be5ab ^ mix32(index ^ 0x85ebca6b)));
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    counter = (counter + 0x9e3779b9) >>> 0;
    state[i] = mix32(counter);
  }
  if (state.every((w) => w === 0)) state[0] = 1;
  const u32 = xoshiro128ss(state);
  const float = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return {
    u32,
    float,
    uniform: (lo, hi) => lo + (hi - lo) * float(),
    int(n) {
      if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new RangeError(`int(n) needs n from 1 to 2^32, got ${n}`);
      // Reject the top partial block of 2^32 so every residue is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const u = u32();
        if (u < limit) return u % n;
      }
    },
    normal() {
      for (;;) {
        const a = 2 * float() - 1;
        const b = 2 * float() - 1;
        const r = a * a + b * b;
        if (r > 0 && r < 1) return a * Math.sqrt((-2 * Math.log(r)) / r);
      }
    },
  };
}

/** Fisher–Yates: shuffles `order` in place, every permutation equally likely. */
export function shuffleInPlace(order: Uint32Array, rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
}
