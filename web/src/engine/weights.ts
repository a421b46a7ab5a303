// Reads a network's trained values out of WASM layers into plain arrays, for the export
// (model/export/export-weights.ts writes them as PyTorch's state_dict).
import { withScope } from './handles.ts';
import type { Layer } from './layerlab';
import type { LayerSpec } from '../vocabulary/layer-spec.ts';

/** One Linear's trained values as layerlab holds them. */
export interface LinearValues {
  /** Position in the network (= index in nn.Sequential). */
  index: number;
  inFeatures: number;
  outFeatures: number;
  /** (in, out) row-major. */
  weight: Float32Array;
  /** (out,), or null without bias. */
  bias: Float32Array | null;
}

/**
 * Copies the parameters of every Linear out of a WASM layer list (a Sequential's at(i), or the
 * layers the trainer holds), checked against the specs they were built from.
 */
export function linearValuesOf(layers: readonly Layer[], specs: readonly LayerSpec[]): LinearValues[] {
  if (layers.length !== specs.length) throw new RangeError(`export: the network has ${layers.length} layers but the model lists ${specs.length}`);
  const out: LinearValues[] = [];
  specs.forEach((spec, index) => {
    if (spec.kind !== 'linear') return;
    withScope((scope) => {
      const params = scope.ownAll(layers[index]!.parameters());
      const [w, b] = params;
      const shape = w?.shape() ?? [];
      if (!w || shape[0] !== spec.in || shape[1] !== spec.out) {
        throw new RangeError(`export: layer ${index} should be Linear(${spec.in}, ${spec.out}) but holds a weight of shape (${shape.join(', ')})`);
      }
      out.push({ index, inFeatures: spec.in, outFeatures: spec.out, weight: w.toArray(), bias: spec.bias && b ? b.toArray() : null });
    });
  });
  return out;
}
