// Read-only numbers for the browser soak and benchmark (tests/browser/soak.mjs,
// bench/browser.mjs). Installed only when the page URL carries `?testhooks=1`; otherwise this
// does nothing and the page exposes nothing. The hook never edits: tests drive the page
// through its real controls, and read frame records here (the WASM heap is the worker's:
// window.__layerlabTrain.workerMemory()).
import type { Store } from './store.ts';

export interface LayerlabTestHooks {
  /** The last 500 to 1,000 frames: when the views rendered and what run + repaint cost. */
  frameTimes(): { at: number; ms: number }[];
  /** performance.now() just after the views last rendered; 0 before the first render. */
  readonly lastRenderAt: number;
  /** Number of renders (publishes) so far. */
  readonly renders: number;
}

declare global {
  interface Window {
    __layerlab?: LayerlabTestHooks;
  }
}

/** Call after the views subscribed to the store, so lastRenderAt follows their repaint. */
export function installTestHooks(store: Store): void {
  if (new URLSearchParams(location.search).get('testhooks') !== '1') return;
  const frames: { at: number; ms: number }[] = [];
  let lastRenderAt = 0;
  let renders = 0;
  store.subscribe(() => {
    lastRenderAt = performance.now();
    renders++;
    const at = lastRenderAt;
    // The store records lastFrameMs right after its listeners return.
    queueMicrotask(() => {
      const ms = store.current.lastFrameMs;
      if (ms !== null) frames.push({ at, ms });
      // Bounded, so a long soak's JS heap does not grow with the record itself.
      if (frames.length > 1_000) frames.splice(0, frames.length - 500);
    });
  });
  const hooks: LayerlabTestHooks = {
    frameTimes: () => frames.slice(),
    get lastRenderAt() {
      return lastRenderAt;
    },
    get renders() {
      return renders;
    },
  };
  Object.defineProperty(window, '__layerlab', { value: Object.freeze(hooks), writable: false, configurable: false });
}
