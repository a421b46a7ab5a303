// The engine's own rules around the C++ summary, shared by the Engine (which builds the network
// in WASM) and summarizeInTs (which computes the same rows in TypeScript before WASM has loaded):
// the parameter budget, the rows of layers that could not be built, and where a network first
// fails. Pure functions, no handles, so both sides give the same snapshot fields by construction.
import type { LayerSpec } from '../../vocabulary/layer-spec';
import { totalsOf } from './totals';
import type { BlockSnapshot, BudgetRefusal, Failure, Totals } from '../snapshot';
import { layerParameters } from './summary-ts-layers';

/** Default limit on parameters + activations a run may allocate (see README, reliability). */
export const DEFAULT_BUDGET_BYTES = 512 * 2 ** 20;

export function formatBytesMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** What the engine put into the C++ network, and why it stopped short. */
export interface Built {
  /** Layers in the network: all of them, or those before the first that failed. */
  usable: number;
  /** Why layer `usable` failed (without its position), or null. */
  failure: string | null;
  /** Whether the failure's error text starts with the layer's position, as C++ errors do. */
  positioned: boolean;
  /** The budget refusal, when that is why nothing was built. */
  refusal: BudgetRefusal | null;
}

/** The refusal when the layers' parameters are over the budget, else null. */
export function budgetRefusal(layers: readonly LayerSpec[], budgetBytes: number): BudgetRefusal | null {
  let neededBytes = 0;
  let block = -1;
  layers.forEach((spec, index) => {
    neededBytes += layerParameters(spec) * 4;
    if (block < 0 && neededBytes > budgetBytes) block = index;
  });
  return block < 0 ? null : { block, budgetBytes, neededBytes };
}

/**
 * Which layers a run can use: none when the parameters are over the budget (checked before
 * anything is allocated, so `construct` is not called), else those before the first layer
 * `construct` reports an error for (one entry per layer, null when it was created).
 */
export function buildOutcome(layers: readonly LayerSpec[], budgetBytes: number, construct: () => readonly (string | null)[]): Built {
  const refusal = budgetRefusal(layers, budgetBytes);
  if (refusal) {
    const failure = `the parameters would need ${formatBytesMiB(refusal.neededBytes)}, over the ${formatBytesMiB(budgetBytes)} budget`;
    return { usable: 0, failure, positioned: false, refusal };
  }
  const errors = construct();
  const failedAt = errors.findIndex((e) => e !== null);
  if (failedAt < 0) return { usable: layers.length, failure: null, positioned: false, refusal: null };
  return { usable: failedAt, failure: `could not be created: ${errors[failedAt]}`, positioned: true, refusal: null };
}

/** The position sequential.cpp puts before a layer's error: "layer 2 " (counted from 0). */
export function position(index: number): string {
  return `layer ${index} `;
}

/**
 * Appends a row for each layer the network does not hold: the first carries the build failure
 * (with its position when it came from C++), the rest are not computable.
 */
export function appendUnbuiltRows(blocks: BlockSnapshot[], layers: readonly LayerSpec[], inputShape: number[], built: Built): void {
  for (let i = built.usable; i < layers.length; i++) {
    const first = i === built.usable;
    blocks.push({
      index: i,
      name: layers[i]!.kind,
      inputShape: i === 0 ? inputShape : (blocks[i - 1]?.outputShape ?? null),
      outputShape: null,
      parameters: 0,
      multiplyAdds: 0,
      parameterBytes: 0,
      activationBytes: 0,
      error: first ? (built.positioned ? position(i) : '') + built.failure : 'not computable: an earlier layer failed',
      weights: null,
      values: null,
      dropout: null,
    });
  }
}

/** The first block with an error, its message without the position the engine put before it. */
export function firstFailure(blocks: readonly BlockSnapshot[], built: Built): Failure | null {
  const block = blocks.findIndex((b) => b.error !== null);
  if (block < 0) return null;
  const error = blocks[block]!.error!;
  if (block === built.usable && built.failure !== null) return { block, message: built.failure };
  const prefix = position(block);
  return { block, message: error.startsWith(prefix) ? error.slice(prefix.length) : error };
}

/** The snapshot fields that follow from the rows: totals, the network's output and first error. */
export interface NetworkOutcome {
  outputShape: number[] | null;
  totals: Totals;
  error: string | null;
  failure: Failure | null;
  refusal: BudgetRefusal | null;
}

export function networkOutcome(inputShape: number[], blocks: readonly BlockSnapshot[], built: Built): NetworkOutcome {
  const failure = firstFailure(blocks, built);
  const last = blocks[blocks.length - 1];
  return {
    outputShape: failure ? null : last ? last.outputShape : inputShape,
    totals: totalsOf(blocks, inputShape),
    error: failure ? blocks[failure.block]!.error : null,
    failure,
    refusal: built.refusal,
  };
}
