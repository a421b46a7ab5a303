// The depth lab's numbers: per block, the spread (standard deviation) of the activations going
// forward and of the gradients coming back, and a plain reading of how the gradient spread
// changes per layer. The WASM part (depthAtInit) builds the network once per init scheme.
import type { InitScheme } from '../vocabulary/blocks.ts';
import type { BlockStats } from '../engine/layerlab';

export type { BlockStats };

/** One line of the plot: at initialisation one per init scheme, during training one per step. */
export interface DepthSeries {
  label: string;
  blocks: readonly BlockStats[];
}

/** What the training worker reports after a step (see depthSeriesOfSteps). */
export interface DepthStep {
  step: number;
  blocks: readonly BlockStats[];
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

/** Per-layer factors within [STEADY, 1/STEADY] read as "keep their size". */
export const STEADY = 0.9;

function factorText(f: number): string {
  return `×${Number(f.toPrecision(2))}`;
}

/** One sentence a learner can act on, from the gradient spreads of one series. */
export function depthReading(blocks: readonly BlockStats[], kinds: readonly string[]): string {
  if (blocks.some((b) => !Number.isFinite(b.gradStd) || !Number.isFinite(b.outputStd))) {
    return 'values overflow to inf or NaN: this stack explodes, training cannot start';
  }
  const linear = hiddenLinears(kinds);
  if (linear.length < 2) return 'add at least three Linear blocks (two hidden and a head) to compare layers';
  const firstGrad = blocks[linear[0]!]?.gradStd ?? 0;
  if (firstGrad === 0) return 'the first layers get no gradient at all: nothing below the last layer can learn';
  const f = perLayerFactor(
    blocks.map((b) => b.gradStd),
    kinds,
  );
  if (f === null) return 'the last hidden layer gets no gradient: nothing below the head can learn';
  const total = `the first layer's are ${factorText(f ** (linear.length - 1))} the last hidden layer's`;
  if (f < STEADY) return `gradients shrink ${factorText(f)} per layer going back (${total}): the first layers barely learn`;
  if (f > 1 / STEADY) return `gradients grow ${factorText(f)} per layer going back (${total}): the first layers get huge updates and may blow up`;
  return `gradients keep their size (${factorText(f)} per layer, ${total}): every layer can learn`;
}

/** The first, middle and latest steps of a training run (at most `count`, distinct), oldest first. */
export function depthSeriesOfSteps(steps: readonly DepthStep[], count = 3): DepthSeries[] {
  if (steps.length === 0) return [];
  const picks = new Set<number>();
  for (let k = 0; k < count; k++) picks.add(Math.round((k * (steps.length - 1)) / Math.max(1, count - 1)));
  return [...picks].sort((a, b) => a - b).map((i) => ({ label: `step ${steps[i]!.step}`, blocks: steps[i]!.blocks }));
}
