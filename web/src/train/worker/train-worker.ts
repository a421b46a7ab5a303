// The training worker (one per page): its own WASM module instance owns the training copy of
// the network; the page only sends messages (protocol.ts) and renders what comes back.
import { loadLayerlab } from '../../engine/loader.ts';
import { TrainHost } from './host.ts';
import { loadData } from './load-data.ts';
import { type FromWorker, isToWorker, transferablesOf, type ToWorker } from '../protocol.ts';

// The worker scope, typed without pulling the WebWorker lib into the DOM build.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: FromWorker, transfer: Transferable[]): void;
};

const post = (message: FromWorker): void => scope.postMessage(message, transferablesOf(message));
const queue: ToWorker[] = [];
let host: TrainHost | null = null;

scope.onmessage = (event) => {
  if (!isToWorker(event.data)) {
    post({ type: 'error', message: `the training worker got a message it does not know: ${JSON.stringify(event.data)?.slice(0, 80)}` });
    return;
  }
  if (host) host.handle(event.data);
  else queue.push(event.data);
};

loadLayerlab().then(
  (ll) => {
    host = new TrainHost({ ll, post, loadData, schedule: (fn) => setTimeout(fn, 0), now: () => performance.now() });
    post({ type: 'ready' });
    for (const message of queue.splice(0)) host.handle(message);
  },
  (error: unknown) => post({ type: 'error', message: `the training worker could not start: ${error instanceof Error ? error.message : String(error)}` }),
);
