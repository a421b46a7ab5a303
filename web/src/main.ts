// Boots the page: starts the worker that owns the network (it loads the WASM module), reads
// the model from the link (or starts with the course network), and wires store -> views ->
// URL. This thread holds no WASM: it paints shapes and counts from the TypeScript summary at
// once and the worker's values when they come. With ?embed=1 the page is the compact layout
// for an <iframe> (options in the query, the network still in the hash).
import { reportHeight } from './embed/height-report.ts';
import { postAnswer } from './embed/answer-report.ts';
import { parseEmbedQuery, structureFrozen } from './share/embed-options.ts';
import { trainMessage } from './share/train-message.ts';
import { sameStructure } from './model/network/structure.ts';
import type { AppState } from './app/store.ts';
import { installTestHooks } from './app/test-hooks.ts';
import { UrlSync } from './app/url-sync.ts';
import { createPlayground, createShell, followColorScheme } from './compose/app.ts';
import { cardsFollowTraining, createTraining, embeddedTrainUrl, embedTraining, installTrainHooks, mountTraining, type TrainingDeps } from './compose/training.ts';
import type { RealInput } from './engine/snapshot.ts';
import { RealInputControls } from './views/train/train-real-input.ts';
import { TrainClient, TrainEventRelay } from './train/page/client.ts';
import type { TrainController } from './train/page/controller.ts';
import { defaultModel } from './model/network/presets.ts';
import { DEFAULT_TRAIN_URL, type TrainUrl, encodeUrlState } from './model/link/url-state.ts';
import { workerProblem } from './engine/support.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/blocks.css';
import './styles/figures.css';
import './styles/panels.css';
import './styles/embed.css';

/** This page's URL without query and hash: what the embed snippet and "open" link point at. */
function pageUrl(): string {
  return location.origin + location.pathname;
}

/**
 * The page's icon, added before the browser looks for icons (after the load event). The built
 * page uses a file beside this module (found like the .wasm, so any sub-path works): the
 * strict CSP refuses data: URLs, and with no icon link the browser asks for /favicon.ico,
 * outside the site's sub-path. Development uses an empty data: URL, which makes no request.
 */
function addIcon(): void {
  const link = document.createElement('link');
  link.rel = 'icon';
  if (import.meta.env.DEV) {
    link.href = 'data:,';
  } else {
    link.type = 'image/svg+xml';
    link.href = new URL('./styles/favicon.svg?no-inline', import.meta.url).href;
  }
  document.head.append(link);
}

async function boot(root: HTMLElement): Promise<void> {
  const embed = parseEmbedQuery(location.search);
  if (embed.embed) {
    document.documentElement.classList.add('is-embed');
    root.classList.add('is-embed');
  }
  performance.mark('layerlab:boot');
  // One worker owns the network: its weights, every value the cards show, and training. It
  // starts now, so it loads the WASM module while this thread builds the page.
  // Where the worker cannot run (no WebAssembly, no module workers), none starts: the page
  // keeps its shapes and counts and says why values and training are missing.
  const problem = workerProblem();
  const relay = new TrainEventRelay();
  const owner = new TrainClient(relay, undefined, undefined, problem);
  owner.start();
  const url = new UrlSync();
  const decoded = url.read();
  const start = decoded?.model ?? defaultModel();
  const playground = createPlayground({ worker: owner }, start);
  const { store } = playground;
  // The first frame runs now, before any view exists: the shapes come from TypeScript at once
  // and the worker gets its values request while this thread builds and paints the views.
  store.flush();
  performance.mark('layerlab:store-ready');
  // The embed's "Open in layerlab" carries its training settings and steps too.
  let trainingUrl: (() => TrainUrl) | null = null;
  const shell = createShell(root, store, {
    ...embed,
    pageUrl,
    linkHash: (model) => encodeUrlState(model, trainingUrl?.()),
    onAnswer: (report) => postAnswer(report),
  });
  if (problem !== null) shell.notices.show(problem, []);
  if (embed.problems.length > 0) shell.notices.show('Some embed options could not be read', embed.problems);
  if (decoded && decoded.problems.length > 0) shell.notices.show('Some of the link could not be read', decoded.problems);
  // Training, on the page and in an embed alike: the link holds its settings and steps (an
  // embed shows the panels its show= list names, but keeps and replays the link's settings).
  const trainingDeps: TrainingDeps = {
    model: () => store.model,
    // A locked embed refuses a one-click fix that would change its structure.
    replaceModel: (model) => {
      if (!structureFrozen(embed) || sameStructure(store.model, model)) store.replace(model);
    },
  };
  const initial = decoded?.training ?? DEFAULT_TRAIN_URL;
  const attach = (events: TrainEventRelay['target']): TrainClient => {
    relay.target = events;
    return owner;
  };
  let training: TrainController;
  if (embed.embed) {
    const made = createTraining(trainingDeps, embeddedTrainUrl(initial), attach, new URL('data/', document.baseURI).href);
    training = made.controller;
    installTrainHooks(training, made.channel);
    // The host page hears how training goes, as it hears the height (any origin may read it).
    embedTraining(root, root, training, trainingDeps, embed, (report) => {
      if (window.parent !== window) window.parent.postMessage(trainMessage(report), '*');
    });
  } else {
    training = mountTraining(root, trainingDeps, initial, attach);
  }
  training.onUrlChange((t) => url.write(store.model, t));
  trainingUrl = () => training.url();
  // The cards follow the worker's weights (at most about 10 times a second), Step and Reset included.
  cardsFollowTraining(training, store);
  // Real samples as the cards' input, from the data set the worker holds for training (the full page).
  const realInput = embed.embed ? null : new RealInputControls((first) => store.setRealSample(first));
  if (realInput) root.querySelector('[data-panel="train"]')?.append(realInput.root);
  let shownReal: RealInput | null = null;
  training.subscribe((view) => realInput?.render(shownReal, view));
  url.onExternalChange((next) => {
    store.replace(next.model);
    training.openLink(next.training);
    if (next.problems.length > 0) shell.notices.show('Some of the link could not be read', next.problems);
  });
  let firstValues = false;
  const show = (state: Readonly<AppState>): void => {
    // Once, for the first-render benchmark: when the worker's first values reached the views.
    if (!firstValues && state.snapshot?.valuesComputed) {
      firstValues = true;
      performance.mark('layerlab:first-values');
    }
    // Only the latest render's marks are kept: the timeline keeps every mark until cleared,
    // which grew the page by two entries per edit (the soak saw 930 after 500 edits).
    performance.clearMarks('layerlab:run-done');
    performance.clearMarks('layerlab:rendered');
    performance.mark('layerlab:run-done');
    shell.render(state);
    training.modelChanged(state.model, store.lastChangeWasUndo);
    shownReal = state.snapshot?.realInput ?? null;
    realInput?.render(shownReal, training.current);
    performance.mark('layerlab:rendered');
    url.write(state.model, training.url());
    document.documentElement.dataset.ready = 'true';
    document.documentElement.dataset.computing = String(state.computingValues);
    // For the browser tests' frame budget check: the previous frame's run + repaint time.
    if (state.lastFrameMs !== null) document.documentElement.dataset.frameMs = state.lastFrameMs.toFixed(3);
  };
  store.subscribe(show);
  performance.mark('layerlab:shell-built');
  show(store.current); // the first state paints now, not one frame later
  if (embed.embed) reportHeight(root); // the snippet's listener fits the <iframe> to it
  installTestHooks(store); // only with ?testhooks=1: read-only numbers for the soak and bench
  followColorScheme(() => shell, () => store);
  window.addEventListener('pagehide', () => {
    playground.dispose();
    training.dispose();
    owner.dispose();
  });
}

addIcon();
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
