// Does the network fit the data set? The input must have the set's features and the last
// layer as many outputs as the loss needs (one per class; one logit for BCE on two classes).
// When not, the page says so and offers a one-click fix (fitFix).
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import { type NetworkModel, layerSpecs, setInput, updateBlock } from '../network/network.ts';
import { type DatasetId, isToySet, type LossId } from './settings.ts';

export interface DataShape {
  name: string;
  inputShape: readonly number[];
  numClasses: number;
}

/** Every set's shape, known before it is downloaded (the manifest says the same). */
export function dataShapeOf(id: DatasetId): DataShape {
  if (isToySet(id)) return { name: `${id} (2-D)`, inputShape: [2], numClasses: 2 };
  return id === 'digits' ? { name: 'Digits (8×8)', inputShape: [64], numClasses: 10 } : { name: 'Fashion-MNIST (28×28)', inputShape: [784], numClasses: 10 };
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Outputs per row of the network: the last Linear's out features, else the input's width. */
export function outputWidth(layers: readonly LayerSpec[], features: readonly number[]): number {
  let width = product(features);
  for (const spec of layers) if (spec.kind === 'linear') width = spec.out;
  return width;
}

export function outputsNeeded(data: DataShape, loss: LossId): number {
  return loss === 'bce' ? 1 : data.numClasses;
}

/** A sentence naming what does not fit, or null. */
export function fitProblem(layers: readonly LayerSpec[], features: readonly number[], data: DataShape, loss: LossId): string | null {
  if (loss === 'bce' && data.numClasses !== 2) {
    return `BCE with logits is for two classes; ${data.name} has ${data.numClasses}: use cross-entropy`;
  }
  const wanted = product(data.inputShape);
  if (product(features) !== wanted) {
    return `${data.name} has ${wanted} features per sample (${data.inputShape.join(' × ')}), the network's input has ${product(features)} (${features.join(' × ')})`;
  }
  const out = outputWidth(layers, features);
  const need = outputsNeeded(data, loss);
  if (!layers.some((s) => s.kind === 'linear')) return `the network has no Linear layer to train; add one with ${need} outputs`;
  if (out !== need) {
    const what = loss === 'bce' ? 'one logit (BCE with logits)' : `one output per class (${data.numClasses})`;
    return `the last Linear has ${out} outputs; ${data.name} with this loss needs ${what}`;
  }
  return null;
}

export function modelFitProblem(model: NetworkModel, data: DataShape, loss: LossId): string | null {
  return fitProblem(layerSpecs(model), model.input.features, data, loss);
}

/**
 * The one-click fix: the input takes the set's shape (the batch stays) and the last Linear
 * gets the outputs the loss needs. Null when there is no Linear to change.
 */
export function fitFix(model: NetworkModel, data: DataShape, loss: LossId): NetworkModel | null {
  const last = [...model.blocks].reverse().find((b) => b.kind === 'linear');
  if (!last) return null;
  let next = setInput(model, { features: [...data.inputShape] });
  next = updateBlock(next, last.id, { outFeatures: outputsNeeded(data, loss) });
  // Every Linear after a resized input relinks to it (the first one's in features change).
  const first = next.blocks.find((b) => b.kind === 'linear');
  if (first && first.kind === 'linear' && first.inFeatures !== null) next = updateBlock(next, first.id, { inFeatures: null });
  return next;
}

/** A sentence describing the fix, for its button. */
export function fitFixLabel(data: DataShape, loss: LossId): string {
  return `Fit the network: input ${data.inputShape.join(' × ')}, last Linear ${outputsNeeded(data, loss)} outputs`;
}
