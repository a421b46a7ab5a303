// <layerlab-playground net="linear(256),relu,dropout(0.5),linear(10)" input="32x784" train="1"
// seed="42" dataset="digits" locked="structure" show="train,curves">Caption</layerlab-playground>:
// the embedded playground as a custom element. The page's views render into an open shadow root
// (the host page's CSS stays out, ours stays in), styled by a constructed stylesheet so a strict
// CSP is fine; the element's child text is its caption, above it. Attributes are read with the
// URL hash's grammar and observed. As on the page, the elements' networks live in one worker
// (element-worker.ts), each with a run of its own there that the element trains, and each
// element paints shapes from TypeScript; where that worker cannot run, every element shares one
// WASM module on this thread and has its own Engine (and cannot train).
import type { AppState, Store } from '../app/store.ts';
import { type Playground, createPlayground, createShell, followColorScheme } from '../compose/app.ts';
import { type TrainingDeps, cardsFollowTraining, createTraining, embeddedTrainUrl, embedTraining } from '../compose/training.ts';
import { sameStructure } from '../model/network/structure.ts';
import type { TrainController } from '../train/page/controller.ts';
import type { OwnerChannel } from '../train/page/client.ts';
import { LEARN_EXTRAS, structureFrozen } from '../share/embed-options.ts';
import { TRAIN_EVENT } from '../share/train-message.ts';
import { Engine } from '../engine/engine.ts';
import type { NetworkModel } from '../model/network/network.ts';
import { encodeUrlState } from '../model/link/url-state.ts';
import { offerChartColorSource } from '../views/kit/canvas.ts';
import type { AppShell } from '../views/shell/app-shell.ts';
import { el } from '../views/kit/dom.ts';
import { MODEL_ATTRIBUTES, OBSERVED_ATTRIBUTES, modelFromAttributes, optionsFromAttributes } from '../share/element-attributes.ts';
import { elementStyleSheet } from './element-css.ts';
import { corsNotice } from '../share/element-snippet.ts';
import { ANSWER_EVENT } from '../share/answer-message.ts';
import type { EmbedOptions } from '../share/embed-options.ts';
import { sharedElementWorker } from './element-worker.ts';
import { sharedLayerlab } from './shared-module.ts';

const MODEL_ATTRIBUTE_NAMES: readonly string[] = MODEL_ATTRIBUTES.map(([name]) => name);

/** Elements started on this page so far: each names itself to the shared worker by its number. */
let elementsStarted = 0;

/** Fired (bubbling, composed) when the learner changes the network: detail.hash is its link hash. */
export const CHANGE_EVENT = 'layerlab-change';

/**
 * The data sets' folder: beside the element's folder in the build (element/ and data/ are
 * siblings), the page's data/ in development. Not written as new URL('…', import.meta.url):
 * the build would take that for an asset to bundle.
 */
function dataBase(): string {
  const here = import.meta.url;
  return import.meta.env.DEV ? new URL('data/', document.baseURI).href : new URL('../data/', here).href;
}

export class LayerlabPlayground extends HTMLElement {
  static get observedAttributes(): readonly string[] {
    return OBSERVED_ATTRIBUTES;
  }

  private readonly frame: HTMLElement;
  private readonly status: HTMLElement;
  private readonly caption: HTMLElement;
  private channel: OwnerChannel | null = null;
  private training: TrainController | null = null;
  private unmountTraining: (() => void) | null = null;
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
    // The child text is the caption; the snippet's notice sits in the "fallback" slot, which
    // has no place here, so it shows only while the element has not started.
    const slot = el('slot');
    this.caption = el('div', { class: 'll-caption', 'data-embed': 'caption', hidden: true }, [slot]);
    slot.addEventListener('slotchange', () => {
      const text = slot.assignedNodes({ flatten: true }).map((n) => n.textContent ?? '').join('').trim();
      this.caption.hidden = text === '';
    });
    shadow.append(this.caption, this.frame);
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
        // a run of its own in the shared worker: its weights, values and training
        const channel = worker.channel(`element-${++elementsStarted}`);
        this.channel = channel;
        this.playground = createPlayground({ worker: channel }, model.model);
      } else if (ll) {
        const engine = new Engine(ll);
        this.engine = engine;
        this.playground = createPlayground({ engine }, model.model);
        requestAnimationFrame(() => setTimeout(() => engine.warmUp(), 100));
      }
      this.store = this.playground?.store ?? null;
      if (this.store && this.channel) {
        const channel = this.channel;
        this.training = createTraining(this.trainingDeps, embeddedTrainUrl(model.training), (events) => {
          channel.events.target = events;
          return channel;
        }, dataBase()).controller;
        cardsFollowTraining(this.training, this.store);
      }
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

  /** What training may do to the model: a locked element refuses a fix that changes its structure. */
  private readonly trainingDeps: TrainingDeps = {
    model: () => this.store!.model,
    replaceModel: (model) => {
      const store = this.store;
      if (!store) return;
      if (!structureFrozen(optionsFromAttributes(this.read).options) || sameStructure(store.model, model)) store.replace(model);
    },
  };

  private onState(state: Readonly<AppState>): void {
    offerChartColorSource(this);
    this.shell?.render(state);
    this.training?.modelChanged(state.model);
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
    this.shell = createShell(this.app, store, {
      ...options,
      pageUrl: null,
      onAnswer: (report) => this.dispatchEvent(new CustomEvent(ANSWER_EVENT, { detail: { ...report }, bubbles: true, composed: true })),
    });
    this.problemNotice = null;
    this.frame.replaceChildren(this.app);
    this.unmountTraining?.();
    this.unmountTraining = null;
    if (this.training) {
      this.unmountTraining = embedTraining(this.app, this, this.training, this.trainingDeps, options, (report) =>
        this.dispatchEvent(new CustomEvent(TRAIN_EVENT, { detail: report, bubbles: true, composed: true })),
      );
    } else if (options.show.some((part) => (LEARN_EXTRAS as readonly string[]).includes(part))) {
      problems.push('show: the training panels need the worker, which could not start on this page; they are left out');
    }
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
      this.training?.openLink(model.training);
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
    this.unmountTraining?.();
    this.unmountTraining = null;
    // Frees the element's run in the worker (its channel's dispose drops it there).
    this.training?.dispose();
    this.training = null;
    this.channel?.dispose();
    this.channel = null;
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
  return JSON.stringify([options.locked, options.lockStructure, options.hidden, options.show, options.autoplay, options.caption, options.ask]);
}
