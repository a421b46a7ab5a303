// The dropout comparison's second run: the same network with every Dropout set to p = 0 (the
// identity), so each Linear keeps its position and so its initial weights (mixSeed(seed, i)),
// and the same seed, hence the same batches in the same order. The host steps it right after
// the main run while the comparison is on; its epochs go out with the progress messages.
import type { Dataset } from '../../data/dataset.ts';
import { DEFAULT_BUDGET_BYTES, formatBytesMiB } from '../../engine/engine.ts';
import type { LayerlabModule } from '../../engine/layerlab';
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import { trainMemory } from '../budget.ts';
import type { CompareProgress, EpochRecord, RunSetup } from '../protocol.ts';
import type { TrainSettings } from '../../model/training/settings.ts';
import { Trainer } from './trainer.ts';

export function hasDropout(layers: readonly LayerSpec[]): boolean {
  return layers.some((l) => l.kind === 'dropout' && l.p > 0);
}

/** The same layers with every Dropout at p = 0: nothing else moves. */
export function withoutDropout(layers: readonly LayerSpec[]): LayerSpec[] {
  return layers.map((l) => (l.kind === 'dropout' ? { kind: 'dropout', p: 0 } : l));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Both runs' training memory (the data set is shared), or a sentence when over the budget. */
export function compareBudgetProblem(setup: RunSetup, dataValues: number, budgetBytes = DEFAULT_BUDGET_BYTES): string | null {
  const { settings } = setup;
  const m = trainMemory(setup.layers, setup.features, settings.batchSize, settings.optimizer, settings.momentum, dataValues);
  const both = 2 * m.total - m.dataBytes;
  return both <= budgetBytes ? null : `comparing needs a second copy of the network: ${formatBytesMiB(both)} for both runs, over the ${formatBytesMiB(budgetBytes)} budget`;
}

/** A setting the main run changed midway: it applies to the steps after its first `step`. */
export interface SettingsChange {
  step: number;
  kind: 'lr' | 'optimizer';
  settings: TrainSettings;
}

export class DropoutTwin {
  private trainer: Trainer | null = null;
  private problem: string | null = null;
  private epochs: EpochRecord[] = [];
  /** How many of the main run's changes this twin has taken. */
  private applied = 0;

  constructor(ll: LayerlabModule, setup: RunSetup, data: Dataset) {
    if (!hasDropout(setup.layers)) {
      this.problem = 'this network has no Dropout block (with p > 0): add one to compare';
      return;
    }
    this.problem = compareBudgetProblem(setup, data.train.x.length + data.test.x.length);
    if (this.problem) return;
    try {
      this.trainer = new Trainer(ll, { ...setup, layers: withoutDropout(setup.layers) }, data);
    } catch (error) {
      this.problem = `the run without Dropout could not start: ${errorText(error)}`;
    }
  }

  /** The twin has fewer steps than the main run (it was switched on mid-run, or is one step behind). */
  behind(mainStep: number): boolean {
    return this.trainer !== null && this.trainer.step < mainStep;
  }

  /**
   * One step, after taking the main run's changes made at or before this step; a failure stops
   * the twin (the main run carries on) and says why.
   */
  step(testInTrainingMode: boolean, now: number, changes: readonly SettingsChange[] = []): void {
    while (this.trainer && this.applied < changes.length && changes[this.applied]!.step <= this.trainer.step) {
      const change = changes[this.applied++]!;
      if (change.kind === 'lr') this.setLr(change.settings.lr);
      else this.replaceOptimizer(change.settings);
    }
    const t = this.trainer;
    if (!t) return;
    const outcome = t.trainStep(testInTrainingMode, (record) => this.epochs.push(record), now);
    if (outcome.kind === 'ok') return;
    this.stop(`the run without Dropout stopped at step ${t.step + 1}: ${outcome.message}`);
  }

  private setLr(lr: number): void {
    this.trainer?.setLr(lr);
  }

  private replaceOptimizer(settings: TrainSettings): void {
    try {
      this.trainer?.replaceOptimizer(settings);
    } catch (error) {
      this.stop(`the run without Dropout stopped: ${errorText(error)}`);
    }
  }

  /** What happened since the last call: the twin's step and its finished epochs. */
  progress(): CompareProgress {
    const out = { step: this.stepCount, epochs: this.epochs, problem: this.problem };
    this.epochs = [];
    return out;
  }

  get stepCount(): number {
    return this.trainer?.step ?? 0;
  }

  /** The twin's parameters (tests). */
  parameters(): Float32Array[] {
    return this.trainer?.parameters() ?? [];
  }

  dispose(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  private stop(problem: string): void {
    this.problem = problem;
    this.dispose();
  }
}
