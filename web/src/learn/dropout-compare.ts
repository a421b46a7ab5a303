// Two runs of the same network and seed, with and without Dropout: per-epoch metrics in, the
// train/test gap of each and a one-line comparison out.

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  /** 0..1 */
  trainAccuracy: number;
  testAccuracy: number;
}

export type CurveMetric = 'accuracy' | 'loss';

export interface GapSummary {
  epoch: number;
  train: number;
  test: number;
  /** train - test accuracy (or test - train loss): how much better the training set looks. */
  gap: number;
}

/** The gap at the last epoch of a run, or null for an empty run. */
export function finalGap(run: readonly EpochMetrics[], metric: CurveMetric = 'accuracy'): GapSummary | null {
  const last = run[run.length - 1];
  if (!last) return null;
  return metric === 'accuracy'
    ? { epoch: last.epoch, train: last.trainAccuracy, test: last.testAccuracy, gap: last.trainAccuracy - last.testAccuracy }
    : { epoch: last.epoch, train: last.trainLoss, test: last.testLoss, gap: last.testLoss - last.trainLoss };
}

/** The train and test values of one metric per epoch, as chart points. */
export function curvePoints(run: readonly EpochMetrics[], metric: CurveMetric): { train: [number, number][]; test: [number, number][] } {
  const pick = (m: EpochMetrics, which: 'train' | 'test'): number =>
    metric === 'accuracy' ? (which === 'train' ? m.trainAccuracy : m.testAccuracy) : which === 'train' ? m.trainLoss : m.testLoss;
  return { train: run.map((m) => [m.epoch, pick(m, 'train')]), test: run.map((m) => [m.epoch, pick(m, 'test')]) };
}

function points(gap: number): string {
  return `${(gap * 100).toFixed(1)} points`;
}

/** "With dropout the gap is 2.0 points, without 7.1 points: dropout narrowed it by 5.1 points." */
export function gapComparison(withDropout: readonly EpochMetrics[], without: readonly EpochMetrics[]): string {
  const a = finalGap(withDropout);
  const b = finalGap(without);
  if (!a || !b) return 'train both runs to compare their train/test gaps';
  const diff = b.gap - a.gap;
  const verdict =
    Math.abs(diff) < 0.005 ? 'about the same gap' : diff > 0 ? `dropout narrowed it by ${points(diff)}` : `dropout widened it by ${points(-diff)}`;
  return `train/test accuracy gap with dropout ${points(a.gap)}, without ${points(b.gap)}: ${verdict}`;
}
