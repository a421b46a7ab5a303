// Boots the page: loads the WASM module, builds the engine, reads the model from the link
// (or starts with the MNIST MLP), and wires store -> views -> URL.
import { browserHost } from './app/scheduler.ts';
import { Store } from './app/store.ts';
import { UrlSync } from './app/url-sync.ts';
import { Engine } from './engine/engine.ts';
import { loadLayerlab } from './engine/loader.ts';
import { presetById } from './model/presets.ts';
import { createModel } from './model/network.ts';
import { forgetChartColors } from './views/canvas.ts';
import { AppShell } from './views/app-shell.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/blocks.css';
import './styles/figures.css';
import './styles/panels.css';

async function boot(root: HTMLElement): Promise<void> {
  const engine = new Engine(await loadLayerlab());
  const url = new UrlSync();
  const decoded = url.read();
  const start = decoded?.model ?? presetById('mnist-mlp')?.model ?? createModel();
  const store = new Store(engine, start, browserHost());
  const shell = new AppShell(root, { edit: (change) => store.edit(change), replace: (model) => store.replace(model) });
  if (decoded && decoded.problems.length > 0) shell.notices.show('Some of the link could not be read', decoded.problems);
  url.onExternalChange((next) => {
    store.replace(next.model);
    if (next.problems.length > 0) shell.notices.show('Some of the link could not be read', next.problems);
  });
  store.subscribe((state) => {
    shell.render(state);
    url.write(state.model);
    document.documentElement.dataset.ready = 'true';
    document.documentElement.dataset.computing = String(state.computingValues);
    // For the browser tests' frame budget check: the previous frame's run + repaint time.
    if (state.lastFrameMs !== null) document.documentElement.dataset.frameMs = state.lastFrameMs.toFixed(3);
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    forgetChartColors();
    shell.invalidateCanvases();
    store.refresh();
  });
  window.addEventListener('pagehide', () => {
    store.dispose();
    engine.dispose();
  });
}

const root = document.getElementById('app');
if (root) {
  boot(root).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const p = document.createElement('p');
    p.className = 'boot-error';
    p.textContent = `layerlab could not start: ${message}`;
    root.replaceChildren(p);
  });
}
