// A whole Sequential's trained Linears, for the tests (the page reads them from the trainer's
// layers). at(i) hands out new handles; they are deleted, the layers stay in net.
import type { Layer, Sequential } from '../../../web/src/engine/layerlab';
import { type LinearValues, linearValuesOf } from '../../../web/src/engine/weights.ts';
import { type NetworkModel, layerSpecs } from '../../../web/src/model/network/network.ts';

export function linearValuesOfNetwork(net: Sequential, model: NetworkModel): LinearValues[] {
  const layers: Layer[] = [];
  try {
    for (let i = 0; i < net.size(); i++) layers.push(net.at(i));
    return linearValuesOf(layers, layerSpecs(model));
  } finally {
    for (const l of layers) l.delete();
  }
}
