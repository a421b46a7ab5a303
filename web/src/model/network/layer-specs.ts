// The exact constructor arguments the engine needs for each block, in network order.
import { isOptionless, unhandledKind } from '../../vocabulary/blocks.ts';
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import type { NetworkModel } from './types.ts';
import { resolveShapesLite } from './shapes-lite.ts';

/**
 * Linked Linears get the previous output's last dimension; unlinked ones get their own
 * number even when it mismatches, so the engine reports the error the learner set up.
 */
export function layerSpecs(model: NetworkModel): LayerSpec[] {
  const shapes = resolveShapesLite(model).blocks;
  return model.blocks.map((block, i): LayerSpec => {
    if (isOptionless(block)) return { kind: block.kind };
    switch (block.kind) {
      case 'linear':
        return {
          kind: 'linear',
          in: block.inFeatures ?? shapes[i]?.expectedInFeatures ?? 1,
          out: block.outFeatures,
          bias: block.bias,
          init: block.init,
        };
      case 'dropout':
        return { kind: 'dropout', p: block.p };
      default:
        return unhandledKind(block);
    }
  });
}
