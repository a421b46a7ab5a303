// Puts training into the full page: one controller (over the page's one worker), the panel in
// the sidebar, the curves and the learning views in the workspace after the block cards (the
// module's subject comes first: the cards start on the first screen). Kept apart
// from the shell (app.ts) because only the full page trains; the element does not.
import type { NetworkModel } from '../model/network/network.ts';
import type { TrainUrl } from '../model/link/url-state.ts';
import type { TrainClient } from '../train/page/client.ts';
import { type ControllerDeps, TrainController } from '../train/page/controller.ts';
import type { WorkerMemory } from '../train/protocol.ts';
import type { TrainSettings } from '../model/training/settings.ts';
import { LearnPanel } from '../views/learn/learn-panel.ts';
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

export function mountTraining(
  root: HTMLElement,
  deps: { model(): NetworkModel; replaceModel(model: NetworkModel): void },
  initial: TrainUrl,
  /** The page's one worker client (it also computes the cards' values). */
  client: (events: Parameters<ControllerDeps['client']>[0]) => TrainClient,
): TrainController {
  let made: TrainClient | null = null;
  const controller = new TrainController(
    { client: (events) => (made = client(events)), model: deps.model, replaceModel: deps.replaceModel, dataBase: new URL('data/', document.baseURI).href, frame: (fn) => setTimeout(() => requestAnimationFrame(fn), REPAINT_GAP_MS) },
    initial,
  );
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
  if (new URLSearchParams(location.search).get('testhooks') === '1') {
    window.__layerlabTrain = {
      // Plain arrays: the test reads them through page.evaluate.
      weights: () => controller.weights().then((w) => ({ step: w.step, weights: w.weights.map((a) => Array.from(a)) })),
      crash: () => controller.crashWorkerForTest(),
      status: () => ({ status: controller.current.state.status, step: controller.current.state.step, message: controller.current.state.message }),
      settings: () => ({ ...controller.current.settings }),
      workerMemory: () => (made ? made.memory() : Promise.reject(new Error('no training client'))),
    };
  }
  return controller;
}
