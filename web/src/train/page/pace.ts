// Pace and the stopping rule, as numbers. The pace only spaces the steps out in time; the
// stopping rule pauses Play at the end of every N epochs, a step count fixed by the data set
// and batch size, so the same seed stops at the same step whatever the pace or the pauses.

/** Play's paces in steps a second, slowest first; null is full speed. Step (one batch a click) is slower still. */
export const PACES: readonly (number | null)[] = [1, 4, 20, null];

/**
 * The epoch whose end Play stops at: the next multiple of `stopEpochs` past `step` (a run paused
 * at the end of epoch 10 with N = 10 goes on to 20: "keep going" is Play), or null with no rule.
 * Before the data set's size is known (no run yet) the first multiple.
 */
export function nextStopEpoch(step: number, batchesPerEpoch: number | null, stopEpochs: number): number | null {
  if (!(stopEpochs > 0)) return null;
  if (!batchesPerEpoch || batchesPerEpoch <= 0) return stopEpochs;
  return (Math.floor(step / (stopEpochs * batchesPerEpoch)) + 1) * stopEpochs;
}
