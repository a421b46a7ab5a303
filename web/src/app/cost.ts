// A cheap, pure-TS estimate of the work a forward pass would take, so the store can decide
// before running whether to paint shapes first and compute values a frame later.
import { layerMultiplyAdds } from '../engine/summary/summary-ts-layers.ts';
import { type NetworkModel, layerSpecs, resolveShapesLite } from '../model/network/network.ts';

/** Networks above this many multiply-adds get their values in a later frame. */
export const BIG_NETWORK_MULTIPLY_ADDS = 5e7;

/** Multiply-adds of every Linear (rows × in × out), using the shapes the model implies. */
export function estimateMultiplyAdds(model: NetworkModel): number {
  const shapes = resolveShapesLite(model).blocks;
  const specs = layerSpecs(model);
  return specs.reduce((total, spec, i) => total + layerMultiplyAdds(spec, shapes[i]?.input ?? []), 0);
}

export function isBigNetwork(model: NetworkModel): boolean {
  return estimateMultiplyAdds(model) > BIG_NETWORK_MULTIPLY_ADDS;
}
