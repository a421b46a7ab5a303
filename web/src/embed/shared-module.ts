// One WASM module instance for every <layerlab-playground> on a page: compiled and
// instantiated once, then shared (each element keeps its own Engine, so its own Sequential).
import { loadLayerlab } from '../engine/loader.ts';
import type { LayerlabModule } from '../engine/layerlab';

let shared: Promise<LayerlabModule> | null = null;
let loads = 0;

export function sharedLayerlab(): Promise<LayerlabModule> {
  if (!shared) {
    loads += 1;
    shared = loadLayerlab().catch((error: unknown) => {
      // Let a later element try again (e.g. after a network hiccup).
      shared = null;
      throw error;
    });
  }
  return shared;
}

/** How many times the module has been loaded on this page (1 however many elements). */
export function moduleLoads(): number {
  return loads;
}
