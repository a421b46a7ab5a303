// A symmetric diverging colour scale around 0: negative -> zero colour -> positive, linear in
// the value (so equal steps read as equal differences), as 511 packed RGBA entries. The page's
// blue/orange pair (--chart-negative/--chart-positive) stays distinguishable with the common
// colour-vision deficiencies, and the zero colour is the surface colour, so the scale follows
// the light or dark scheme.

/** A colour's red, green and blue, 0 to 255. */
export type Rgb = [number, number, number];

/** Entries on each side of zero; index HALF is exactly 0. */
export const HALF = 255;
export const LUT_SIZE = 2 * HALF + 1;

/** RGBA bytes for every step; view its buffer as Uint32Array to write whole pixels at once. */
export function divergingLut(negative: Rgb, zero: Rgb, positive: Rgb): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = (i - HALF) / HALF; // -1 .. 1
    const end = t < 0 ? negative : positive;
    const a = Math.abs(t);
    for (let c = 0; c < 3; c++) lut[i * 4 + c] = Math.round(zero[c]! + (end[c]! - zero[c]!) * a);
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

/** The LUT index of v on a scale from -maxAbs to maxAbs (clamped; NaN and maxAbs 0 give the zero colour). */
export function divergingIndex(v: number, maxAbs: number): number {
  return indexScaled(v, maxAbs > 0 ? HALF / maxAbs : 0);
}

/** divergingIndex with the factor HALF / maxAbs precomputed (0 for maxAbs 0), for hot loops. */
export function indexScaled(v: number, k: number): number {
  const t = v * k;
  if (t !== t) return HALF; // NaN, or 0 × ±Infinity
  return HALF + Math.round(t > HALF ? HALF : t < -HALF ? -HALF : t);
}

/** Largest |v| (NaN ignored), the default symmetric range. */
export function maxAbsOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > m) m = a;
  }
  return m;
}
