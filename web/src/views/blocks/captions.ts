// Sentences under the pictures and beside the totals. Pure functions (no DOM), so the exact
// wording is tested in Node.
import type { Raster } from '../kit/canvas.ts';
import { formatCompact, formatCount, formatPercent } from '../kit/format.ts';

/** 1 -> "1st", 2 -> "2nd", 3 -> "3rd", 4 -> "4th", 11 -> "11th", 21 -> "21st", 112 -> "112th". */
export function ordinal(n: number): string {
  const whole = Math.trunc(n);
  const lastTwo = Math.abs(whole) % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${whole}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[Math.abs(whole) % 10] ?? 'th';
  return `${whole}${suffix}`;
}

/** "every 2nd row, every 3rd column" when a picture shows a sample of the values; "" otherwise. */
export function samplingNote(r: Raster & { srcRows: number; srcCols: number }): string {
  if (r.rowStep === 1 && r.colStep === 1) return '';
  const rows = r.rowStep > 1 ? `every ${ordinal(r.rowStep)} row` : 'every row';
  const cols = r.colStep > 1 ? `every ${ordinal(r.colStep)} column` : 'every column';
  return `${rows}, ${cols}`;
}

/** The sentence under a dropout mask: what was kept, what was expected, how survivors scale. */
export function maskSummary(mask: { keptFraction: number; p: number; scale: number }): string {
  const kept = `Kept ${formatPercent(mask.keptFraction)} of units (expected 1 − p = ${formatPercent(1 - mask.p)})`;
  // At p = 1 nothing survives, so there is no survivor scale to speak of (1/(1 − p) is 1/0).
  if (mask.p >= 1) return `${kept}; at p = 1 no element survives: the output is all zeros.`;
  return `${kept}; survivors are scaled ×${mask.scale.toFixed(2)} = 1/(1 − p).`;
}

/** The course counts FLOPs; the page counts multiply-adds. One line links them. */
export function flopsLine(multiplyAdds: number): string {
  return `FLOPs ≈ 2 × multiply-adds = ${formatCount(2 * multiplyAdds)} (${formatCompact(2 * multiplyAdds)})`;
}
