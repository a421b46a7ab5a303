// The model's data types, in a leaf module: network.ts (the edits), shapes-lite.ts and
// layer-specs.ts all need them, and importing them from network.ts made an import circle.
import type { Block, BlockSpec } from '../../vocabulary/blocks.ts';

/** What fills the input tensor: N(0, 1) noise, all ones, a sample image or vector, or values typed in. */
export type InputData = 'normal' | 'ones' | 'sample' | 'typed';

export interface InputSpec {
  batch: number;
  /** Sizes after the batch dimension: [784] or [28, 28]. */
  features: number[];
  data: InputData;
  /** With data 'typed': the values, (batch, features) row-major (input-matrix.ts). */
  values?: readonly number[];
}

export interface ViewOptions {
  heatmaps: boolean;
  histograms: boolean;
  masks: boolean;
}

export interface NetworkModel {
  input: InputSpec;
  blocks: Block[];
  /** Training mode: dropout is active. PyTorch modules also start in training mode. */
  training: boolean;
  seed: number;
  view: ViewOptions;
  /**
   * Counter behind block ids ("b1", "b2", ...). Kept in the model rather than in module
   * state so that building the same model twice gives the same ids.
   */
  nextId: number;
}

/** A model with the ids taken out: two models are the same network when these are equal. */
export interface NetworkWithoutIds {
  input: InputSpec;
  blocks: BlockSpec[];
  training: boolean;
  seed: number;
  view: ViewOptions;
}
