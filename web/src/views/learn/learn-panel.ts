// "What it learns": the learning views mounted in the page and fed from the training worker.
// Weights as pictures and the confusion matrix with mistakes for the image sets, the decision
// boundary for the 2-D sets, the depth lab, the dropout comparison and the export. Data comes
// in snapshots the worker computes (protocol.ts): one request at a time, each under the
// client's time limit, only the parts on show and due (views/learn/snapshot-plan.ts), so repaints
// stay at most about 10 a second and nothing heavy runs on this thread.
import type { EpochRecord, TrainSnapshot } from '../../train/protocol.ts';
import type { TrainController, TrainView } from '../../train/page/controller.ts';
import type { EpochMetrics } from '../../learn/dropout-compare.ts';
import { type LearnPart, type PartKeys, SnapshotPlanner, wantsOf, weightsGapMs } from './snapshot-plan.ts';
import { linearValuesFromParameters } from '../../learn/trained-weights.ts';
import { layerSpecs, type NetworkModel } from '../../model/network/network.ts';
import { el, setHidden, setText, uniqueId } from '../kit/dom.ts';
import { DecisionBoundary } from './learn-boundary.ts';
import { ConfusionView, MistakesView } from './learn-confusion.ts';
import { DepthBox } from './learn-depth-box.ts';
import { DropoutComparison } from './learn-dropout.ts';
import { ExportTrained } from './learn-export.ts';
import { WeightPictures } from './learn-weights.ts';
import '../../styles/learn.css';
import { formatCount } from '../kit/format.ts';

export interface LearnPanelDeps {
  controller: TrainController;
  model(): NetworkModel;
  replaceModel(model: NetworkModel): void;
  now?: () => number;
}

/** A run that exists in the worker: its weights and predictions can be asked for. */
const LIVE = new Set(['running', 'paused', 'diverged']);

/** Both splits as evaluated in evaluation mode at each epoch's end: the dropout comparison's figures. */
export function evaluatedMetrics(records: readonly EpochRecord[]): EpochMetrics[] {
  return records.map(({ epoch, evaluation: e }) => ({ epoch: epoch + 1, trainLoss: e.trainLoss, testLoss: e.testLoss, trainAccuracy: e.trainAccuracy, testAccuracy: e.testAccuracy }));
}

export class LearnPanel {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly weights = new WeightPictures('First Linear: each output unit’s weights as a picture');
  private readonly confusion = new ConfusionView();
  private readonly mistakes = new MistakesView();
  private readonly boundary = new DecisionBoundary('Decision boundary (test points hollow)');
  private readonly depth: DepthBox;
  private readonly dropout = new DropoutComparison();
  private readonly compareBox: HTMLInputElement;
  private readonly compareNote: HTMLElement;
  private readonly exporter: ExportTrained;
  private readonly imageRow: HTMLElement;
  private readonly planner = new SnapshotPlanner();
  private view: Readonly<TrainView> | null = null;
  private inFlight = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The run the views show (TrainView.run): keys of one run never match another's. */
  private run = 0;
  private dropoutKey = '';
  private lastSnapshot: TrainSnapshot | null = null;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly deps: LearnPanelDeps) {
    this.now = deps.now ?? (() => performance.now());
    const titleId = uniqueId('learn-title');
    this.status = el('p', { class: 'learn-note', 'data-learn': 'status', text: 'Train (Step or Play) and these views fill in as the network learns.' });
    this.depth = new DepthBox({ model: deps.model, replaceModel: deps.replaceModel, settings: () => deps.controller.current.settings });
    this.depth.onToggle(() => this.pump());
    this.compareBox = el('input', { type: 'checkbox', 'data-learn': 'compare' });
    this.compareBox.addEventListener('change', () => deps.controller.setCompare(this.compareBox.checked));
    this.compareNote = el('p', { class: 'learn-readout', 'data-learn': 'compare-note' });
    this.exporter = new ExportTrained(() => this.trained());
    this.weights.root.dataset.learn = 'weights';
    this.confusion.root.dataset.learn = 'confusion';
    this.mistakes.root.dataset.learn = 'mistakes';
    this.boundary.root.dataset.learn = 'boundary';
    this.imageRow = el('div', { class: 'learn-row' }, [this.confusion.root, this.mistakes.root]);
    this.root = el('section', { class: 'panel panel-learn', 'aria-labelledby': titleId, 'data-panel': 'learn' }, [
      el('h2', { id: titleId, class: 'panel-title', text: 'What it learns' }),
      this.status,
      this.weights.root,
      this.boundary.root,
      this.imageRow,
      this.depth.root,
      el('section', { class: 'learn-dropout-box', 'aria-label': 'Dropout comparison' }, [
        el('label', { class: 'train-check' }, [this.compareBox, ' Compare with the same network and seed without its Dropout blocks (trains a second copy alongside)']),
        this.compareNote,
        this.dropout.root,
      ]),
      this.exporter.root,
    ]);
    for (const node of [this.weights.root, this.boundary.root, this.imageRow, this.dropout.root]) setHidden(node, true);
    window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => this.schemeChanged());
    deps.controller.subscribe((view) => this.render(view));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }

  private render(view: Readonly<TrainView>): void {
    const status = view.state.status;
    if (view.run !== this.run) this.newRun(view.run);
    this.view = view;
    const image = view.dataset?.imageShape ?? null;
    const plane = view.dataset ? (view.dataset.domain ?? null) !== null && view.dataset.inputShape[0] === 2 : false;
    setHidden(this.imageRow, !image || !this.lastSnapshot?.testPredictions);
    if (!image) setHidden(this.weights.root, true);
    setHidden(this.boundary.root, !plane || !this.lastSnapshot?.boundary);
    const live = LIVE.has(status);
    this.exporter.setAvailable(live, 'Train first (Step or Play): the export holds the trained weights.');
    if (!live && status !== 'loading') setText(this.status, view.state.message && status === 'error' ? 'Training stopped; the views show the last run.' : 'Train (Step or Play) and these views fill in as the network learns.');
    this.renderDropout(view);
    this.pump();
  }

  private newRun(run: number): void {
    this.run = run;
    this.planner.forget();
    this.lastSnapshot = null;
    // Nothing of the last run stays on show: the new one may be another data set or network.
    for (const node of [this.weights.root, this.boundary.root, this.imageRow]) setHidden(node, true);
    this.depth.clear(layerSpecs(this.deps.model()));
  }

  /** The parts on show now and what each would show. */
  private keys(view: Readonly<TrainView>): PartKeys {
    const keys: PartKeys = {};
    const ds = view.dataset;
    // A run set up since the last repaint: nothing until the repaint has cleared the old one.
    if (!ds || !LIVE.has(view.state.status) || view.run !== this.run) return keys;
    const step = `${this.run}:${view.state.step}`;
    if (ds.imageShape) {
      keys.weights = step;
      // A full test-set pass: once per epoch while running, at once when paused.
      keys.confusion = view.state.status === 'running' ? `${this.run}:e${view.epochs.length}` : step;
    }
    if (ds.inputShape[0] === 2 && (ds.domain ?? null) !== null) keys.boundary = step;
    if (this.depth.open) {
      keys.depth = step;
      keys.depthInit = String(this.run);
    }
    return keys;
  }

  /** Asks for what is due, unless a request is out; retries when a gap passes. */
  private pump(): void {
    if (this.disposed || this.inFlight || !this.view) return;
    // The controller's state now, not the last repaint's: a Reset sent since must stop requests.
    const keys = this.keys(this.deps.controller.current);
    const at = this.now();
    const first = this.lastSnapshot?.firstLayer;
    const plan = this.planner.plan(keys, at, first ? { weights: weightsGapMs(first.in * first.out) } : {});
    if (plan.parts.length === 0) {
      if (plan.retryInMs !== null && this.timer === null) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, plan.retryInMs);
      }
      return;
    }
    this.inFlight = true;
    const run = this.run;
    this.deps.controller.snapshot(wantsOf(plan.parts)).then(
      (snapshot) => {
        this.inFlight = false;
        if (this.disposed || run !== this.run) return this.pump();
        this.planner.done(plan.parts, keys, at);
        this.show(snapshot, plan.parts);
        this.pump();
      },
      (error: unknown) => {
        this.inFlight = false;
        this.planner.forget();
        // Shown, then tried again with the next change: a slow or restarted worker is not fatal.
        if (!this.disposed) setText(this.status, `The learning views could not be updated: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  private show(s: TrainSnapshot, parts: readonly LearnPart[]): void {
    const view = this.view;
    const ds = view?.dataset;
    if (!view || !ds) return;
    this.lastSnapshot = { ...this.lastSnapshot, ...s };
    setText(this.status, `Showing step ${formatCount(s.step)}${view.state.status === 'running' ? ' (updating while it trains)' : ''}.`);
    const names = ds.classNames ?? Array.from({ length: ds.numClasses }, (_, i) => String(i));
    if (parts.includes('weights')) this.showWeights(s, ds.imageShape);
    if (parts.includes('confusion') && s.testPredictions && ds.imageShape) {
      this.confusion.render({ predicted: s.testPredictions.predicted, actual: s.testPredictions.labels, classNames: names });
      const m = s.mistakes;
      if (m) this.mistakes.render({ predicted: m.predicted, actual: m.labels, classNames: names, images: m.pixels, imageShape: ds.imageShape, positions: m.indices, limit: m.indices.length });
      setHidden(this.imageRow, false);
    }
    if (s.boundary) {
      const b = s.boundary;
      this.boundary.render({ grid: { size: b.size, domain: b.domain, probability: b.probability }, train: b.train, test: b.test, classNames: names });
      setHidden(this.boundary.root, false);
    }
    if (s.depthInit) this.depth.showInit(s.depthInit);
    if (s.depthStats) this.depth.addStep(s.step, s.depthStats, s.updates?.layers ?? null, view.stepLosses.points().values, view.settings.optimizer);
  }

  /** A first Linear whose inputs are the image's pixels draws as pictures; anything else says why not. */
  private showWeights(s: TrainSnapshot, imageShape: readonly [number, number] | null): void {
    const f = s.firstLayer;
    const drawable = f !== null && imageShape !== null && f.in === imageShape[0] * imageShape[1];
    setHidden(this.weights.root, !drawable);
    if (drawable && imageShape) this.weights.render({ weight: f.weight, inFeatures: f.in, outFeatures: f.out, imageShape });
  }

  private renderDropout(view: Readonly<TrainView>): void {
    const c = view.compare;
    if (this.compareBox.checked !== c.on) this.compareBox.checked = c.on;
    setHidden(this.dropout.root, !c.on);
    const samples = view.epochs[0]?.evaluation.trainSamples;
    const reading = c.epochs.length === 0
      ? 'Both runs take the same batches step by step; the comparison draws once an epoch has finished.'
      : `Like with like: both runs are scored at each epoch’s end in evaluation mode (Dropout off), train on the same ${samples ?? ''} training samples, test on the whole test set. (The curves above show the running mean while training, with Dropout on.)`;
    setText(this.compareNote, c.on ? (c.problem ?? reading) : '');
    const key = `${c.on}:${view.epochs.length}:${c.epochs.length}`;
    if (!c.on || key === this.dropoutKey) return;
    this.dropoutKey = key;
    this.dropout.render({ withDropout: evaluatedMetrics(view.epochs), withoutDropout: evaluatedMetrics(c.epochs) });
  }

  /** The trained network for export: this page's model and the worker's weights of now. */
  private async trained(): Promise<{ model: NetworkModel; linears: ReturnType<typeof linearValuesFromParameters> }> {
    const model = this.deps.model();
    const { weights } = await this.deps.controller.weights();
    return { model, linears: linearValuesFromParameters(layerSpecs(model), weights) };
  }

  private schemeChanged(): void {
    this.weights.invalidate();
    this.planner.forget();
    this.dropoutKey = '';
    if (this.view) this.render(this.view);
  }
}
