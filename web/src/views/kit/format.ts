// Number and shape text for the views. Pure functions, no DOM, no locale: output is the same
// in every browser and in Node.
//
// Bytes use binary units (1 KiB = 1,024 B) with one decimal, as memory tools do:
//   512 -> "512 B", 803,840 -> "785.0 KiB", 3,784,704 -> "3.6 MiB", 2**31 -> "2.0 GiB".
import { withThousands } from '../../model/text.ts';

/** 200960 -> "200,960". */
export function formatCount(n: number): string {
  return withThousands(Math.round(n));
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Human bytes in binary units; whole bytes below 1 KiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  // Move up while the one-decimal text would read 1024.0 or more.
  while (value >= 1023.95 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Short counts for dense places: 6,422,528 -> "6.42 M", 235,146 -> "235 k", 950 -> "950". */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const v = n / size;
      const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
      return `${v.toFixed(digits)} ${suffix}`;
    }
  }
  return String(Math.round(n));
}

/** [32, 256] -> "(32, 256)"; [10] -> "(10,)" as Python writes a one-element tuple. */
export function formatShape(shape: readonly number[] | null): string {
  if (shape === null) return '—';
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The parameter count of a Linear as arithmetic: "784 × 256 + 256", or "784 × 256" without bias. */
export function linearFormula(inFeatures: number, outFeatures: number, bias: boolean): string {
  const product = `${formatCount(inFeatures)} × ${formatCount(outFeatures)}`;
  return bias ? `${product} + ${formatCount(outFeatures)}` : product;
}

/** Milliseconds with sensible precision: 0.0423 -> "0.04 ms", 1.234 -> "1.23 ms", 42.3 -> "42 ms". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** 0.498779 -> "49.9%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Short stat numbers for captions: 3 significant digits, no exponent for ordinary sizes. */
export function formatStat(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e5 || abs < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(3)).toString();
}
