// The depth lab's numbers: per block, the spread (standard deviation) of the activations going
// forward and of the gradients coming back, and how a spread changes per layer. The verdict on
// them is depth-verdict.ts; the WASM part (depthAtInit) builds the network once per init scheme.
import type { InitScheme } from '../model/blocks.ts';
import type { BlockStats } from '../engine/layerlab';
import type { DepthReading } from './depth-verdict.ts';

export type { BlockStats };

/** One line of the plot: at initialisation one per init scheme, during training one per step. */
export interface DepthSeries {
  label: string;
  blocks: readonly BlockStats[];
  /** During training, the verdict made when the step arrived (with the loss and the steps then); at initialisation it is made from the blocks. */
  reading?: DepthReading;
}

/** What the training worker reports after a step (see depthSeriesOfSteps). */
export interface DepthStep {
  step: number;
  blocks: readonly BlockStats[];
  reading?: DepthReading;
}

export const INIT_ORDER: readonly InitScheme[] = ['lecun', 'xavier', 'he', 'zeros'];

/**
 * Positions of the Linear blocks a gradient travels through: all but the last one when there
 * are three or more, because the last is the head, whose output gradient the loss sets
 * directly (and whose width change, e.g. 256 -> 10, is not a depth effect).
 */
export function hiddenLinears(kinds: readonly string[]): number[] {
  const at = kinds.flatMap((k, i) => (k === 'linear' ? [i] : []));
  return at.length >= 3 ? at.slice(0, -1) : at;
}

/**
 * The per-layer factor of `values` over the hidden Linear blocks, from the last back to the
 * first: (first / last)^(1 / (layers - 1)). null with fewer than two of them or a zero,
 * negative or non-finite end.
 */
export function perLayerFactor(values: readonly number[], kinds: readonly string[]): number | null {
  const at = hiddenLinears(kinds);
  if (at.length < 2) return null;
  const first = values[at[0]!]!;
  const last = values[at[at.length - 1]!]!;
  if (!(first > 0 && last > 0 && Number.isFinite(first) && Number.isFinite(last))) return null;
  return (first / last) ** (1 / (at.length - 1));
}

/** The first, middle and latest steps of a training run (at most `count`, distinct), oldest first. */
export function depthSeriesOfSteps(steps: readonly DepthStep[], count = 3): DepthSeries[] {
  if (steps.length === 0) return [];
  const picks = new Set<number>();
  for (let k = 0; k < count; k++) picks.add(Math.round((k * (steps.length - 1)) / Math.max(1, count - 1)));
  return [...picks].sort((a, b) => a - b).map((i) => ({ label: `step ${steps[i]!.step}`, blocks: steps[i]!.blocks, reading: steps[i]!.reading }));
}
