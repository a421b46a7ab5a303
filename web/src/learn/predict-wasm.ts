// A BatchPredict for the decision boundary from a WASM network: all grid points through one
// evaluation-mode forward pass (Dropout off), handles deleted after each call.
import { withScope } from '../engine/handles.ts';
import type { Layer, LayerlabModule } from '../engine/layerlab';
import { type BatchPredict, classOneProbability } from './decision-grid.ts';

export function wasmBatchPredict(ll: Pick<LayerlabModule, 'Tensor'>, net: Layer): BatchPredict {
  return (points, count) =>
    withScope((scope) => {
      const x = scope.own(ll.Tensor.fromArray(points, [count, 2]));
      return classOneProbability(scope.own(net.forward(x, false)).toArray(), count);
    });
}
