// The page's training controller: holds the settings, runs the state machine, talks to the
// worker through TrainClient and keeps what the training views draw (curves, counters). It
// never touches the DOM; the views subscribe to it. The network comes from the store's model:
// any change to its layers, input or seed starts training over from the seed.
import { networkKey } from '../../engine/layer-builder.ts';
import type { NetworkModel } from '../../model/network/network.ts';
import { layerSpecs } from '../../model/network/network.ts';
import type { TrainUrl } from '../../model/link/url-state.ts';
import { budgetProblem, trainMemory } from '../budget.ts';
import type { TrainClient } from './client.ts';
import { dataShapeOf, fitFix, fitFixLabel, modelFitProblem } from '../../model/training/fit.ts';
import type { DatasetInfo, EpochRecord, FromWorker, RunSetup, SnapshotWants, TrainSnapshot } from '../protocol.ts';
import { StepSeries } from './series.ts';
import { changeKind, type TrainSettings } from '../../model/training/settings.ts';
import { INITIAL_TRAIN_STATE, type Intent, type TrainEvent, type TrainState, transition } from './state.ts';

export interface TrainView {
  state: TrainState;
  settings: TrainSettings;
  /** Why training cannot start with this network and data set, and the one-click fix. */
  fit: { problem: string; fixLabel: string; canFix: boolean } | null;
  /** Training memory over the budget, in words. */
  memory: string | null;
  dataset: DatasetInfo | null;
  batchesPerEpoch: number | null;
  epochs: readonly EpochRecord[];
  stepLosses: StepSeries;
  trainLoss: number;
  trainAccuracy: number | null;
  samplesPerSecond: number | null;
  testInTrainingMode: boolean;
  /** The model's seed: initial weights, batch order and dropout masks all come from it. */
  seed: number;
  /** The dropout comparison: a twin without Dropout trains alongside while this is on. */
  compare: CompareView;
  /** Counts the runs set up in the worker (Reset, a new network or data set, a restart). */
  run: number;
}

export interface CompareView {
  on: boolean;
  /** The twin's finished epochs, oldest first (this run only). */
  epochs: readonly EpochRecord[];
  step: number;
  problem: string | null;
}

const COMPARE_OFF: CompareView = Object.freeze({ on: false, epochs: [], step: 0, problem: null });

export interface ControllerDeps {
  client: (events: { message(m: FromWorker): void; crashed(reason: string): void }) => Pick<TrainClient, 'send' | 'snapshot' | 'weights' | 'dispose'>;
  model(): NetworkModel;
  /** Replaces the model (the one-click fix). */
  replaceModel(model: NetworkModel): void;
  dataBase: string;
  now?: () => number;
  /**
   * Coalesces repaints (requestAnimationFrame on the page): the worker reports every slice,
   * about 80 times a second, and the views need at most one repaint per frame. Without it
   * (tests) listeners are called at once.
   */
  frame?: (fn: () => void) => void;
}

/** The URL's step count is rewritten at most this often while training runs. */
const URL_EVERY_MS = 1000;

export class TrainController {
  private view: TrainView;
  private readonly listeners: ((view: Readonly<TrainView>) => void)[] = [];
  private readonly urlListeners: ((training: TrainUrl) => void)[] = [];
  private readonly client: Pick<TrainClient, 'send' | 'snapshot' | 'weights' | 'dispose'>;
  private networkKey: string;
  private lastUrlAt = -Infinity;
  private repaintPending = false;
  private urlValue: TrainUrl;
  /** A setup was sent: the worker may hold a run. */
  private setUpOnce = false;
  private readonly now: () => number;

  constructor(private readonly deps: ControllerDeps, initial: TrainUrl) {
    this.now = deps.now ?? (() => performance.now());
    this.client = deps.client({ message: (m) => this.dispatch({ type: 'worker', message: m }), crashed: (reason) => this.dispatch({ type: 'crashed', reason }) });
    this.networkKey = this.keyOf(deps.model());
    this.view = {
      state: { ...INITIAL_TRAIN_STATE },
      settings: { ...initial.settings },
      fit: null,
      memory: null,
      dataset: null,
      batchesPerEpoch: null,
      epochs: [],
      stepLosses: new StepSeries(),
      trainLoss: Number.NaN,
      trainAccuracy: null,
      samplesPerSecond: null,
      testInTrainingMode: false,
      seed: deps.model().seed,
      compare: COMPARE_OFF,
      run: 0,
    };
    this.urlValue = { settings: this.view.settings, steps: 0 };
    this.check();
    if (initial.steps > 0) this.dispatch({ type: 'replay', steps: initial.steps });
  }

  get current(): Readonly<TrainView> {
    return this.view;
  }

  subscribe(listener: (view: Readonly<TrainView>) => void): void {
    this.listeners.push(listener);
    listener(this.view);
  }

  /** Called with the training part of the link whenever it should be rewritten. */
  onUrlChange(listener: (training: TrainUrl) => void): void {
    this.urlListeners.push(listener);
  }

  /** What the link should say now. */
  url(): TrainUrl {
    return this.urlValue;
  }

  play(): void {
    this.dispatch({ type: 'play' });
  }

  pause(): void {
    this.dispatch({ type: 'pause' });
  }

  step(): void {
    this.dispatch({ type: 'step' });
  }

  reset(): void {
    this.dispatch({ type: 'reset' });
  }

  setSettings(patch: Partial<TrainSettings>): void {
    const before = this.view.settings;
    const after = { ...before, ...patch };
    const change = changeKind(before, after);
    if (change === 'none') return;
    this.view = { ...this.view, settings: after };
    this.check();
    this.dispatch({ type: 'settings', change });
  }

  /** A link opened by hand (hash edited): its settings, then its steps replayed. */
  openLink(training: TrainUrl): void {
    // The store already holds the link's network: its change must not restart the replay.
    this.networkKey = this.keyOf(this.deps.model());
    this.view = { ...this.view, settings: { ...training.settings } };
    this.check();
    if (training.steps > 0) this.dispatch({ type: 'replay', steps: training.steps });
    else this.dispatch({ type: 'settings', change: 'restart' });
  }

  setTestInTrainingMode(on: boolean): void {
    if (this.view.testInTrainingMode === on) return;
    this.view = { ...this.view, testInTrainingMode: on };
    this.client.send({ type: 'eval-mode', training: on });
    this.publish();
  }

  /** Trains the same network without its Dropout blocks alongside (only while on). */
  setCompare(on: boolean): void {
    if (this.view.compare.on === on) return;
    this.view = { ...this.view, compare: { ...COMPARE_OFF, on } };
    this.client.send({ type: 'compare', on });
    this.publish();
  }

  /** The one-click fix for a network that does not fit the data set. */
  fit(): void {
    const fixed = fitFix(this.deps.model(), dataShapeOf(this.view.settings.dataset), this.view.settings.loss);
    if (fixed) this.deps.replaceModel(fixed);
  }

  /** The store's model changed: a different network (layers, input, seed) starts over. */
  modelChanged(model: NetworkModel): void {
    const key = this.keyOf(model);
    if (key === this.networkKey) return;
    this.networkKey = key;
    this.check();
    this.dispatch({ type: 'network-changed' });
  }

  /** For the learning views: first-layer weights, test predictions, depth statistics. */
  snapshot(wants: SnapshotWants): Promise<TrainSnapshot> {
    return this.client.snapshot(wants);
  }

  /** Every parameter of the training copy (export; tests: a link reproduces the network), or of the no-dropout twin. */
  weights(twin = false): Promise<{ step: number; weights: Float32Array[] }> {
    return this.client.weights(twin);
  }

  /** Tests only (?testhooks=1): the worker throws outside any handler, as a crash would. */
  crashWorkerForTest(): void {
    this.client.send({ type: 'crash' });
  }

  dispose(): void {
    this.client.dispose();
  }

  private keyOf(model: NetworkModel): string {
    return networkKey(layerSpecs(model), model.input.features, model.seed);
  }

  /** Fit and memory problems for the current network and settings. */
  private check(): void {
    const model = this.deps.model();
    const { settings } = this.view;
    const data = dataShapeOf(settings.dataset);
    const problem = modelFitProblem(model, data, settings.loss);
    const fit = problem ? { problem, fixLabel: fitFixLabel(data, settings.loss), canFix: fitFix(model, data, settings.loss) !== null } : null;
    const memory = budgetProblem(trainMemory(layerSpecs(model), model.input.features, settings.batchSize, settings.optimizer, settings.momentum));
    this.view = { ...this.view, fit, memory, seed: model.seed };
  }

  private dispatch(event: TrainEvent): void {
    const { state, intents } = transition(this.view.state, event);
    this.view = { ...this.view, state };
    if (event.type === 'worker') this.absorb(event.message);
    for (const intent of intents) this.perform(intent);
    this.updateUrl(event.type !== 'worker' || event.message.type !== 'progress');
    this.publish();
  }

  private absorb(message: FromWorker): void {
    switch (message.type) {
      case 'loaded':
        this.view = { ...this.view, dataset: message.dataset, batchesPerEpoch: message.batchesPerEpoch };
        return;
      case 'progress': {
        const p = message.progress;
        this.view.stepLosses.add(p.stepLosses, p.step - p.stepLosses.length);
        this.view = {
          ...this.view,
          epochs: p.epochs.length > 0 ? [...this.view.epochs, ...p.epochs] : this.view.epochs,
          trainLoss: p.trainLoss,
          trainAccuracy: p.trainAccuracy,
          samplesPerSecond: p.samplesPerSecond,
          batchesPerEpoch: p.batchesPerEpoch,
        };
        const c = p.compare;
        if (c && this.view.compare.on) {
          const before = this.view.compare;
          this.view = { ...this.view, compare: { on: true, epochs: c.epochs.length > 0 ? [...before.epochs, ...c.epochs] : before.epochs, step: c.step, problem: c.problem } };
        }
        return;
      }
      default:
        return;
    }
  }

  private perform(intent: Intent): void {
    switch (intent.kind) {
      case 'setup': {
        const blocked = this.view.fit?.problem ?? this.view.memory;
        if (blocked) {
          this.view = { ...this.view, state: { ...this.view.state, status: 'error', message: `Training cannot start: ${blocked}.`, playAfterLoad: false, replayLeft: 0, step: 0 } };
          // A run of the previous network may still be stepping in the worker: stop it (and
          // start no worker when none was ever set up).
          if (this.setUpOnce) this.client.send({ type: 'pause', seq: intent.seq });
          return;
        }
        this.view.stepLosses.clear();
        this.view = { ...this.view, run: this.view.run + 1, epochs: [], trainLoss: Number.NaN, trainAccuracy: null, samplesPerSecond: null, compare: { ...COMPARE_OFF, on: this.view.compare.on } };
        this.client.send({ type: 'setup', setup: this.setupMessage(), steps: intent.steps, seq: intent.seq });
        this.setUpOnce = true;
        this.client.send({ type: 'eval-mode', training: this.view.testInTrainingMode });
        // A restarted worker starts with the comparison off.
        if (this.view.compare.on) this.client.send({ type: 'compare', on: true });
        return;
      }
      case 'lr':
        this.client.send({ type: 'lr', lr: this.view.settings.lr });
        return;
      case 'optimizer':
        this.client.send({ type: 'optimizer', settings: this.view.settings });
        return;
      case 'play':
      case 'pause':
      case 'step':
        this.client.send({ type: intent.kind, seq: intent.seq });
        return;
    }
  }

  private setupMessage(): RunSetup {
    const model = this.deps.model();
    return { layers: layerSpecs(model), features: [...model.input.features], seed: model.seed, settings: { ...this.view.settings }, dataBase: this.deps.dataBase };
  }

  private updateUrl(now: boolean): void {
    const { state, settings } = this.view;
    const steps = state.replayable ? state.step : 0;
    if (settings === this.urlValue.settings && steps === this.urlValue.steps) return;
    const t = this.now();
    if (!now && state.status === 'running' && t - this.lastUrlAt < URL_EVERY_MS) return;
    this.lastUrlAt = t;
    this.urlValue = { settings, steps };
    for (const l of this.urlListeners) l(this.urlValue);
  }

  private publish(): void {
    const frame = this.deps.frame;
    if (!frame) {
      for (const l of this.listeners) l(this.view);
      return;
    }
    if (this.repaintPending) return;
    this.repaintPending = true;
    frame(() => {
      this.repaintPending = false;
      for (const l of this.listeners) l(this.view);
    });
  }
}
