// The one check that decides whether the page starts its worker: WebAssembly, its SIMD, and
// module workers, each missing in turn, with the page's plain-words answer.
import { describe, expect, it } from 'vitest';
import { NO_MODULE_WORKERS, NO_SIMD, NO_WASM, workerProblem } from '../../../web/src/engine/support';

/** A Worker class that reads the options as browsers do (arguments first, then the URL). */
function workerReading(readsType: boolean): new (url: string, options: WorkerOptions) => unknown {
  return class {
    constructor(url: string, options: WorkerOptions) {
      if (readsType) void options.type;
      new URL(url); // throws for the probe's URL, as the real constructor does
    }
  };
}

describe('workerProblem', () => {
  it("this machine's WebAssembly has SIMD; with module workers nothing is missing", () => {
    expect(workerProblem({ wasm: WebAssembly, Worker: workerReading(true) })).toBeNull();
  });
  it('no WebAssembly (a jitless or locked-down browser) is said in plain words', () => {
    expect(workerProblem({ wasm: undefined, Worker: workerReading(true) })).toBe(NO_WASM);
    expect(NO_WASM).toBe('This browser has WebAssembly turned off: shapes and counts work; values and training need it.');
  });
  it('WebAssembly without SIMD', () => {
    expect(workerProblem({ wasm: { validate: () => false }, Worker: workerReading(true) })).toBe(NO_SIMD);
  });
  it('classic workers only, or none', () => {
    expect(workerProblem({ wasm: WebAssembly, Worker: workerReading(false) })).toBe(NO_MODULE_WORKERS);
    expect(workerProblem({ wasm: WebAssembly, Worker: undefined })).toBe(NO_MODULE_WORKERS);
  });
});
