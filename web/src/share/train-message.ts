// What an embed tells the page around it about training: status, step, epoch and the latest
// train and test figures, at most a few times a second. The element dispatches it as a
// `layerlab-train` event, the <iframe> posts it as `{ type: 'layerlab:train', … }`. Pure TS
// (the clock and timer are passed in); the embed decides where it goes.
import type { TrainView } from '../train/page/controller.ts';

export const TRAIN_MESSAGE = 'layerlab:train';
export const TRAIN_EVENT = 'layerlab-train';
/** At most 4 reports a second: a host page's progress bar needs no more. */
export const TRAIN_REPORT_GAP_MS = 250;

export interface TrainReport {
  status: TrainView['state']['status'];
  step: number;
  /** Epochs completed. */
  epoch: number;
  /** The current epoch's running mean in training mode; null before its first step. */
  trainLoss: number | null;
  trainAccuracy: number | null;
  /** The last finished epoch's test figures; null before the first epoch ends. */
  testLoss: number | null;
  testAccuracy: number | null;
}

export interface TrainMessage extends TrainReport {
  type: typeof TRAIN_MESSAGE;
}

/** JSON has no NaN: a figure not measured yet is null. */
function figure(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}

export function trainReport(view: Readonly<TrainView>): TrainReport {
  // Epochs of a run set up since (a new network or Reset) say nothing about this one.
  const last = view.epochs.filter((e) => e.step <= view.state.step).at(-1);
  return {
    status: view.state.status,
    step: view.state.step,
    epoch: view.epochs.length,
    trainLoss: figure(view.trainLoss),
    trainAccuracy: figure(view.trainAccuracy),
    testLoss: figure(last?.testLoss ?? null),
    testAccuracy: figure(last?.testAccuracy ?? null),
  };
}

export interface ReporterClock {
  now(): number;
  later(fn: () => void, ms: number): void;
}

/**
 * Hands `send` a report when the run changes: a new status at once, figures at most every
 * TRAIN_REPORT_GAP_MS, and the last figures of a burst once the gap has passed (none is lost).
 */
export class TrainReporter {
  private last: TrainReport | null = null;
  private lastAt = -Infinity;
  private pending: TrainReport | null = null;

  constructor(
    private readonly send: (report: TrainReport) => void,
    private readonly clock: ReporterClock = { now: () => performance.now(), later: (fn, ms) => setTimeout(fn, ms) },
  ) {}

  update(view: Readonly<TrainView>): void {
    const report = trainReport(view);
    if (this.last && sameReport(report, this.last)) return;
    // Nothing to tell before the first run starts.
    if (!this.last && report.status === 'idle') return;
    const now = this.clock.now();
    if (this.last?.status !== report.status || now - this.lastAt >= TRAIN_REPORT_GAP_MS) {
      this.emit(report, now);
      return;
    }
    const wasPending = this.pending !== null;
    this.pending = report;
    if (!wasPending) {
      this.clock.later(() => {
        const due = this.pending;
        this.pending = null;
        if (due && !(this.last && sameReport(due, this.last))) this.emit(due, this.clock.now());
      }, TRAIN_REPORT_GAP_MS - (now - this.lastAt));
    }
  }

  private emit(report: TrainReport, at: number): void {
    this.pending = null;
    this.last = report;
    this.lastAt = at;
    this.send(report);
  }
}

function sameReport(a: TrainReport, b: TrainReport): boolean {
  return (Object.keys(a) as (keyof TrainReport)[]).every((k) => a[k] === b[k]);
}

export function trainMessage(report: TrainReport): TrainMessage {
  return { type: TRAIN_MESSAGE, ...report };
}
