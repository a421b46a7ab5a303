// Puts training into the full page: one controller (over the page's one worker), the panel
// in the sidebar and the curves in the workspace after the palette. Kept apart from
// app-shell.ts so the page's layout code stays as it was.
import type { NetworkModel } from '../model/network.ts';
import type { TrainUrl } from '../model/url-state.ts';
import { type ControllerDeps, TrainController } from '../train/controller.ts';
import { TrainCurves } from './train-curves.ts';
import { TrainPanel } from './train-panel.ts';
import '../styles/train.css';

/** Training views repaint at most about 10 times a second: counters and curves need no more. */
const REPAINT_GAP_MS = 100;

export interface TrainHooks {
  weights(): Promise<{ step: number; weights: number[][] }>;
  status(): { status: string; step: number; message: string | null };
  crash(): void;
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
  client: ControllerDeps['client'],
): TrainController {
  const controller = new TrainController(
    { client, model: deps.model, replaceModel: deps.replaceModel, dataBase: new URL('data/', document.baseURI).href, frame: (fn) => setTimeout(() => requestAnimationFrame(fn), REPAINT_GAP_MS) },
    initial,
  );
  const panel = new TrainPanel(controller);
  const curves = new TrainCurves(controller);
  const sidebar = root.querySelector('.sidebar');
  const palette = root.querySelector('.panel-palette');
  if (sidebar) sidebar.prepend(panel.root);
  else root.append(panel.root);
  if (palette) palette.after(curves.root);
  else root.append(curves.root);
  if (new URLSearchParams(location.search).get('testhooks') === '1') {
    window.__layerlabTrain = {
      // Plain arrays: the test reads them through page.evaluate.
      weights: () => controller.weights().then((w) => ({ step: w.step, weights: w.weights.map((a) => Array.from(a)) })),
      crash: () => controller.crashWorkerForTest(),
      status: () => ({ status: controller.current.state.status, step: controller.current.state.step, message: controller.current.state.message }),
    };
  }
  return controller;
}
