// Node entry (Vitest, benchmarks): reads layerlab.wasm from the build folder.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadLayerlab } from './loader';
import type { LayerlabModule } from './layerlab';

export const WASM_PATH = fileURLToPath(new URL('../../../build/wasm/layerlab.wasm', import.meta.url));

export function loadLayerlabNode(): Promise<LayerlabModule> {
  return loadLayerlab({ wasmBinary: readFileSync(WASM_PATH) });
}
