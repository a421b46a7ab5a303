// The one place that holds the current model. Edits replace the model (they are the pure
// functions in model/network/network.ts), then at most one run per animation frame turns it into a
// snapshot that every view renders from: on the page, shapes and counts from the TypeScript
// summary in that frame and the values from the worker that owns the network when it answers.
import type { RunRequest } from '../engine/engine.ts';
import type { BudgetRefusal, Snapshot } from '../engine/snapshot.ts';
import { layerKey, networkKey } from '../engine/layer-builder.ts';
import { StaleAnswer, type ValuesClient } from '../engine/values-client.ts';
import { type NetworkModel, layerSpecs } from '../model/network/network.ts';
import { explainBudgetRefusal } from './budget-refusal.ts';
import { isBigNetwork } from './cost.ts';
import { History } from './history.ts';
import { type FrameResult, type SchedulerHost, FrameScheduler } from './scheduler.ts';

/** The part of the engine the store needs (the real Engine, or a fake in tests). */
export interface Runner {
  run(request: RunRequest): Snapshot;
}

export interface AppState {
  model: NetworkModel;
  /** The engine's answer for `model`; null before the first run. */
  snapshot: Snapshot | null;
  /** Shapes are painted, values for this model are being computed in a later task. */
  computingValues: boolean;
  /** Bumped when the whole model is replaced (preset, import, link): fields drop typed text. */
  generation: number;
  /** Set when the engine itself failed (not a network error, those are in the snapshot). */
  engineError: string | null;
  /** Milliseconds of the previous frame: engine run plus every view's repaint. */
  lastFrameMs: number | null;
  /** Set when the engine refused the network on its memory budget (not a shape error). */
  refusal: BudgetRefusal | null;
  /** How many steps Undo and Redo can take. */
  undoSteps: number;
  redoSteps: number;
  /**
   * The learner started training: the worker owns the weights that change, so every value
   * shown comes from it (never from the page's copy of the seed's weights).
   */
  trainingRun: boolean;
  /** Why the worker's values are missing now (it stopped and is being restarted), or null. */
  valuesProblem: string | null;
  /**
   * Values have been pending for longer than SLOW_VALUES_MS: only then do the views say
   * "computing values…" and dim the last ones, so a quick answer never makes them flicker.
   */
  valuesSlow: boolean;
}

/** How long values may be pending before the views say so. */
export const SLOW_VALUES_MS = 150;

/** A failed values request (the worker stopped) is asked again after this long, this often. */
export const VALUES_RETRY_MS = 1_000;
export const VALUES_RETRIES = 3;

/** Keystrokes in one field closer together than this make one undo step. */
export const MERGE_MS = 1_000;

/**
 * Applies one change to the model. `mergeKey`: keystrokes in one field (same key, in quick
 * succession) make one undo step rather than one per character.
 */
export type Edit = (change: (model: NetworkModel) => NetworkModel, mergeKey?: string) => void;

export type Listener = (state: Readonly<AppState>) => void;

export interface StoreOptions {
  isBig?: (model: NetworkModel) => boolean;
  now?: () => number;
  /**
   * Computes values off the main thread in the worker that owns the network: a big network's
   * always, every network's once training started. Without one (Node, no workers, the custom
   * element) the second phase runs synchronously.
   */
  values?: ValuesClient | null;
  /**
   * Whether `runner` can compute values on this thread (the WASM engine). The page's runner is
   * the TypeScript summary (engine/summary/summary-ts.ts): no WASM on its main thread, every value
   * comes from `values`, and the seed's weights exist once, in the worker.
   */
  valuesHere?: boolean;
}

export function runRequest(model: NetworkModel, values: boolean): RunRequest {
  return {
    layers: layerSpecs(model),
    input: { batch: model.input.batch, features: model.input.features, data: model.input.data, ...(model.input.values ? { values: model.input.values } : {}) },
    training: model.training,
    seed: model.seed,
    values,
  };
}

function weightsKey(model: NetworkModel): string {
  return networkKey(layerSpecs(model), model.input.features, model.seed);
}

/** What each block's initial weights depend on (layer-builder.ts): equal keys, equal weights. */
function blockWeightKeys(model: NetworkModel): string[] {
  return layerSpecs(model).map((spec, i) => layerKey(spec, i, model.seed));
}

/** The snapshot with no values and no weights: for when the only ones at hand are stale. */
function withoutValues(snapshot: Snapshot): Snapshot {
  return { ...snapshot, input: null, valuesComputed: false, forwardMs: null, blocks: snapshot.blocks.map((b) => ({ ...b, weights: null, values: null, dropout: null })) };
}

export class Store {
  private state: AppState;
  private readonly listeners: Listener[] = [];
  private readonly scheduler: FrameScheduler;
  private readonly history = new History<NetworkModel>();
  /** The last edit's merge key and time (see edit). */
  private lastMerge: { key: string | null; at: number } = { key: null, at: 0 };
  private readonly isBig: (model: NetworkModel) => boolean;
  private readonly now: () => number;
  private values: ValuesClient | null;
  /** Bumped on every request for a new frame: an answer for an older one is stale. */
  private version = 0;
  /** The values request out now (its token), or null. */
  private asking: object | null = null;
  /** refreshValues was called while a request was out: ask again once it is answered. */
  private refreshWaiting = false;
  /** The network (layers, features, seed) the shown trained weights belong to, or null. */
  private lastWeightsKey: string | null = null;
  /** Per block, what the shown initial (seed) weights belong to; empty when none are shown. */
  private lastBlockKeys: string[] = [];
  /** The worker's heap and kernel, for the snapshots of the TypeScript summary (which has none). */
  private workerFigures: Pick<Snapshot, 'memory' | 'kernel'> | null = null;
  private readonly valuesHere: boolean;
  private readonly host: SchedulerHost;
  private slowTimer: number | null = null;
  private retryTimer: number | null = null;
  /** Failed values requests in a row for the current version. */
  private retries = 0;
  private disposed = false;

  constructor(
    private readonly runner: Runner,
    model: NetworkModel,
    host: SchedulerHost,
    options: StoreOptions = {},
  ) {
    this.isBig = options.isBig ?? isBigNetwork;
    this.now = options.now ?? (() => performance.now());
    this.values = options.values ?? null;
    this.valuesHere = options.valuesHere ?? true;
    if (!this.valuesHere && !this.values) throw new Error('Store: a runner that computes no values needs a values client');
    this.host = host;
    this.state = {
      model,
      snapshot: null,
      computingValues: false,
      generation: 0,
      engineError: null,
      lastFrameMs: null,
      refusal: null,
      undoSteps: 0,
      redoSteps: 0,
      trainingRun: false,
      valuesProblem: null,
      valuesSlow: false,
    };
    this.scheduler = new FrameScheduler(host, { frame: () => this.frame(), later: () => this.later() });
    this.scheduler.request();
  }

  get model(): NetworkModel {
    return this.state.model;
  }

  get current(): Readonly<AppState> {
    return this.state;
  }

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Applies one edit (undoable); an edit that returns the same model does nothing. Edits with
   * the same `mergeKey` less than MERGE_MS apart (typing in one field) are one undo step.
   */
  edit(change: (model: NetworkModel) => NetworkModel, mergeKey?: string): void {
    const next = change(this.state.model);
    if (next === this.state.model) return;
    const now = this.now();
    const merges = mergeKey !== undefined && mergeKey === this.lastMerge.key && now - this.lastMerge.at < MERGE_MS;
    if (!merges) this.history.record(this.state.model);
    this.lastMerge = { key: mergeKey ?? null, at: now };
    this.state = { ...this.state, model: next, ...this.steps() };
    this.request();
  }

  /** Replaces the whole model (preset, import, link; undoable); typed field text is dropped. */
  replace(model: NetworkModel): void {
    // The same model again (a preset clicked twice) still resets typed text, but is no step.
    if (model !== this.state.model) this.history.record(this.state.model);
    this.lastMerge = { key: null, at: 0 };
    this.state = { ...this.state, model, generation: this.state.generation + 1, ...this.steps() };
    this.request();
  }

  /** Goes back one edit; false when there is nothing to undo. */
  undo(): boolean {
    return this.travel(this.history.undo(this.state.model));
  }

  /** Goes forward again after an undo; false when there is nothing to redo. */
  redo(): boolean {
    return this.travel(this.history.redo(this.state.model));
  }

  private travel(model: NetworkModel | null): boolean {
    if (model === null) return false;
    this.lastMerge = { key: null, at: 0 };
    // A new generation: fields drop typed text and show the restored values.
    this.state = { ...this.state, model, generation: this.state.generation + 1, ...this.steps() };
    this.request();
    return true;
  }

  private steps(): { undoSteps: number; redoSteps: number } {
    return { undoSteps: this.history.undoSteps, redoSteps: this.history.redoSteps };
  }

  /** Re-runs and repaints without changing the model (e.g. after a colour-scheme change). */
  refresh(): void {
    this.request();
  }

  /**
   * Training started (or the page learnt it has a run): from now on values come from the
   * worker that trains, so the cards never show the seed's weights for a trained network.
   */
  startTrainingRun(): void {
    if (this.state.trainingRun) return;
    this.state = { ...this.state, trainingRun: true };
    this.request();
  }

  /**
   * The worker's weights changed (steps taken, Reset, a restart): asks it for fresh values of
   * the current model without re-running the shapes. The caller limits how often (about 10 a
   * second while training runs).
   */
  refreshValues(): void {
    const values = this.values;
    const snapshot = this.state.snapshot;
    if (!values || !this.state.trainingRun || this.disposed || this.scheduler.busy || !snapshot || snapshot.error !== null) return;
    if (this.asking !== null) {
      this.refreshWaiting = true;
      return;
    }
    this.laterInWorker(values);
  }

  /** Runs the pending frame now: for the first paint, which need not wait for a frame. */
  flush(): void {
    this.scheduler.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.version++;
    this.scheduler.dispose();
    this.clearTimers();
  }

  private request(): void {
    this.version++; // a pending worker answer is now stale
    this.retries = 0;
    if (this.retryTimer !== null) this.host.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.scheduler.request();
  }

  private clearTimers(): void {
    if (this.slowTimer !== null) this.host.clearTimer(this.slowTimer);
    if (this.retryTimer !== null) this.host.clearTimer(this.retryTimer);
    this.slowTimer = null;
    this.retryTimer = null;
  }

  private frame(): FrameResult {
    const started = this.now();
    const big = !this.valuesHere || this.isBig(this.state.model) || (this.state.trainingRun && this.values !== null);
    const snapshot = this.keepWeights(this.run(!big));
    // A network that fails at block k > 0 still has values for the blocks before it.
    const runnable = snapshot !== null && (snapshot.failure === null || snapshot.failure.block > 0);
    const later = big && snapshot !== null && runnable && !snapshot.valuesComputed && snapshot.valuesSkipped === null;
    // Asked before the views render: the worker computes while this thread renders and paints
    // (its answer arrives as a later task, so the shapes are always published first).
    if (later && this.values) this.laterInWorker(this.values);
    this.publish(snapshot, later, started);
    return later && !this.values ? 'later' : 'done';
  }

  private later(): void {
    const started = this.now();
    if (this.values) {
      this.laterInWorker(this.values);
      return;
    }
    this.publish(this.run(true), false, started);
  }

  /** The second phase off the main thread; "computing values…" shows if it takes a while. */
  private laterInWorker(values: ValuesClient): void {
    const version = this.version;
    const model = this.state.model;
    const asking = {};
    this.asking = asking;
    // A refresh that came while this was out goes next: replacing the request in flight every
    // time would starve the cards when one answer takes longer than the gap between refreshes.
    const answered = (): void => {
      if (this.asking !== asking) return;
      this.asking = null;
      if (this.refreshWaiting) {
        this.refreshWaiting = false;
        this.refreshValues();
      }
    };
    values.compute(runRequest(model, true)).then(
      (snapshot) => {
        if (!this.disposed && version === this.version) {
          this.retries = 0;
          this.workerFigures = { memory: snapshot.memory, kernel: snapshot.kernel };
          this.state = { ...this.state, engineError: null, valuesProblem: null };
          this.publish(snapshot, false, this.now());
        }
        answered();
      },
      (error: unknown) => {
        if (!(this.disposed || version !== this.version || error instanceof StaleAnswer)) this.valuesFailed(error);
        answered();
      },
    );
  }

  private valuesFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.state.trainingRun || !this.valuesHere) {
      // No copy here holds the worker's weights (during a run, this page's copy holds the
      // seed's; the page has no copy at all): show none rather than stale ones. The restarted
      // worker's next progress asks again (refreshValues), and without a run so does a retry.
      this.state = { ...this.state, valuesProblem: `Values unavailable: ${message}.` };
      const snapshot = this.state.snapshot;
      this.publish(snapshot && snapshot.error === null ? withoutValues(snapshot) : snapshot, false, this.now());
      if (!this.state.trainingRun) this.retryLater();
      return;
    }
    // No training yet: the seed's weights here are the network's, so this page computes
    // this request's values itself.
    const started = this.now();
    this.publish(this.run(true), false, started);
  }

  /** Asks the worker again for the current version's values, a few times, then gives up until the next edit. */
  private retryLater(): void {
    if (this.disposed || this.retries >= VALUES_RETRIES || this.retryTimer !== null || !this.values) return;
    this.retries++;
    const version = this.version;
    this.retryTimer = this.host.setTimer(() => {
      this.retryTimer = null;
      if (this.disposed || version !== this.version || !this.values) return;
      this.publish(this.state.snapshot, true, this.now());
      this.laterInWorker(this.values);
    }, VALUES_RETRY_MS);
  }

  /**
   * The shapes phase gives weights that are not the ones shown, or none (the TypeScript
   * summary): the cards keep the weights they show while they are still the network's, until
   * the worker's values arrive. During a training run those are the worker's trained weights,
   * kept while the network is the same; otherwise each block's seed weights, kept while that
   * block's spec, position and seed are.
   */
  private keepWeights(snapshot: Snapshot | null): Snapshot | null {
    const last = this.state.snapshot;
    if (!snapshot || !last || snapshot.error !== null) return snapshot;
    if (this.state.trainingRun && last.trainedSteps !== null) {
      if (last.blocks.length !== snapshot.blocks.length || last.blocks.some((b, i) => b.name !== snapshot.blocks[i]!.name)) return snapshot;
      if (!this.sameWeightsSource()) return snapshot;
      return { ...snapshot, trainedSteps: last.trainedSteps, blocks: snapshot.blocks.map((b, i) => ({ ...b, weights: last.blocks[i]!.weights })) };
    }
    if (last.trainedSteps !== null || this.lastBlockKeys.length === 0) return snapshot;
    const keys = blockWeightKeys(this.state.model);
    return {
      ...snapshot,
      blocks: snapshot.blocks.map((b, i) => (b.weights === null && keys[i] === this.lastBlockKeys[i] ? { ...b, weights: last.blocks[i]?.weights ?? null } : b)),
    };
  }

  /** Whether the shown trained weights belong to the current model's layers, features and seed. */
  private sameWeightsSource(): boolean {
    return this.lastWeightsKey !== null && this.lastWeightsKey === weightsKey(this.state.model);
  }

  private run(values: boolean): Snapshot | null {
    try {
      const snapshot = this.runner.run(runRequest(this.state.model, values));
      this.state = { ...this.state, engineError: null };
      return snapshot;
    } catch (error) {
      this.state = { ...this.state, engineError: error instanceof Error ? error.message : String(error) };
      return null;
    }
  }

  private publish(snapshot: Snapshot | null, computingValues: boolean, started: number): void {
    // On an engine failure the last good snapshot keeps showing.
    if (snapshot) {
      this.lastWeightsKey = snapshot.trainedSteps === null ? null : weightsKey(this.state.model);
      if (snapshot.valuesComputed || snapshot.blocks.some((b) => b.weights !== null)) this.lastBlockKeys = blockWeightKeys(this.state.model);
      // The TypeScript summary knows no heap or kernel: the worker's last ones stand.
      const figures = snapshot.kernel === '' && this.workerFigures ? { ...snapshot, ...this.workerFigures } : snapshot;
      const explained = explainBudgetRefusal(this.state.model, figures);
      this.state = { ...this.state, snapshot: explained.snapshot, refusal: explained.refusal, computingValues };
    } else {
      this.state = { ...this.state, computingValues };
    }
    this.watchSlowValues(computingValues);
    for (const listener of this.listeners) listener(this.state);
    this.state = { ...this.state, lastFrameMs: this.now() - started };
  }

  /** valuesSlow follows computingValues after SLOW_VALUES_MS (see AppState). */
  private watchSlowValues(computing: boolean): void {
    if (!computing) {
      if (this.slowTimer !== null) this.host.clearTimer(this.slowTimer);
      this.slowTimer = null;
      if (this.state.valuesSlow) this.state = { ...this.state, valuesSlow: false };
      return;
    }
    if (this.state.valuesSlow || this.slowTimer !== null) return;
    this.slowTimer = this.host.setTimer(() => {
      this.slowTimer = null;
      if (this.disposed || !this.state.computingValues) return;
      this.state = { ...this.state, valuesSlow: true };
      for (const listener of this.listeners) listener(this.state);
    }, SLOW_VALUES_MS);
  }
}
