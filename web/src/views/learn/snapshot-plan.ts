// When the page asks the training worker for the learning views' data. Each part has a key
// (the state it would show: the step, the epoch count, the run) and a shortest gap between
// two fetches, so a part is fetched only when its key changed and its gap has passed: weights
// and the boundary follow the run at most 10 times a second (large weights less often, so the
// page is not handed megabytes a second to collect), the depth statistics twice, the
// confusion matrix (a full test-set pass in the worker, a dozen new canvases here) once per
// finished epoch and at most once a second, or when paused, the depth lab at init once per run. Pure: the panel gives keys and the clock.
import type { SnapshotWants } from '../../train/protocol.ts';

export type LearnPart = 'weights' | 'confusion' | 'boundary' | 'depth' | 'depthInit';

export const MIN_GAP_MS: { readonly [K in LearnPart]: number } = { weights: 100, boundary: 100, depth: 500, confusion: 1000, depthInit: 0 };

/** Misclassified test examples shown under the confusion matrix. */
export const MISTAKES_SHOWN = 12;
/** Cells per side of the decision boundary's grid. */
export const BOUNDARY_GRID = 60;

export type PartKeys = Partial<Record<LearnPart, string>>;

/** Bytes of first-layer weights per second the page takes at most (Fashion-MNIST's 784 × 256 floats: 1.25 times a second). */
export const WEIGHT_BYTES_PER_S = 1e6;

/** The weights' gap for a first Linear of `values` floats. */
export function weightsGapMs(values: number): number {
  return Math.max(MIN_GAP_MS.weights, Math.round(((values * 4) / WEIGHT_BYTES_PER_S) * 1000));
}

export type PartGaps = Partial<Record<LearnPart, number>>;

export interface Plan {
  /** Parts to fetch now (empty: nothing is due). */
  parts: LearnPart[];
  /** Milliseconds until a changed part's gap has passed (null when none waits). */
  retryInMs: number | null;
}

export class SnapshotPlanner {
  private fetched = new Map<LearnPart, { key: string; at: number }>();

  /**
   * `keys`: the parts on show now and what they would show; parts not listed are not fetched.
   * `gaps` lengthens a part's shortest gap (large weights).
   */
  plan(keys: PartKeys, now: number, gaps: PartGaps = {}): Plan {
    const parts: LearnPart[] = [];
    let retryInMs: number | null = null;
    for (const [part, key] of Object.entries(keys) as [LearnPart, string][]) {
      const last = this.fetched.get(part);
      if (last?.key === key) continue;
      const wait = last ? last.at + Math.max(MIN_GAP_MS[part], gaps[part] ?? 0) - now : 0;
      if (wait <= 0) parts.push(part);
      else retryInMs = Math.min(retryInMs ?? Infinity, wait);
    }
    return { parts, retryInMs };
  }

  /** The parts were fetched for these keys (at the time they were asked for). */
  done(parts: readonly LearnPart[], keys: PartKeys, at: number): void {
    for (const part of parts) {
      const key = keys[part];
      if (key !== undefined) this.fetched.set(part, { key, at });
    }
  }

  /** A fetch failed or the run changed: everything is due again. */
  forget(): void {
    this.fetched.clear();
  }
}

/** The worker request for these parts. */
export function wantsOf(parts: readonly LearnPart[]): SnapshotWants {
  const wants: SnapshotWants = {};
  for (const part of parts) {
    switch (part) {
      case 'weights':
        wants.firstLayer = true;
        break;
      case 'confusion':
        wants.testPredictions = true;
        wants.mistakes = MISTAKES_SHOWN;
        break;
      case 'boundary':
        wants.boundary = { size: BOUNDARY_GRID };
        break;
      case 'depth':
        wants.depthStats = true;
        break;
      case 'depthInit':
        wants.depthInit = true;
        break;
    }
  }
  return wants;
}
