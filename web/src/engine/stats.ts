// Summary statistics of a block's values, computed once per run so views only draw.

export interface ValueStats {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Fraction of exact zeros (dead ReLUs, dropped units). */
  zeros: number;
}

export interface Histogram {
  /** Left edge of the first bin and width of each bin. */
  start: number;
  width: number;
  counts: number[];
}

export function valueStats(values: Float32Array): ValueStats {
  const n = values.length;
  if (n === 0) return { count: 0, mean: 0, std: 0, min: 0, max: 0, zeros: 0 };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    sq += d * d;
  }
  return { count: n, mean, std: Math.sqrt(sq / n), min, max, zeros: zeros / n };
}

/** Equal-width bins over [min, max] (a single bin of width 1 when all values are equal). */
export function histogram(values: Float32Array, bins: number, stats = valueStats(values)): Histogram {
  const counts = new Array<number>(bins).fill(0);
  if (stats.count === 0) return { start: 0, width: 1, counts };
  const span = stats.max - stats.min;
  const width = span > 0 ? span / bins : 1;
  for (let i = 0; i < values.length; i++) {
    const b = span > 0 ? Math.min(bins - 1, Math.floor((values[i]! - stats.min) / width)) : 0;
    counts[b]!++;
  }
  return { start: stats.min, width, counts };
}
