// Depth statistics at initialisation, straight from the WASM module: the network is built
// once per init scheme (every Linear switched to it), Sequential.depthStats runs one
// training-mode forward + backward on a batch, and every handle is deleted before returning.
import { HandleScope } from '../engine/handles.ts';
import { buildLayer } from '../engine/layer-builder.ts';
import type { LayerlabModule, Loss } from '../engine/layerlab';
import { INIT_INFO, type InitScheme } from '../vocabulary/blocks.ts';
import type { LayerSpec } from '../vocabulary/layer-spec.ts';
import { type DepthSeries, INIT_ORDER } from './depth.ts';

export interface DepthBatch {
  /** (batch, ...features) row-major. */
  x: Float32Array;
  shape: readonly number[];
  /** Class indices (CrossEntropyLoss), (batch, out) values (MSELoss) or (batch, 1) 0/1 (BCEWithLogitsLoss). */
  target: Float32Array;
  targetShape: readonly number[];
  loss: 'cross-entropy' | 'mse' | 'bce';
}

/**
 * Block statistics of `specs` on one batch for each init scheme. Layer i is seeded with
 * mixSeed(seed, i), as the page's engine seeds it, so LeCun here is the page's own network.
 */
export function depthAtInit(ll: LayerlabModule, specs: readonly LayerSpec[], batch: DepthBatch, seed: number, inits: readonly InitScheme[] = INIT_ORDER): DepthSeries[] {
  const scope = new HandleScope();
  try {
    const x = scope.own(ll.Tensor.fromArray(batch.x, [...batch.shape]));
    const target = scope.own(ll.Tensor.fromArray(batch.target, [...batch.targetShape]));
    const loss: Loss = scope.own(batch.loss === 'mse' ? new ll.MSELoss() : batch.loss === 'bce' ? new ll.BCEWithLogitsLoss() : new ll.CrossEntropyLoss());
    return inits.map((init) => {
      // One network at a time: a large one is built four times, never held four times.
      const net = new ll.Sequential();
      try {
        specs.forEach((spec, i) => {
          const layer = buildLayer(ll, spec, seed, i, { init });
          net.add(layer);
          layer.delete(); // the Sequential keeps it alive
        });
        return { label: INIT_INFO[init].label, blocks: net.depthStats(x, loss, target) };
      } finally {
        net.clear();
        net.delete();
      }
    });
  } finally {
    scope.dispose();
  }
}
