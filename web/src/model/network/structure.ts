// What a partial lock (an embed's lock=structure) keeps fixed: the input and the blocks, their
// order and sizes. Dropout's p, each Linear's init, the training switch, the seed and the view
// options are not structure. Pure TS.
import type { NetworkModel } from './types.ts';

/** How much of a network an embed lets the learner change. */
export type Lock = 'none' | 'structure' | 'all';

/** The fixed part of `model` as text: equal texts, same structure. */
export function structureKey(model: NetworkModel): string {
  const blocks = model.blocks.map((b) => (b.kind === 'linear' ? [b.id, b.kind, b.outFeatures, b.inFeatures, b.bias] : [b.id, b.kind]));
  return JSON.stringify([model.input.batch, model.input.features, model.input.data, blocks]);
}

/** Whether `next` keeps `model`'s structure (only p, init, mode, seed or views changed). */
export function sameStructure(model: NetworkModel, next: NetworkModel): boolean {
  return model === next || structureKey(model) === structureKey(next);
}
