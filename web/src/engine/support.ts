// Whether this browser can run the worker that holds the network: a module worker running
// WebAssembly with SIMD (the module is built with it). Asked once, before any worker starts:
// where the answer is no, the page keeps what works without it (shapes and counts, computed in
// TypeScript) and says why values and training are missing, instead of starting a worker that
// can never load.

/** The smallest module using a SIMD instruction (i8x16.splat of 0): valid only with SIMD. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

export const NO_WASM = 'This browser has WebAssembly turned off: shapes and counts work; values and training need it.';
export const NO_SIMD = 'This browser’s WebAssembly has no SIMD: shapes and counts work; values and training need it.';
export const NO_MODULE_WORKERS = 'This browser cannot run module workers: shapes and counts work; values and training need them.';

export interface SupportProbe {
  wasm: { validate(bytes: BufferSource): boolean } | undefined;
  Worker: (new (url: string, options: WorkerOptions) => unknown) | undefined;
}

/**
 * A module worker is supported where the constructor reads the options' `type`: it converts
 * its arguments before it parses the URL, which is refused here, so no worker starts.
 */
function moduleWorkers(WorkerClass: SupportProbe['Worker']): boolean {
  if (typeof WorkerClass !== 'function') return false;
  let asked = false;
  const options = {
    get type(): WorkerType {
      asked = true;
      return 'module';
    },
  };
  try {
    new WorkerClass('http://[', options);
  } catch {
    // the refused URL: only whether `type` was read matters
  }
  return asked;
}

/** Why values and training cannot run here, in plain words, or null when they can. */
export function workerProblem(probe: SupportProbe = { wasm: globalThis.WebAssembly, Worker: globalThis.Worker }): string | null {
  if (typeof probe.wasm !== 'object' || typeof probe.wasm.validate !== 'function') return NO_WASM;
  if (!probe.wasm.validate(SIMD_PROBE)) return NO_SIMD;
  if (!moduleWorkers(probe.Worker)) return NO_MODULE_WORKERS;
  return null;
}
