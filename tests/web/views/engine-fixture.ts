// One real Engine per test file (the WASM module loaded in Node), disposed afterwards.
import { afterAll, beforeAll } from 'vitest';
import { Engine } from '../../../web/src/engine/engine.ts';
import { loadLayerlabNode } from '../../../web/src/engine/load-node.ts';

export function useEngine(): { readonly engine: Engine } {
  const fixture = {} as { engine: Engine };
  beforeAll(async () => {
    fixture.engine = new Engine(await loadLayerlabNode());
  });
  afterAll(() => fixture.engine.dispose());
  return fixture;
}
