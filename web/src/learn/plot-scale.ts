// Axis scales and ticks for the learning charts: linear (epochs, accuracy, loss) and log10
// (spreads across depth, which change by orders of magnitude).

export interface Scale {
  (v: number): number;
  domain: [number, number];
  log: boolean;
}

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  const s = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  s.domain = [d0, d1];
  s.log = false;
  return s;
}

export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (!(d0 > 0 && d1 > 0)) throw new RangeError(`log scale: the range ${d0}..${d1} must be > 0`);
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  const s = ((v: number) => r0 + ((Math.log10(v) - l0) / span) * (r1 - r0)) as Scale;
  s.domain = [d0, d1];
  s.log = true;
  return s;
}

/** About `count` round ticks (1, 2 or 5 × 10^k apart, the step nearest (max - min) / count) within [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const err = raw / mag; // 1 ≤ err < 10; thresholds as d3's ticks (√2, √10, √50)
  const step = mag * (err >= 7.07 ? 10 : err >= 3.16 ? 5 : err >= 1.41 ? 2 : 1);
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Whole decades from below min to above max: the log axis's bounds and ticks. */
export function decadeRange(min: number, max: number): { lo: number; hi: number; ticks: number[] } {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) ticks.push(10 ** k);
  return { lo: 10 ** lo, hi: 10 ** hi, ticks };
}

/** Smallest and largest finite value (positive only when `positive`); null if there is none. */
export function extent(values: Iterable<number>, positive = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A decade tick as text: 0.01, 0.1, 1, 10, 100, 1000 plainly, others as 1e-4, 1e6. */
export function formatDecade(v: number): string {
  const k = Math.round(Math.log10(v));
  return k >= -2 && k <= 3 ? String(10 ** k) : `1e${k}`;
}
