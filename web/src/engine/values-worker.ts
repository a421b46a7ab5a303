// The values worker: its own WASM module instance and Engine, so a big network's forward pass
// never blocks the page. Answers { id, request } with { id, snapshot } (or { id, error }),
// transferring the snapshot's Float32Array buffers. Same seed, same answer as the page's
// Engine: weights depend on (seed, position, spec) and masks on (seed, network, input).
import { Engine, type RunRequest } from './engine.ts';
import { loadLayerlab } from './loader.ts';
import { type Snapshot, transferables } from './snapshot.ts';

export interface ValuesQuestion {
  id: number;
  request: RunRequest;
}

export type ValuesAnswer = { id: number; snapshot: Snapshot } | { id: number; error: string };

// The worker scope, typed without pulling the WebWorker lib into the DOM build.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ValuesQuestion>) => void) | null;
  postMessage(message: ValuesAnswer, transfer: Transferable[]): void;
};

const engine = loadLayerlab().then((ll) => new Engine(ll));

scope.onmessage = (event) => {
  const { id, request } = event.data;
  engine.then(
    (e) => {
      let snapshot: Snapshot;
      try {
        snapshot = e.run(request);
      } catch (error) {
        scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []);
        return;
      }
      // The input array is the engine's cached copy: it is cloned, not transferred.
      scope.postMessage({ id, snapshot }, transferables(snapshot));
    },
    (error: unknown) => scope.postMessage({ id, error: `the values worker could not start: ${error instanceof Error ? error.message : String(error)}` }, []),
  );
};
