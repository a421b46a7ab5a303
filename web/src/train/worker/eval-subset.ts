// The fixed part of the training set that both runs of the dropout comparison are scored on at
// each epoch's end, in evaluation mode: the same samples every epoch and for every run, spread
// evenly through the set (so no class is left out when a file is sorted by class).
import type { Split } from '../../data/dataset.ts';

/** Training samples scored per epoch: as many as Fashion-MNIST's test set, all of a smaller set. */
export const TRAIN_EVAL_SAMPLES = 1000;

/** Sample i·n/count (floored) for i < count; the split itself when it has no more than `count`. */
export function evenSubset(split: Split, features: number, count = TRAIN_EVAL_SAMPLES): Split {
  if (split.n <= count) return split;
  const x = new Float32Array(count * features); // (count, features)
  const y = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const at = Math.floor((i * split.n) / count);
    x.set(split.x.subarray(at * features, (at + 1) * features), i * features);
    y[i] = split.y[at] ?? 0;
  }
  return { x, y, n: count };
}
