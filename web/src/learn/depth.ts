// The depth lab's numbers: per block, the spread (standard deviation) of the activations going
// forward and of the gradients coming back. How a spread changes per layer and the verdict on
// them are depth-verdict.ts; the WASM part (depthAtInit) builds the network once per init scheme.
import type { InitScheme } from '../vocabulary/blocks.ts';
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

/** The first, middle and latest steps of a training run (at most `count`, distinct), oldest first. */
export function depthSeriesOfSteps(steps: readonly DepthStep[], count = 3): DepthSeries[] {
  if (steps.length === 0) return [];
  const picks = new Set<number>();
  for (let k = 0; k < count; k++) picks.add(Math.round((k * (steps.length - 1)) / Math.max(1, count - 1)));
  return [...picks].sort((a, b) => a - b).map((i) => ({ label: `step ${steps[i]!.step}`, blocks: steps[i]!.blocks, reading: steps[i]!.reading }));
}
