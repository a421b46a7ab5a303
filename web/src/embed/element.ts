// <layerlab-playground net="linear(256),relu,dropout(0.5),linear(10)" input="32x784" train="1"
// seed="42" locked hide="code">: the embedded playground as a custom element. The page's views
// render into an open shadow root (the host page's CSS stays out, ours stays in), styled by a
// constructed stylesheet so a strict CSP is fine. Attributes are read with the URL hash's
// grammar and observed. As on the page, the elements' networks live in one worker
// (element-worker.ts) and each element paints shapes from TypeScript; where that worker cannot
// run, every element shares one WASM module on this thread and has its own Engine.
import type { AppState, Store } from '../app/store.ts';
import { type Playground, createPlayground, createShell, followColorScheme } from '../compose/app.ts';
import { Engine } from '../engine/engine.ts';
import type { NetworkModel } from '../model/network/network.ts';
import { encodeUrlState } from '../model/link/url-state.ts';
import { offerChartColorSource } from '../views/kit/canvas.ts';
import type { AppShell } from '../views/shell/app-shell.ts';
import { el } from '../views/kit/dom.ts';
import { MODEL_ATTRIBUTES, OBSERVED_ATTRIBUTES, modelFromAttributes, optionsFromAttributes } from '../share/element-attributes.ts';
import { elementStyleSheet } from './element-css.ts';
import { corsNotice } from '../share/element-snippet.ts';
import type { EmbedOptions } from '../share/embed-options.ts';
import { sharedElementWorker } from './element-worker.ts';
import { sharedLayerlab } from './shared-module.ts';

const MODEL_ATTRIBUTE_NAMES: readonly string[] = MODEL_ATTRIBUTES.map(([name]) => name);

/** Elements started on this page so far: each names itself to the shared worker by its number. */
let elementsStarted = 0;

/** Fired (bubbling, composed) when the learner changes the network: detail.hash is its link hash. */
export const CHANGE_EVENT = 'layerlab-change';

export class LayerlabPlayground extends HTMLElement {
  static get observedAttributes(): readonly string[] {
    return OBSERVED_ATTRIBUTES;
  }

  private readonly frame: HTMLElement;
  private readonly status: HTMLElement;
  private engine: Engine | null = null;
  private playground: Playground | null = null;
  private store: Store | null = null;
  private shell: AppShell | null = null;
  private app: HTMLElement | null = null;
  private optionsKey = '';
  private booting = false;
  private modelDirty = false;
  private optionsDirty = false;
  private syncQueued = false;
  private lastModel: NetworkModel | null = null;
  private readonly problems: { model: string[]; options: string[] } = { model: [], options: [] };
  private problemNotice: HTMLElement | null = null;
  private stopFollowingScheme: (() => void) | null = null;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [elementStyleSheet()];
    this.status = el('p', { class: 'll-status', role: 'status', text: 'Loading the WebAssembly engine…' });
    this.frame = el('div', { class: 'll-frame' }, [this.status]);
    shadow.append(this.frame);
  }

  /** The current network as a link hash ("#in=32x784&net=..."), or null before it started. */
  get hash(): string | null {
    return this.store ? encodeUrlState(this.store.model) : null;
  }

  connectedCallback(): void {
    if (this.store || this.booting) return;
    this.booting = true;
    void this.boot();
  }

  disconnectedCallback(): void {
    // Moving the element disconnects and reconnects it at once: keep it running then.
    queueMicrotask(() => {
      if (!this.isConnected) this.teardown();
    });
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue) return;
    if (MODEL_ATTRIBUTE_NAMES.includes(name)) this.modelDirty = true;
    else this.optionsDirty = true;
    if (!this.store || this.syncQueued) return;
    // Several attributes set in one go make one change.
    this.syncQueued = true;
    queueMicrotask(() => this.syncAttributes());
  }

  private read = (name: string): string | null => this.getAttribute(name);

  private async boot(): Promise<void> {
    try {
      const worker = await sharedElementWorker();
      // Without the worker, this thread holds the element's one copy of the weights.
      const ll = worker ? null : await sharedLayerlab();
      if (!this.isConnected) return;
      const model = modelFromAttributes(this.read);
      this.problems.model = model.problems;
      if (worker) {
        // its own engine in the shared worker
        this.playground = createPlayground({ worker, name: `element-${++elementsStarted}` }, model.model);
      } else if (ll) {
        const engine = new Engine(ll);
        this.engine = engine;
        this.playground = createPlayground({ engine }, model.model);
        requestAnimationFrame(() => setTimeout(() => engine.warmUp(), 100));
      }
      this.store = this.playground?.store ?? null;
      this.store?.subscribe((state) => this.onState(state));
      this.modelDirty = false;
      this.optionsDirty = false;
      this.buildShell();
      this.stopFollowingScheme = followColorScheme(() => this.shell, () => this.store);
    } catch (error) {
      this.status.classList.add('is-error');
      const message = error instanceof Error ? error.message : String(error);
      // From another site, the usual cause is a missing CORS header on the .wasm: say so here,
      // not only in the console.
      const origin = new URL(import.meta.url).origin;
      const cors = origin !== location.origin ? ` ${corsNotice(origin)}` : '';
      this.status.textContent = `layerlab could not start: ${message}.${cors}`;
      this.frame.replaceChildren(this.status);
    } finally {
      this.booting = false;
    }
  }

  private onState(state: Readonly<AppState>): void {
    offerChartColorSource(this);
    this.shell?.render(state);
    if (this.dataset.ready !== 'true') this.dataset.ready = 'true';
    this.dataset.computing = String(state.computingValues);
    if (this.lastModel !== null && state.model !== this.lastModel) {
      this.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: { hash: encodeUrlState(state.model) }, bubbles: true, composed: true }));
    }
    this.lastModel = state.model;
  }

  /** (Re)builds the views for the current options; the store and its model stay. */
  private buildShell(): void {
    const store = this.store;
    if (!store) return;
    const { options, problems } = optionsFromAttributes(this.read);
    this.problems.options = problems;
    const key = optionsKey(options);
    if (this.shell && key === this.optionsKey) {
      this.showProblems();
      return;
    }
    this.optionsKey = key;
    this.app = el('div', { class: 'app is-embed' });
    this.shell = createShell(this.app, store, { ...options, pageUrl: null });
    this.problemNotice = null;
    this.frame.replaceChildren(this.app);
    this.showProblems();
    this.shell.render(store.current);
  }

  private syncAttributes(): void {
    this.syncQueued = false;
    if (!this.store) return;
    if (this.optionsDirty) {
      this.optionsDirty = false;
      this.buildShell();
    }
    if (this.modelDirty) {
      this.modelDirty = false;
      const model = modelFromAttributes(this.read);
      this.problems.model = model.problems;
      // Set from outside: not the learner's change, so no change event for it.
      this.lastModel = null;
      this.store.replace(model.model);
      this.showProblems();
    }
  }

  private showProblems(): void {
    this.problemNotice?.remove();
    this.problemNotice = null;
    const lines = [...this.problems.model, ...this.problems.options];
    if (this.shell && lines.length > 0) this.problemNotice = this.shell.notices.show('Some attributes could not be read', lines);
  }

  private teardown(): void {
    this.stopFollowingScheme?.();
    this.stopFollowingScheme = null;
    this.playground?.dispose();
    this.engine?.dispose();
    this.playground = null;
    this.store = null;
    this.engine = null;
    this.shell = null;
    this.app = null;
    this.lastModel = null;
    this.optionsKey = '';
    delete this.dataset.ready;
    this.status.classList.remove('is-error');
    this.status.textContent = 'Loading the WebAssembly engine…';
    this.frame.replaceChildren(this.status);
  }
}

function optionsKey(options: EmbedOptions): string {
  return JSON.stringify([options.locked, options.hidden, options.show]);
}
