// Sentences under the pictures and beside the totals. Pure functions (no DOM), so the exact
// wording is tested in Node.
import type { Raster } from '../kit/canvas.ts';
import { formatBytes, formatCompact, formatCount, formatPercent } from '../kit/format.ts';

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

/** The network's figures counted as the course counts them, to set beside the page's own. */
export interface CourseCountsInput {
  batch: number;
  /** Features per sample of the input (784 for 28×28). */
  inputFeatures: number;
  /** Each Linear's out features, in order (its output per sample). */
  linearOuts: readonly number[];
  multiplyAdds: number;
}

/** "7,512,064 ≈ 7.5 million"; small counts as they are. */
function count(n: number): string {
  return n >= 1e5 ? `${formatCount(n)} ≈ ${(n / 1e6).toFixed(1)} million` : formatCount(n);
}

/**
 * The course counts one multiply-add as one FLOP (the page's FLOPs line counts the multiply and
 * the add apart, so 2 × as many for the same work), and its activation memory as the input plus
 * each Linear's output in float32 (activations applied in place), where the page counts every
 * block's output and shows the input apart. For the course's 784→256→128→10 at batch 32 these
 * give its "≈ 7.5 million FLOPs" and "≈ 147 KB".
 */
export function courseCounts(c: CourseCountsInput): { flops: string; memory: string } {
  const perSample = [c.inputFeatures, ...c.linearOuts];
  const bytes = c.batch * perSample.reduce((a, b) => a + b, 0) * 4;
  return {
    flops: `As the course counts FLOPs (one multiply-add = one FLOP): ${count(c.multiplyAdds)}, the same work as the ${formatCompact(2 * c.multiplyAdds)} above, which counts the multiply and the add apart.`,
    memory: `As the course counts activation memory (the input and each Linear's output, float32, activations in place): ${c.batch} × (${perSample.map(formatCount).join(' + ')}) × 4 B = ${formatCount(bytes)} B${bytes >= 1024 ? ` = ${formatBytes(bytes)}` : ''}. The page counts every block's output (ReLU and Dropout each make a new tensor) and the input apart.`,
  };
}
