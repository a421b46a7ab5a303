// Training memory, counted before anything is allocated (the page's 512 MiB budget): weights,
// the copy of each weight matrix the fast kernel keeps packed in its panel layout (1 × weights,
// padded to whole panels), their gradients (1 × parameters), the optimizer's state (SGD with
// momentum 1 ×, Adam and AdamW 2 ×), a batch's activations and their gradients, the
// evaluation chunk's activations, and the data set itself.
import { DEFAULT_BUDGET_BYTES, formatBytesMiB } from '../engine/engine.ts';
import { layerParameters } from '../engine/summary/summary-ts-layers.ts';
import type { LayerSpec } from '../vocabulary/layer-spec.ts';
import type { OptimizerId } from '../model/training/settings.ts';

/** Test-set rows evaluated per forward pass. */
export const EVAL_CHUNK = 500;
/** Columns per panel of a packed weight matrix (cpp/src/gemm_wasm_simd.cpp, kNr); the last is padded. */
export const PANEL_COLUMNS = 8;

export interface TrainMemory {
  parameters: number;
  parameterBytes: number;
  /** Linear's packed copy of its weight (PackedWeights), rebuilt after every step. */
  packedBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  dataBytes: number;
  total: number;
}

export function optimizerCopies(optimizer: OptimizerId, momentum: number): number {
  if (optimizer === 'sgd') return momentum > 0 ? 1 : 0;
  return 2;
}

/**
 * `features` is the input after the batch dimension; `dataValues` the floats of the data set
 * (train + test features), 0 when not known yet.
 */
export function trainMemory(
  layers: readonly LayerSpec[],
  features: readonly number[],
  batchSize: number,
  optimizer: OptimizerId,
  momentum: number,
  dataValues = 0,
): TrainMemory {
  let parameters = 0;
  let packed = 0;
  let width = features.reduce((a, b) => a * b, 1);
  // Floats per row of every block's output (values kept for backward, and their gradients).
  let perRow = width;
  for (const spec of layers) {
    if (spec.kind === 'linear') {
      parameters += layerParameters(spec);
      packed += spec.in * Math.ceil(spec.out / PANEL_COLUMNS) * PANEL_COLUMNS;
      width = spec.out;
    }
    if (spec.kind === 'dropout') perRow += width; // the mask
    perRow += width;
  }
  const rows = Math.max(batchSize, EVAL_CHUNK);
  const parameterBytes = parameters * 4;
  const packedBytes = packed * 4;
  const gradientBytes = parameterBytes;
  const optimizerBytes = parameterBytes * optimizerCopies(optimizer, momentum);
  const activationBytes = 2 * rows * perRow * 4;
  const dataBytes = dataValues * 4;
  return {
    parameters,
    parameterBytes,
    packedBytes,
    gradientBytes,
    optimizerBytes,
    activationBytes,
    dataBytes,
    total: parameterBytes + packedBytes + gradientBytes + optimizerBytes + activationBytes + dataBytes,
  };
}

/** A sentence saying why training is refused, or null when it fits. */
export function budgetProblem(memory: TrainMemory, budgetBytes = DEFAULT_BUDGET_BYTES): string | null {
  if (memory.total <= budgetBytes) return null;
  const parts = [
    `weights ${formatBytesMiB(memory.parameterBytes)}`,
    `their packed copy ${formatBytesMiB(memory.packedBytes)}`,
    `gradients ${formatBytesMiB(memory.gradientBytes)}`,
    `optimizer state ${formatBytesMiB(memory.optimizerBytes)}`,
    `activations and their gradients ${formatBytesMiB(memory.activationBytes)}`,
  ];
  if (memory.dataBytes > 0) parts.push(`data ${formatBytesMiB(memory.dataBytes)}`);
  return `Training this network would need ${formatBytesMiB(memory.total)} (${parts.join(', ')}), over the ${formatBytesMiB(budgetBytes)} budget: make the network or the batch smaller, or use SGD without momentum`;
}
