// Two runs of the same network and seed, with and without Dropout: per-epoch metrics in, the
// train/test gap of each and a verdict out.
//
// Like with like: the figures compared here are measured the same way for both runs, in
// evaluation mode (Dropout off), the train figure on a fixed subset of the training set at the
// epoch's end, the test figure on the whole test set. A running mean taken while training
// would score the run with dropout with its units dropped and the other run without, and a
// "gap" between those is partly the masks, not overfitting.
//
// The verdict (dropoutVerdict) judges test accuracy first, since that is what dropout is for;
// a narrower train/test gap is only claimed when it holds in each of the last few epochs, and
// never offered as praise while test accuracy is lower with dropout.

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

/** How many of the latest common epochs a claim must hold in. */
export const VERDICT_EPOCHS = 3;
/** A difference under this (accuracy, 0..1: half a point) is "about the same". */
export const VERDICT_MARGIN = 0.005;

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

/** How one difference (with dropout minus without) behaved over the judged epochs. */
export type Trend = 'higher' | 'lower' | 'same' | 'mixed';

export type DropoutVerdict =
  | { kind: 'too-early'; epochs: number; needed: number }
  | {
      /** wins: higher test accuracy in each judged epoch; loses: lower in each; mixed: neither. */
      kind: 'wins' | 'loses' | 'mixed';
      epochs: number;
      /** The latest common epoch and both runs' figures there. */
      at: { epoch: number; with: GapSummary; without: GapSummary };
      test: Trend;
      /** The gap with dropout compared with the gap without: 'lower' is narrower. */
      gap: Trend;
    };

/** Higher or lower when every difference points that way and their mean clears the margin. */
export function trend(diffs: readonly number[], margin = VERDICT_MARGIN): Trend {
  const mean = diffs.reduce((a, b) => a + b, 0) / Math.max(diffs.length, 1);
  if (diffs.every((d) => d > 0) && mean >= margin) return 'higher';
  if (diffs.every((d) => d < 0) && mean <= -margin) return 'lower';
  return Math.abs(mean) < margin && diffs.every((d) => Math.abs(d) < 2 * margin) ? 'same' : 'mixed';
}

/** The epochs both runs have finished, paired by epoch number, oldest first. */
function commonEpochs(a: readonly EpochMetrics[], b: readonly EpochMetrics[]): [EpochMetrics, EpochMetrics][] {
  const byEpoch = new Map(b.map((m) => [m.epoch, m]));
  const out: [EpochMetrics, EpochMetrics][] = [];
  for (const m of a) {
    const other = byEpoch.get(m.epoch);
    if (other) out.push([m, other]);
  }
  return out;
}

/** The verdict over the last `epochs` epochs both runs have finished. */
export function dropoutVerdict(withDropout: readonly EpochMetrics[], without: readonly EpochMetrics[], epochs = VERDICT_EPOCHS): DropoutVerdict {
  const pairs = commonEpochs(withDropout, without);
  if (pairs.length < epochs) return { kind: 'too-early', epochs: pairs.length, needed: epochs };
  const judged = pairs.slice(-epochs);
  const gapOf = (m: EpochMetrics): number => m.trainAccuracy - m.testAccuracy;
  const test = trend(judged.map(([w, o]) => w.testAccuracy - o.testAccuracy));
  const gap = trend(judged.map(([w, o]) => gapOf(w) - gapOf(o)));
  const [w, o] = judged[judged.length - 1]!;
  return {
    kind: test === 'higher' ? 'wins' : test === 'lower' ? 'loses' : 'mixed',
    epochs,
    at: { epoch: w.epoch, with: finalGap([w])!, without: finalGap([o])! },
    test,
    gap,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const pts = (x: number): string => `${(x * 100).toFixed(1)} points`;

/** The verdict as the page states it. */
export function verdictText(v: DropoutVerdict): string {
  if (v.kind === 'too-early') {
    return `Too early to tell: ${v.epochs} of ${v.needed} epochs finished by both runs. One epoch can go either way; the verdict needs ${v.needed} in a row.`;
  }
  const { epoch } = v.at;
  const figures = `test accuracy ${pct(v.at.with.test)} with dropout, ${pct(v.at.without.test)} without (epoch ${epoch})`;
  const gaps = `train/test gap ${pts(v.at.with.gap)} with dropout, ${pts(v.at.without.gap)} without`;
  const span = `each of the last ${v.epochs} epochs`;
  if (v.kind === 'loses') {
    const narrower = v.gap === 'lower' ? ` The gap is narrower with dropout (${gaps}), but a gap narrowed by a worse test score is no gain.` : ` ${gaps[0]!.toUpperCase()}${gaps.slice(1)}.`;
    return `Dropout costs accuracy here: test accuracy is lower with dropout in ${span}: ${figures}.${narrower}`;
  }
  if (v.kind === 'wins') {
    const gapPart = v.gap === 'lower' ? ` and the gap narrower in ${span} (${gaps})` : ` (${gaps})`;
    return `Dropout helps here: test accuracy is higher with dropout in ${span}: ${figures}${gapPart}.`;
  }
  const testPart = v.test === 'same' ? `test accuracy about the same over ${span}` : `test accuracy higher in some of the last ${v.epochs} epochs and lower in others`;
  const gapPart =
    v.gap === 'lower'
      ? `the gap is narrower with dropout in ${span}`
      : v.gap === 'higher'
        ? `the gap is wider with dropout in ${span}`
        : 'no steady difference in the gap';
  return `No clear winner yet: ${testPart}; ${gapPart}. Now: ${figures}; ${gaps}.`;
}
