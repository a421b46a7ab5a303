// Puts training into the playground: one controller over the page's one worker (an element's
// run in the elements' worker), its panel, curves and learning views. The full page shows them
// all (the panel in the sidebar, the curves and learning views after the block cards: the
// module's subject comes first); an embed shows those its show= list names, in the compact
// layout. Kept apart from the shell (app.ts): the shell is the forward half, this the training half.
import type { Store } from '../app/store.ts';
import type { NetworkModel } from '../model/network/network.ts';
import type { TrainUrl } from '../model/link/url-state.ts';
import type { TrainChannel } from '../train/page/client.ts';
import { type ControllerDeps, TrainController } from '../train/page/controller.ts';
import type { WorkerMemory } from '../train/protocol.ts';
import type { TrainSettings } from '../model/training/settings.ts';
import type { EmbedOptions, ExtraName } from '../share/embed-options.ts';
import { type TrainReport, TrainReporter } from '../share/train-message.ts';
import { autoplayWhenVisible } from './autoplay.ts';
import { LEARN_VIEWS, LearnPanel } from '../views/learn/learn-panel.ts';
import { TrainCurves } from '../views/train/train-curves.ts';
import { TrainPanel } from '../views/train/train-panel.ts';
import '../styles/train.css';

/** Training views repaint at most about 10 times a second: counters and curves need no more. */
const REPAINT_GAP_MS = 100;

export interface TrainHooks {
  weights(): Promise<{ step: number; weights: number[][] }>;
  status(): { status: string; step: number; message: string | null };
  crash(): void;
  /** The training settings the controller holds (what the panel and the link should show). */
  settings(): TrainSettings;
  /** The training worker's WASM heap and step, after every message sent before it (a bounded request). */
  workerMemory(): Promise<WorkerMemory>;
}

declare global {
  interface Window {
    __layerlabTrain?: TrainHooks;
  }
}

export interface TrainingDeps {
  model(): NetworkModel;
  replaceModel(model: NetworkModel): void;
}

/** What the controller talks through: the page's worker client, or an element's channel. */
export type ChannelFor = (events: Parameters<ControllerDeps['client']>[0]) => TrainChannel;

/**
 * The controller over `client`, starting from a link's settings (and replaying its steps).
 * `dataBase`: the data folder's absolute URL (the page's data/, or the one beside the element).
 */
/**
 * An embed's or element's training: a lesson runs until the course page's reader pauses it
 * (autoplay lessons on small 2-D sets need hundreds of epochs), so the stopping rule is off
 * unless its link or attributes set one (stop=N).
 */
export function embeddedTrainUrl(initial: TrainUrl): TrainUrl {
  return initial.stopEpochs === undefined ? { ...initial, stopEpochs: 0 } : initial;
}

export function createTraining(deps: TrainingDeps, initial: TrainUrl, client: ChannelFor, dataBase: string): { controller: TrainController; channel: () => TrainChannel | null } {
  let made: TrainChannel | null = null;
  const controller = new TrainController(
    { client: (events) => (made = client(events)), model: deps.model, replaceModel: deps.replaceModel, dataBase, frame: (fn) => setTimeout(() => requestAnimationFrame(fn), REPAINT_GAP_MS) },
    initial,
  );
  return { controller, channel: () => made };
}

/** The full page: every training view. */
export function mountTraining(root: HTMLElement, deps: TrainingDeps, initial: TrainUrl, client: ChannelFor): TrainController {
  const { controller, channel } = createTraining(deps, initial, client, new URL('data/', document.baseURI).href);
  const panel = new TrainPanel(controller);
  const curves = new TrainCurves(controller);
  const learn = new LearnPanel({ controller, model: deps.model, replaceModel: deps.replaceModel });
  const sidebar = root.querySelector('.sidebar');
  const cards = root.querySelector('.workspace > .network');
  if (cards) cards.after(curves.root, learn.root);
  else root.append(curves.root, learn.root);
  // Two columns: the panel tops the sticky sidebar, beside the cards. One column: it follows
  // the cards (the module's subject first), moved in the DOM so the tab order is the order seen.
  const twoColumns = window.matchMedia('(min-width: 900px)');
  const place = (): void => {
    if (sidebar && (twoColumns.matches || !cards)) sidebar.prepend(panel.root);
    else if (cards) cards.after(panel.root);
    else root.append(panel.root);
  };
  place();
  twoColumns.addEventListener('change', place);
  window.addEventListener('pagehide', () => learn.dispose());
  installTrainHooks(controller, channel);
  return controller;
}

/**
 * An embed's training views, as its show= list names them: the panel with the embed's
 * controls, the curves and the learning views at the top of its workspace. Returns what
 * frees them (the controller is the caller's).
 */
export function mountEmbedTraining(root: HTMLElement | ShadowRoot, controller: TrainController, deps: TrainingDeps, show: readonly ExtraName[]): () => void {
  const controls = root.querySelector('.embed-controls');
  const workspace = root.querySelector('.workspace');
  const views = LEARN_VIEWS.filter((v) => show.includes(v));
  const panel = show.includes('train') ? new TrainPanel(controller) : null;
  const curves = show.includes('curves') ? new TrainCurves(controller) : null;
  const learn = views.length > 0 ? new LearnPanel({ controller, model: deps.model, replaceModel: deps.replaceModel, views }) : null;
  if (panel) (controls ?? root).append(panel.root);
  const shown = [curves?.root, learn?.root].filter((n): n is HTMLElement => n !== undefined);
  const palette = workspace?.querySelector('.panel-palette');
  if (palette) palette.after(...shown);
  else if (workspace) workspace.prepend(...shown);
  else root.append(...shown);
  return () => {
    learn?.dispose();
    for (const node of [panel?.root, ...shown]) node?.remove();
  };
}

/** The block cards follow the worker's weights: after every step count or status the training views show. */
export function cardsFollowTraining(controller: TrainController, store: Store): void {
  let shownRun = '';
  controller.subscribe((view) => {
    const { status, step, sent } = view.state;
    if (status === 'idle') return;
    store.startTrainingRun();
    const key = `${status}:${step}:${sent}`;
    if (key === shownRun) return;
    shownRun = key;
    store.refreshValues();
  });
}

/** Only with ?testhooks=1: the run's weights and status for the browser tests. */
export function installTrainHooks(controller: TrainController, channel: () => TrainChannel | null): void {
  if (new URLSearchParams(location.search).get('testhooks') !== '1') return;
  window.__layerlabTrain = {
    // Plain arrays: the test reads them through page.evaluate.
    weights: () => controller.weights().then((w) => ({ step: w.step, weights: w.weights.map((a) => Array.from(a)) })),
    crash: () => controller.crashWorkerForTest(),
    status: () => ({ status: controller.current.state.status, step: controller.current.state.step, message: controller.current.state.message }),
    settings: () => ({ ...controller.current.settings }),
    workerMemory: () => channel()?.memory() ?? Promise.reject(new Error('no training client')),
  };
}

/**
 * Everything an embed adds to its controller: the views its show= list names, autoplay, and
 * the reports to the host page (an event or a message: `report`). Returns what undoes it.
 */
export function embedTraining(
  root: HTMLElement | ShadowRoot,
  watched: Element,
  controller: TrainController,
  deps: TrainingDeps,
  options: Pick<EmbedOptions, 'show' | 'autoplay'>,
  report: (report: TrainReport) => void,
): () => void {
  const unmount = mountEmbedTraining(root, controller, deps, options.show);
  // An embed that shows the dropout comparison means it to run.
  if (options.show.includes('compare') && !controller.current.compare.on) controller.setCompare(true);
  const stopWatching = options.autoplay ? autoplayWhenVisible(watched, controller) : () => undefined;
  const reporter = new TrainReporter(report);
  let live = true;
  controller.subscribe((view) => {
    if (live) reporter.update(view);
  });
  return () => {
    live = false;
    stopWatching();
    unmount();
  };
}
