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
import type { DatasetInfo, EpochRecord, FromWorker, InferenceReport, RunSetup, SnapshotWants, TrainSnapshot } from '../protocol.ts';
import { StepSeries } from './series.ts';
import { changeKind, DEFAULT_STOP_EPOCHS, type TrainSettings } from '../../model/training/settings.ts';
import { nextStopEpoch } from './pace.ts';
import { ModesMeter } from './modes.ts';
import { type KeptRun, pinned, type PreviousRun, runLabel } from './kept-runs.ts';
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
  /** Evaluation mode against training mode, measured while the switch is on (null until then). */
  inference: InferenceReport | null;
  /** Why the comparison of modes could not be measured, or null. */
  inferenceProblem: string | null;
  /** Play's pace in steps a second, or null for full speed: it never changes what a step does. */
  pace: number | null;
  /** The stopping rule: Play pauses at the end of every this many epochs (0: never). */
  stopEpochs: number;
  /** The run the last network edit replaced (faded on the curves; Undo replays it), or null. */
  previous: PreviousRun | null;
  /** Runs pinned to compare with the next ones, oldest first. */
  pins: readonly KeptRun[];
  /** The current run in words (optimizer, learning rate, batch, init, Dropout p). */
  runLabel: string;
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
  client: (events: { message(m: FromWorker): void; crashed(reason: string): void }) => Pick<TrainClient, 'send' | 'snapshot' | 'weights' | 'inference' | 'dispose'>;
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

/** The link's training part; the stopping rule only when not at its default (as a decoded link has it). */
function urlOf(settings: TrainSettings, steps: number, stopEpochs: number): TrainUrl {
  return stopEpochs === DEFAULT_STOP_EPOCHS ? { settings, steps } : { settings, steps, stopEpochs };
}

export class TrainController {
  private view: TrainView;
  private readonly listeners: ((view: Readonly<TrainView>) => void)[] = [];
  private readonly urlListeners: ((training: TrainUrl) => void)[] = [];
  private readonly client: Pick<TrainClient, 'send' | 'snapshot' | 'weights' | 'inference' | 'dispose'>;
  private readonly modes: ModesMeter;
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
      inference: null,
      inferenceProblem: null,
      pace: null,
      stopEpochs: initial.stopEpochs ?? DEFAULT_STOP_EPOCHS,
      previous: null,
      pins: [],
      runLabel: '',
      seed: deps.model().seed,
      compare: COMPARE_OFF,
      run: 0,
    };
    this.modes = new ModesMeter(
      (sample, repeats) => this.client.inference(sample, repeats),
      this.now,
      () => {
        const { state, testInTrainingMode, inference, run } = this.view;
        const live = state.status === 'running' || state.status === 'paused' || state.status === 'diverged';
        return { on: testInTrainingMode, live, running: state.status === 'running', step: state.step, shownStep: inference?.step ?? null, run };
      },
      (result) => {
        this.view = 'report' in result ? { ...this.view, inference: result.report, inferenceProblem: null } : { ...this.view, inferenceProblem: result.problem };
        this.publish();
      },
    );
    this.urlValue = urlOf(this.view.settings, 0, this.view.stopEpochs);
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
    this.view = { ...this.view, settings: { ...training.settings }, stopEpochs: training.stopEpochs ?? DEFAULT_STOP_EPOCHS };
    this.check();
    if (training.steps > 0) this.dispatch({ type: 'replay', steps: training.steps });
    else this.dispatch({ type: 'settings', change: 'restart' });
  }

  setTestInTrainingMode(on: boolean): void {
    if (this.view.testInTrainingMode === on) return;
    this.view = { ...this.view, testInTrainingMode: on, inference: on ? this.view.inference : null, inferenceProblem: null };
    this.client.send({ type: 'eval-mode', training: on });
    // Measured at once, not at the next epoch's end: the learner sees what the switch does.
    if (on) this.modes.measure(true);
    this.publish();
  }

  /** The comparison of modes again, on test sample `sample` (-1: the first whose predictions differ in training mode). */
  measureModesOn(sample: number): void {
    this.modes.sample = sample;
    this.modes.measure(true);
  }

  /** Play's pace in steps a second (null: full speed). Each step is the same at any pace. */
  setPace(stepsPerSecond: number | null): void {
    if (this.view.pace === stepsPerSecond) return;
    this.view = { ...this.view, pace: stepsPerSecond };
    this.client.send({ type: 'pace', stepsPerSecond });
    this.publish();
  }

  /** The stopping rule: pause at the end of every `epochs` epochs (0: never). */
  setStopEpochs(epochs: number): void {
    if (this.view.stopEpochs === epochs) return;
    this.view = { ...this.view, stopEpochs: epochs };
    if (this.view.state.status === 'running') this.client.send({ type: 'stop-at', epoch: this.stopEpoch() });
    this.updateUrl(true);
    this.publish();
  }

  /** Paused by the stopping rule: at the end of a multiple of its epochs. */
  get stoppedByRule(): boolean {
    const { state, stopEpochs, batchesPerEpoch } = this.view;
    return state.status === 'paused' && stopEpochs > 0 && batchesPerEpoch !== null && state.step > 0 && state.step % (stopEpochs * batchesPerEpoch) === 0;
  }

  private stopEpoch(): number | null {
    return nextStopEpoch(this.view.state.step, this.view.batchesPerEpoch, this.view.stopEpochs);
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

  /**
   * The store's model changed: a different network (layers, input, seed) starts over from the
   * seed, and the run it leaves stays as the faded "previous run". Back to that run's network
   * by Undo (or Redo: `undo`) with the same settings, the run comes back: replayed from the seed
   * to its step. An edit that happens to rebuild the same network is a new run, as it says.
   */
  modelChanged(model: NetworkModel, undo = false): void {
    const key = this.keyOf(model);
    if (key === this.networkKey) return;
    const leaving = this.leavingRun();
    const back = this.view.previous;
    this.networkKey = key;
    this.check();
    const replay = undo && back !== null && back.networkKey === key && back.steps !== null && back.steps > 0 && changeKind(back.settings, this.view.settings) === 'none';
    this.view = { ...this.view, previous: leaving ?? (replay ? null : back) };
    if (!replay || back?.steps == null) {
      this.dispatch({ type: 'network-changed' });
      return;
    }
    const running = this.view.state.status === 'running' || this.view.state.playAfterLoad;
    this.dispatch({ type: 'replay', steps: back.steps, play: running });
    if (this.view.state.status === 'loading') {
      this.view = { ...this.view, state: { ...this.view.state, message: `Back to the previous network: its run is replayed from the seed to step ${back.steps}, the same weights.` } };
      this.publish();
    }
  }

  /** Keeps the current run's curves to compare with the next runs (at most MAX_PINS). */
  pin(): void {
    const { epochs, batchesPerEpoch, runLabel: label } = this.view;
    if (!batchesPerEpoch) return;
    this.view = { ...this.view, pins: pinned(this.view.pins, { label, epochs, batchesPerEpoch }) };
    this.publish();
  }

  clearPins(): void {
    this.view = { ...this.view, pins: [], previous: null };
    this.publish();
  }

  /** The run an edit is about to replace, or null when there is none worth keeping. */
  private leavingRun(): PreviousRun | null {
    const { state, epochs, batchesPerEpoch, settings, runLabel: label } = this.view;
    if (state.status === 'idle' || state.status === 'loading' || state.status === 'error' || state.step === 0 || !batchesPerEpoch) return null;
    return { label, epochs, batchesPerEpoch, networkKey: this.networkKey, settings, steps: state.replayable ? state.step : null };
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
    if (event.type === 'worker' && event.message.type === 'progress') this.modes.measure(false);
    this.publish();
  }

  private absorb(message: FromWorker): void {
    // A replaced run's last messages while the new one loads: none of its figures may show
    // beside the new network (the counters once read "Step 109 · 0 epochs done … test 84.9 %").
    if (message.type === 'progress' && (this.view.state.status === 'loading' || this.view.state.status === 'error')) return;
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
        const model = this.deps.model();
        this.view = { ...this.view, runLabel: runLabel(this.view.settings, layerSpecs(model), model.seed), run: this.view.run + 1, epochs: [], trainLoss: Number.NaN, trainAccuracy: null, samplesPerSecond: null, inference: null, inferenceProblem: null, compare: { ...COMPARE_OFF, on: this.view.compare.on } };
        this.client.send({ type: 'setup', setup: this.setupMessage(), steps: intent.steps, seq: intent.seq });
        this.setUpOnce = true;
        this.client.send({ type: 'eval-mode', training: this.view.testInTrainingMode });
        // A restarted worker runs at full speed until told.
        if (this.view.pace !== null) this.client.send({ type: 'pace', stepsPerSecond: this.view.pace });
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
        // The stopping rule's next epoch end, fixed before the steps start: the same step for the same seed.
        this.client.send({ type: 'stop-at', epoch: this.stopEpoch() });
        this.client.send({ type: intent.kind, seq: intent.seq });
        return;
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
    const { state, settings, stopEpochs } = this.view;
    const steps = state.replayable ? state.step : 0;
    if (settings === this.urlValue.settings && steps === this.urlValue.steps && stopEpochs === (this.urlValue.stopEpochs ?? DEFAULT_STOP_EPOCHS)) return;
    const t = this.now();
    if (!now && state.status === 'running' && t - this.lastUrlAt < URL_EVERY_MS) return;
    this.lastUrlAt = t;
    this.urlValue = urlOf(settings, steps, stopEpochs);
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
