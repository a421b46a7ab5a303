// The composition root of the playground, for the page (main.ts) and the custom element
// (embed/element.ts): where the network lives (the page's worker, or an engine on this
// thread where no worker can run), the store over it, and the shell's views wired to the
// store. Each caller adds only what is its own: the page its link, training and embed height;
// the element its attributes, shadow root and change event.
import { browserHost } from '../app/scheduler.ts';
import { Store } from '../app/store.ts';
import type { Engine } from '../engine/engine.ts';
import { summarizeInTs } from '../engine/summary/summary-ts.ts';
import { CoalescingValuesClient } from '../engine/values-client.ts';
import type { NetworkModel } from '../model/network/network.ts';
import type { TrainClient } from '../train/page/client.ts';
import { forgetChartColors } from '../views/kit/canvas.ts';
import { AppShell, type ShellOptions } from '../views/shell/app-shell.ts';

/** Where the network and its weights live. */
export type NetworkOwner =
  /** The worker (shapes from TypeScript at once, values from the worker); `name` picks its engine there. */
  | { worker: TrainClient; name?: string }
  /** An engine on this thread: shapes and values both from it. */
  | { engine: Engine };

export interface Playground {
  readonly store: Store;
  dispose(): void;
}

/** The store over `owner`'s network, starting from `model`. */
export function createPlayground(owner: NetworkOwner, model: NetworkModel): Playground {
  if ('engine' in owner) {
    const store = new Store(owner.engine, model, browserHost());
    return { store, dispose: () => store.dispose() };
  }
  const values = new CoalescingValuesClient((request) => owner.worker.values(request, owner.name));
  const store = new Store({ run: (request) => summarizeInTs(request) }, model, browserHost(), { values, valuesHere: false });
  return {
    store,
    dispose: () => {
      store.dispose();
      values.dispose();
    },
  };
}

/** The shell's views in `root`, editing through `store`. */
export function createShell(root: HTMLElement, store: Store, options: Readonly<ShellOptions>): AppShell {
  return new AppShell(
    root,
    { edit: (change, mergeKey) => store.edit(change, mergeKey), replace: (model) => store.replace(model), undo: () => store.undo(), redo: () => store.redo() },
    options,
  );
}

/** Repaints the canvases in the new colours when the light or dark scheme changes; returns the unsubscribe. */
export function followColorScheme(shell: () => AppShell | null, store: () => Store | null): () => void {
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const onChange = (): void => {
    forgetChartColors();
    shell()?.invalidateCanvases();
    store()?.refresh();
  };
  scheme.addEventListener('change', onChange);
  return () => scheme.removeEventListener('change', onChange);
}
