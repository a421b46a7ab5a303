// Runs kept beside the current one: the run an edit left behind (faded on the curves, and
// brought back by Undo when it can be replayed) and runs the learner pinned to compare with
// the next one (another init, learning rate, optimizer, batch size or Dropout p). Pure.
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import type { EpochRecord } from '../protocol.ts';
import type { TrainSettings } from '../../model/training/settings.ts';

/** A finished or paused run's curves, as the chart draws them. */
export interface KeptRun {
  label: string;
  epochs: readonly EpochRecord[];
  batchesPerEpoch: number;
}

/** The run an edit replaced: enough to draw it and, when replayable, to replay it. */
export interface PreviousRun extends KeptRun {
  /** The network it trained (layer specs, input and seed). */
  networkKey: string;
  settings: TrainSettings;
  /** Steps to replay it from the seed, or null when it changed settings midway (not replayable). */
  steps: number | null;
}

/** Pinned runs kept at most: more faint lines would not read. */
export const MAX_PINS = 3;

const OPTIMIZER_WORDS: { readonly [K in TrainSettings['optimizer']]: string } = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW' };

/** What sets a run apart, in a few words: optimizer, learning rate, batch, the first init and Dropout p. */
export function runLabel(settings: TrainSettings, layers: readonly LayerSpec[], seed: number): string {
  const first = layers.find((l) => l.kind === 'linear');
  const init = first?.kind === 'linear' ? `${first.init} init` : 'no Linear';
  const drops = layers.flatMap((l) => (l.kind === 'dropout' ? [l.p] : []));
  const dropout = drops.length === 0 ? 'no Dropout' : `Dropout p ${drops.join(', ')}`;
  const widths = layers.flatMap((l) => (l.kind === 'linear' ? [l.out] : [])).join('-');
  return `${OPTIMIZER_WORDS[settings.optimizer]} lr ${settings.lr}, batch ${settings.batchSize}, ${init}, ${dropout}, widths ${widths}, seed ${seed}`;
}

/** Adds `run` to the pins (oldest dropped past MAX_PINS); a run with no finished epoch is not worth a line. */
export function pinned(pins: readonly KeptRun[], run: KeptRun): KeptRun[] {
  if (run.epochs.length === 0) return [...pins];
  return [...pins, run].slice(-MAX_PINS);
}
