// Shape inference in plain TypeScript, used only to pick field defaults (what a linked
// Linear's in features are, what the one-click fix should set). The engine, in C++, stays
// the source of truth for shapes and errors; this never decides whether a network is valid.
import { flattenOutputShape, linearOutputShape } from '../../engine/summary/summary-ts-layers.ts';
import type { BlockSpec } from '../../vocabulary/blocks.ts';
import type { NetworkModel } from './types.ts';

export interface BlockShapeLite {
  id: string;
  /** Including the batch dimension. */
  input: number[];
  output: number[];
  /** For a Linear: the in features it uses, linked or set by hand. Otherwise null. */
  inFeatures: number | null;
  /** For a Linear: the in features that would match its input. Otherwise null. */
  expectedInFeatures: number | null;
  /** An unlinked Linear whose in features differ from its input's last dimension. */
  mismatch: boolean;
}

export interface ShapesLite {
  input: number[];
  blocks: BlockShapeLite[];
  output: number[];
}

/**
 * One step of the walk, with the engine's shape rules: Flatten keeps the batch and multiplies
 * the rest, a Linear maps the last dimension to its out features (even when its in features
 * mismatch, so that later defaults stay sensible), the rest keep the shape.
 */
export function outputShapeLite(spec: BlockSpec, input: readonly number[]): number[] {
  if (spec.kind === 'linear') return linearOutputShape(input, spec.outFeatures);
  if (spec.kind === 'flatten' && input.length >= 2) return flattenOutputShape(input);
  return [...input];
}

/**
 * Walks the network: Flatten keeps the batch and multiplies the rest, a Linear maps the
 * last dimension to its out features, activations and dropout keep the shape. A mismatched
 * Linear still outputs its out features so that later defaults stay sensible.
 */
export function resolveShapesLite(model: NetworkModel): ShapesLite {
  const input = [model.input.batch, ...model.input.features];
  let shape = input;
  const blocks: BlockShapeLite[] = [];
  for (const block of model.blocks) {
    const output = outputShapeLite(block, shape);
    let inFeatures: number | null = null;
    let expectedInFeatures: number | null = null;
    let mismatch = false;
    if (block.kind === 'linear') {
      expectedInFeatures = shape[shape.length - 1] ?? null;
      inFeatures = block.inFeatures ?? expectedInFeatures;
      mismatch = block.inFeatures !== null && block.inFeatures !== expectedInFeatures;
    }
    blocks.push({ id: block.id, input: shape, output, inFeatures, expectedInFeatures, mismatch });
    shape = output;
  }
  return { input, blocks, output: shape };
}

/** The in features a Linear gets (or would get) when linked; null for other blocks or unknown ids. */
export function linkedInFeatures(model: NetworkModel, id: string): number | null {
  return resolveShapesLite(model).blocks.find((b) => b.id === id)?.expectedInFeatures ?? null;
}
