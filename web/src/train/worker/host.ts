// The training worker's body as a plain class: messages in, messages out, steps run in time
// slices so Pause, Step and setting messages are handled between slices. train-worker.ts wires
// it to a Web Worker; the tests drive it in Node with the real module and a fake clock.
import type { Dataset } from '../../data/dataset.ts';
import { Engine, type RunRequest } from '../../engine/engine.ts';
import { networkKey } from '../../engine/layer-builder.ts';
import type { LayerlabModule } from '../../engine/layerlab';
import type { EpochRecord, FromWorker, Progress, RunSetup, ToWorker, WorkerMemory } from '../protocol.ts';
import { Trainer } from './trainer.ts';
import { DropoutTwin, type SettingsChange } from './twin.ts';
import type { TrainSettings } from '../../model/training/settings.ts';

/** Longest stretch of steps between two looks at the message queue. */
export const SLICE_MS = 12;
/** While running, progress goes out at most this often (each message is a task on the page). */
export const PROGRESS_MS = 50;
/** Engines kept for other askers (elements on one page); the least recently used goes first. */
export const OWNER_ENGINES = 8;

export interface HostDeps {
  ll: LayerlabModule;
  post(message: FromWorker): void;
  /** Loads (or generates) the set; reports download progress. */
  loadData(setup: RunSetup, onProgress: (received: number, total: number | null) => void): Promise<Dataset>;
  /** Runs fn after pending messages (setTimeout 0 in the worker). */
  schedule(fn: () => void): void;
  now(): number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sameNetwork(setup: RunSetup, request: RunRequest): boolean {
  return networkKey(setup.layers, setup.features, setup.seed) === networkKey(request.layers, request.input.features, request.seed);
}

export class TrainHost {
  private trainer: Trainer | null = null;
  private setup: RunSetup | null = null;
  /** Bumped by every setup: a data load for an older one is dropped. */
  private generation = 0;
  private running = false;
  /** Steps to reach before pausing (a link's replay, or Step), or null. */
  private target: number | null = null;
  private replayTarget = 0;
  private scheduled = false;
  private testInTrainingMode = false;
  private stepLosses: number[] = [];
  private epochs: EpochRecord[] = [];
  private samplesPerSecond: number | null = null;
  private ack = 0;
  private lastPostAt = -Infinity;
  private data: Dataset | null = null;
  /** The no-dropout run, only while the comparison is on. */
  private compareOn = false;
  private twin: DropoutTwin | null = null;
  /** The settings this run started with, and every mid-run change with the step it came at. */
  private runSettings: TrainSettings | null = null;
  private changes: SettingsChange[] = [];
  /** Computes the block cards' snapshots; made on the first values request. */
  private engine: Engine | null = null;
  /** The engines of other askers (elements), least recently used first. */
  private readonly owned = new Map<string, Engine>();

  constructor(private readonly deps: HostDeps) {}

  handle(message: ToWorker): void {
    if ('seq' in message) this.ack = message.seq;
    switch (message.type) {
      case 'setup':
        void this.start(message.setup, message.steps);
        return;
      case 'play':
        if (!this.trainer) return;
        this.target = null;
        this.replayTarget = 0;
        this.running = true;
        this.kick();
        return;
      case 'pause':
        this.running = false;
        this.target = null;
        this.postProgress();
        return;
      case 'step': {
        if (!this.trainer) return;
        // A Step that arrives before the previous one was taken (a quick double click) is one
        // more batch, not the same one again.
        const stepPending = !this.running && this.replayTarget === 0 && this.target !== null;
        this.running = false;
        this.replayTarget = 0;
        this.target = (stepPending && this.target !== null ? this.target : this.trainer.step) + 1;
        this.kick();
        return;
      }
      case 'lr':
        if (this.setup) this.setup = { ...this.setup, settings: { ...this.setup.settings, lr: message.lr } };
        this.trainer?.setLr(message.lr);
        if (this.trainer && this.setup) this.changes.push({ step: this.trainer.step, kind: 'lr', settings: this.setup.settings });
        return;
      case 'optimizer':
        if (this.setup) this.setup = { ...this.setup, settings: message.settings };
        try {
          this.trainer?.replaceOptimizer(message.settings);
          if (this.trainer) this.changes.push({ step: this.trainer.step, kind: 'optimizer', settings: message.settings });
        } catch (error) {
          this.running = false;
          this.deps.post({ type: 'error', message: errorText(error) });
        }
        return;
      case 'eval-mode':
        this.testInTrainingMode = message.training;
        return;
      case 'snapshot':
        if (!this.trainer) return this.deps.post({ type: 'refused', id: message.id, message: 'no training run to take a snapshot of yet' });
        this.deps.post({ type: 'snapshot', id: message.id, snapshot: this.trainer.snapshot(message.wants) });
        return;
      case 'weights':
        if (!this.trainer) return this.deps.post({ type: 'refused', id: message.id, message: 'no training run to read weights from yet' });
        if (message.twin) return this.deps.post({ type: 'weights', id: message.id, step: this.twin?.stepCount ?? 0, weights: this.twin?.parameters() ?? [] });
        this.deps.post({ type: 'weights', id: message.id, step: this.trainer.step, weights: this.trainer.parameters() });
        return;
      case 'memory':
        this.deps.post({ type: 'memory', id: message.id, memory: this.memory() });
        return;
      case 'compare':
        this.compareOn = message.on;
        this.twin?.dispose();
        this.twin = message.on && this.setup && this.data ? this.makeTwin(this.setup, this.data) : null;
        this.postProgress();
        if (this.twin?.behind(this.trainer?.step ?? 0)) this.kick();
        return;
      case 'values':
        this.deps.post(this.values(message.id, message.request, message.owner));
        return;
      case 'crash':
        // Outside any handler, as a real crash would be.
        setTimeout(() => {
          throw new Error('training worker crashed (test)');
        }, 0);
        return;
    }
  }

  private memory(): WorkerMemory {
    const { ll } = this.deps;
    // Embind adds count_emval_handles to every module; layerlab.d.ts does not declare it.
    const emval = (ll as { count_emval_handles?: () => number }).count_emval_handles;
    return { inUse: ll.memoryInUse(), heap: ll.heapSize(), emvalHandles: typeof emval === 'function' ? emval() : null, step: this.trainer?.step ?? null, working: this.active() };
  }

  dispose(): void {
    this.generation++;
    this.dropRun();
    for (const engine of this.owned.values()) engine.dispose();
    this.owned.clear();
  }

  /**
   * Frees the training run, its twin and the values engine, which may hold handles to the
   * run's layers (runWith): at once, not at the next values request.
   */
  private dropRun(): void {
    this.trainer?.dispose();
    this.trainer = null;
    this.twin?.dispose();
    this.twin = null;
    this.engine?.dispose();
    this.engine = null;
  }

  /**
   * The cards' snapshot: from the training run's network when it is the page's network (same
   * layers, input features and seed), so there is one copy of the weights that trains and the
   * cards show it; otherwise from the weights the seed gives (no run, or one being set up).
   * Another asker (`owner`, an element) gets its own engine, and never a training run.
   */
  private values(id: number, request: RunRequest, owner?: string): FromWorker {
    try {
      if (owner !== undefined) return { type: 'values', id, snapshot: this.engineOf(owner).run(request), error: null };
      this.engine ??= new Engine(this.deps.ll);
      const t = this.trainer;
      if (t && this.setup && sameNetwork(this.setup, request)) {
        return { type: 'values', id, snapshot: { ...this.engine.runWith(request, t.network), trainedSteps: t.step }, error: null };
      }
      return { type: 'values', id, snapshot: this.engine.run(request), error: null };
    } catch (error) {
      return { type: 'values', id, snapshot: null, error: errorText(error) };
    }
  }

  /**
   * The engine of `owner`, so elements edited in turn keep their layers instead of rebuilding
   * each other's. The least recently used one goes (its handles freed) beyond OWNER_ENGINES,
   * which also bounds what removed elements leave behind.
   */
  private engineOf(owner: string): Engine {
    const engine = this.owned.get(owner) ?? new Engine(this.deps.ll);
    this.owned.delete(owner);
    this.owned.set(owner, engine);
    for (const [key, old] of this.owned) {
      if (this.owned.size <= OWNER_ENGINES) break;
      old.dispose();
      this.owned.delete(key);
    }
    return engine;
  }

  private async start(setup: RunSetup, steps: number): Promise<void> {
    const generation = ++this.generation;
    this.running = false;
    this.target = null;
    this.dropRun();
    this.data = null;
    this.setup = setup;
    this.runSettings = setup.settings;
    this.changes = [];
    this.stepLosses = [];
    this.epochs = [];
    this.samplesPerSecond = null;
    let data: Dataset;
    try {
      data = await this.deps.loadData(setup, (received, total) => {
        if (generation === this.generation) this.deps.post({ type: 'loading', received, total });
      });
    } catch (error) {
      if (generation === this.generation) this.deps.post({ type: 'error', message: `the data set could not be loaded: ${errorText(error)}` });
      return;
    }
    if (generation !== this.generation) return;
    try {
      this.trainer = new Trainer(this.deps.ll, setup, data);
    } catch (error) {
      this.deps.post({ type: 'error', message: errorText(error) });
      return;
    }
    const t = this.trainer;
    this.data = data;
    if (this.compareOn) this.twin = this.makeTwin(setup, data);
    this.deps.post({
      type: 'loaded',
      dataset: {
        id: setup.settings.dataset,
        name: data.name,
        inputShape: [...data.inputShape],
        numClasses: data.numClasses,
        train: data.train.n,
        test: data.test.n,
        imageShape: data.imageShape ? [data.imageShape[0], data.imageShape[1]] : null,
        classNames: [...data.classNames],
        domain: data.domain ?? null,
      },
      batchesPerEpoch: t.batchesPerEpoch,
    });
    this.replayTarget = steps;
    if (steps > 0) {
      this.target = steps;
      this.kick();
    } else {
      this.postProgress();
    }
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.deps.schedule(() => {
      this.scheduled = false;
      this.slice();
    });
  }

  private active(): boolean {
    const t = this.trainer;
    return t !== null && (this.running || (this.target !== null && t.step < this.target));
  }

  /**
   * The twin starts from the settings the run started with and takes the run's mid-run changes
   * at the steps they came at (twin.step applies them), so one switched on late still trains as
   * the main run did, batch for batch.
   */
  private makeTwin(setup: RunSetup, data: Dataset): DropoutTwin {
    return new DropoutTwin(this.deps.ll, { ...setup, settings: this.runSettings ?? setup.settings }, data);
  }

  /** The twin still has steps to take to reach the main run. */
  private twinBehind(): boolean {
    return this.twin !== null && this.trainer !== null && this.twin.behind(this.trainer.step);
  }

  /**
   * Steps until the slice's time is up, then progress out and, if still going, the next slice.
   * With the comparison on, the twin takes its step right after each main step (and catches
   * up first when switched on mid-run), so both runs see the same batches.
   */
  private slice(): void {
    const t = this.trainer;
    if (!t || !(this.active() || this.twinBehind())) return;
    const started = this.deps.now();
    const deadline = started + SLICE_MS;
    const first = t.step;
    let samples = 0;
    while (this.active() || this.twinBehind()) {
      if (this.twinBehind()) {
        this.twin!.step(this.testInTrainingMode, this.deps.now(), this.changes);
      } else {
        const outcome = t.trainStep(this.testInTrainingMode, (record) => this.epochs.push(record), this.deps.now());
        if (outcome.kind !== 'ok') {
          this.running = false;
          this.target = null;
          this.postProgress();
          if (outcome.kind === 'diverged') this.deps.post({ type: 'diverged', step: t.step, message: outcome.message });
          else this.deps.post({ type: 'error', message: outcome.message });
          return;
        }
        this.stepLosses.push(outcome.loss ?? Number.NaN);
        samples += this.setup?.settings.batchSize ?? 0;
      }
      if (this.deps.now() >= deadline) break;
    }
    const elapsed = this.deps.now() - started;
    if (t.step > first && elapsed > 0) this.samplesPerSecond = (samples / elapsed) * 1000;
    if (this.target !== null && t.step >= this.target) this.target = null;
    const going = this.active() || this.twinBehind();
    const now = this.deps.now();
    if (!going || now - this.lastPostAt >= PROGRESS_MS) {
      this.lastPostAt = now;
      this.postProgress();
    }
    if (going) this.kick();
  }

  private postProgress(): void {
    const t = this.trainer;
    if (!t) return;
    const means = t.runningMeans();
    const progress: Progress = {
      step: t.step,
      epoch: t.epoch,
      batchesPerEpoch: t.batchesPerEpoch,
      trainLoss: means.loss,
      trainAccuracy: means.accuracy,
      stepLosses: Float32Array.from(this.stepLosses),
      epochs: this.epochs,
      samplesPerSecond: this.samplesPerSecond,
      running: this.active(),
      ack: this.ack,
      replayLeft: this.target !== null && this.replayTarget > t.step ? this.replayTarget - t.step : 0,
      compare: this.twin?.progress() ?? null,
    };
    this.stepLosses = [];
    this.epochs = [];
    this.deps.post({ type: 'progress', progress });
  }
}
