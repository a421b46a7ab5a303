// Loads the real WASM module once per test file and checks, around every test, that all the
// handles the test created were freed (the heap returns to where it was).
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { HandleScope } from '../../../web/src/engine/handles';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { loadLayerlabNode } from '../../../web/src/engine/load-node';

export interface ModuleFixture {
  ll: LayerlabModule;
  /** Handles registered here are deleted after each test, before the heap check. */
  scope: HandleScope;
}

export function useModule(options: { checkHeap?: boolean } = {}): ModuleFixture {
  const fixture = { scope: new HandleScope() } as ModuleFixture;
  let before = 0;
  beforeAll(async () => {
    fixture.ll = await loadLayerlabNode();
    // Allocations made once per process happen before measuring: embind's first error path,
    // and the kernels' packing buffers (forward and both backward products), which grow to
    // their largest block (bounded by the kernels' block sizes, not by the problem) and are
    // then reused.
    const { ll } = fixture;
    try {
      new ll.Linear(0, 1);
    } catch {
      /* expected */
    }
    const lin = new ll.Linear(4096, 64);
    const x = ll.Tensor.fromArray(new Float32Array(512 * 4096), [512, 4096]);
    lin.forward(x).delete();
    const y = lin.forward(x, true);
    lin.backward(y).delete();
    y.delete();
    lin.delete();
    x.delete();
  });
  beforeEach(() => {
    fixture.scope = new HandleScope();
    before = fixture.ll.memoryInUse();
  });
  afterEach(() => {
    fixture.scope.dispose();
    if (options.checkHeap !== false) expect(fixture.ll.memoryInUse(), 'heap bytes after the test').toBe(before);
  });
  return fixture;
}

/** The message of the Error fn throws; fails the test if it does not throw an Error. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error('expected an Error to be thrown');
}
