// Loads the WASM module. The browser and Node take the same path; only how the bytes arrive
// differs: the browser fetches layerlab.wasm next to the module (bundled by Vite), Node passes
// the bytes in (see load-node.ts), because Emscripten 3.1.6's ES-module output cannot locate
// files under Node.
import createLayerlab from 'layerlab-wasm';
import type { FactoryOptions, LayerlabModule } from './layerlab';

export function loadLayerlab(options: FactoryOptions = {}): Promise<LayerlabModule> {
  return createLayerlab(options);
}
