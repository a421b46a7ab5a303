// One worker for every <layerlab-playground> on a page, as the full page has one: it holds the
// elements' networks and computes their values, while each element paints shapes and counts
// from TypeScript on this thread. From another origin the client starts it through a blob:
// module (client.ts). Where it cannot run (a host CSP without worker-src blob:, or the worker's
// WASM cannot load), the answer is null and the elements fall back to one engine on this
// thread, as they ran before.
import { workerProblem } from '../engine/support.ts';
import { TrainClient } from '../train/page/client.ts';

/** How long the worker may take to load its WASM module before the elements give up on it. */
export const ELEMENT_WORKER_LIMIT_MS = 20_000;

let shared: Promise<TrainClient | null> | null = null;

/** The elements' worker client once its module is loaded, or null when it cannot run here. */
export function sharedElementWorker(limitMs = ELEMENT_WORKER_LIMIT_MS): Promise<TrainClient | null> {
  shared ??= new Promise<TrainClient | null>((resolve) => {
    // No worker can run here (no WebAssembly, no module workers): a client that starts none
    // and answers with the reason, so the elements keep their shapes and counts and say why.
    const problem = workerProblem();
    if (problem !== null) {
      resolve(new TrainClient({ message: () => undefined, crashed: () => undefined }, undefined, undefined, problem));
      return;
    }
    let settled = false;
    const settle = (client: TrainClient | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!client) {
        made.dispose();
        shared = null; // a later element may try again
      }
      resolve(client);
    };
    const made = new TrainClient(
      {
        message: (message) => {
          if (message.type === 'ready') settle(made);
          else if (message.type === 'error' && !settled) settle(null);
        },
        crashed: () => settle(null),
      },
    );
    const timer = setTimeout(() => settle(null), limitMs);
    made.start();
  });
  return shared;
}
