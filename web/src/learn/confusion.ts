// A confusion matrix and the misclassified examples, from predicted and true class indices.

export interface Confusion {
  classes: number;
  /** counts[t * classes + p]: examples of true class t predicted as p. */
  counts: Uint32Array;
  /** Each row divided by its total (0 for an empty row): the shading. */
  rowShare: Float64Array;
  rowTotals: Uint32Array;
  correct: number;
  total: number;
}

function checkLabels(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: number): void {
  if (predicted.length !== actual.length) throw new RangeError(`confusion: ${predicted.length} predictions for ${actual.length} labels`);
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`confusion: ${classes} classes is not a count ≥ 1`);
}

function classIndex(v: number, classes: number, what: string, i: number): number {
  if (!Number.isInteger(v) || v < 0 || v >= classes) throw new RangeError(`confusion: ${what} ${i} is ${v}, not a class in 0..${classes - 1}`);
  return v;
}

export function confusionMatrix(predicted: ArrayLike<number>, actual: ArrayLike<number>, classes: number): Confusion {
  checkLabels(predicted, actual, classes);
  const counts = new Uint32Array(classes * classes);
  const rowTotals = new Uint32Array(classes);
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    const t = classIndex(actual[i]!, classes, 'label', i);
    const p = classIndex(predicted[i]!, classes, 'prediction', i);
    counts[t * classes + p]! += 1;
    rowTotals[t]! += 1;
    if (t === p) correct++;
  }
  const rowShare = new Float64Array(classes * classes);
  for (let t = 0; t < classes; t++) {
    const n = rowTotals[t]!;
    if (n === 0) continue;
    for (let p = 0; p < classes; p++) rowShare[t * classes + p] = counts[t * classes + p]! / n;
  }
  return { classes, counts, rowShare, rowTotals, correct, total: actual.length };
}

/** Indices of the first `limit` wrong predictions, in data order (deterministic for a fixed test set). */
export function misclassified(predicted: ArrayLike<number>, actual: ArrayLike<number>, limit: number): number[] {
  if (predicted.length !== actual.length) throw new RangeError(`misclassified: ${predicted.length} predictions for ${actual.length} labels`);
  const out: number[] = [];
  for (let i = 0; i < actual.length && out.length < limit; i++) if (predicted[i] !== actual[i]) out.push(i);
  return out;
}

/** Row-wise argmax of (n, classes) scores: the predicted classes. */
export function argmaxRows(scores: Float32Array, classes: number): Uint8Array {
  if (classes < 1 || scores.length % classes !== 0) throw new RangeError(`argmax: ${scores.length} scores do not split into rows of ${classes}`);
  const n = scores.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (scores[i * classes + k]! > scores[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}
