// "Dropout left on at inference", measured: the test set in evaluation mode and in training
// mode at the same step, and one test sample predicted several times in each mode. In
// training mode every forward pass draws new dropout masks, so the sample's prediction (or
// at least its confidence) changes from pass to pass; in evaluation mode it never does.
// Pure over a small view of the trainer, so the choice of sample is tested without WASM.
import type { InferenceReport, InferenceSample } from '../protocol.ts';

/** Test samples searched for one whose training-mode predictions differ (sample -1). */
export const SEARCH_ROWS = 64;
export const MAX_REPEATS = 16;

export interface InferenceSource {
  readonly step: number;
  readonly test: { x: Float32Array; y: Uint8Array; n: number };
  readonly features: number;
  /** Outputs per row (1 for BCE's one logit). */
  readonly outWidth: number;
  evaluateTest(trainingMode: boolean): { loss: number; accuracy: number };
  /** Raw outputs (count, outWidth) for `count` rows of `x`. */
  forward(x: Float32Array, count: number, trainingMode: boolean): Float32Array;
  /** Re-seeds the dropout masks from (seed, step) so the report is the same for the same run. */
  reseed(): void;
}

/** Predicted class and its probability (softmax, or the sigmoid for one logit) for row `row` of `y` (rows × c). */
export function classOf(y: Float32Array, row: number, c: number): { predicted: number; confidence: number } {
  if (c === 1) {
    const p = 1 / (1 + Math.exp(-(y[row] ?? 0)));
    return p > 0.5 ? { predicted: 1, confidence: p } : { predicted: 0, confidence: 1 - p };
  }
  let best = 0;
  for (let j = 1; j < c; j++) if ((y[row * c + j] ?? -Infinity) > (y[row * c + best] ?? -Infinity)) best = j;
  const top = y[row * c + best] ?? 0;
  let sum = 0;
  for (let j = 0; j < c; j++) sum += Math.exp((y[row * c + j] ?? 0) - top);
  return { predicted: best, confidence: 1 / sum };
}

/** `repeats` passes over `count` rows: per row, per pass, the class and its probability. */
function passes(src: InferenceSource, x: Float32Array, count: number, repeats: number, trainingMode: boolean): { predicted: number[]; confidence: number[] }[] {
  const rows = Array.from({ length: count }, () => ({ predicted: [] as number[], confidence: [] as number[] }));
  if (trainingMode) src.reseed();
  for (let r = 0; r < repeats; r++) {
    const y = src.forward(x, count, trainingMode);
    rows.forEach((row, i) => {
      const k = classOf(y, i, src.outWidth);
      row.predicted.push(k.predicted);
      row.confidence.push(k.confidence);
    });
  }
  return rows;
}

/** The first row whose predicted classes are not all the same, or 0 (every row agrees with itself). */
export function firstVarying(rows: readonly { predicted: readonly number[] }[]): number {
  const i = rows.findIndex((r) => r.predicted.some((p) => p !== r.predicted[0]));
  return i < 0 ? 0 : i;
}

/** The report for test sample `sample` (clamped to the set), or with -1 the first of the first SEARCH_ROWS whose predictions vary. */
export function inferenceReport(src: InferenceSource, sample: number, repeats: number): Omit<InferenceReport, 'hasDropout'> {
  const n = Math.max(1, Math.min(MAX_REPEATS, Math.floor(repeats)));
  const f = src.features;
  const evaluation = src.evaluateTest(false);
  const training = src.evaluateTest(true);
  let index: number;
  let trainingRow: { predicted: number[]; confidence: number[] };
  if (sample < 0) {
    const count = Math.min(SEARCH_ROWS, src.test.n);
    const rows = passes(src, src.test.x.subarray(0, count * f), count, n, true);
    index = firstVarying(rows);
    trainingRow = rows[index]!;
  } else {
    index = Math.min(Math.floor(sample), src.test.n - 1);
    trainingRow = passes(src, src.test.x.subarray(index * f, (index + 1) * f), 1, n, true)[0]!;
  }
  const x = src.test.x.subarray(index * f, (index + 1) * f);
  const evaluationRow = passes(src, x, 1, n, false)[0]!;
  const detail: InferenceSample = { index, label: src.test.y[index] ?? 0, features: x.slice(), evaluation: evaluationRow, training: trainingRow };
  return { step: src.step, evaluation, training, sample: detail };
}
