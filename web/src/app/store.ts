// The one place that holds the current model. Edits replace the model (they are the pure
// functions in model/network.ts), then at most one engine run per animation frame turns it
// into a snapshot that every view renders from.
import type { RunRequest } from '../engine/engine.ts';
import type { Snapshot } from '../engine/snapshot.ts';
import { StaleAnswer, type ValuesClient } from '../engine/values-client.ts';
import { type NetworkModel, layerSpecs } from '../model/network.ts';
import { type BudgetRefusal, explainBudgetRefusal } from './budget-refusal.ts';
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
}

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
   * Computes a big network's values off the main thread (the values worker). Without one
   * (Node, no workers, the custom element) the second phase runs synchronously.
   */
  values?: ValuesClient | null;
}

export function runRequest(model: NetworkModel, values: boolean): RunRequest {
  return {
    layers: layerSpecs(model),
    input: { batch: model.input.batch, features: model.input.features, data: model.input.data },
    training: model.training,
    seed: model.seed,
    values,
  };
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

  /** Runs the pending frame now: for the first paint, which need not wait for a frame. */
  flush(): void {
    this.scheduler.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.version++;
    this.scheduler.dispose();
  }

  private request(): void {
    this.version++; // a pending worker answer is now stale
    this.scheduler.request();
  }

  private frame(): FrameResult {
    const started = this.now();
    const big = this.isBig(this.state.model);
    const snapshot = this.run(!big);
    const later = big && snapshot !== null && snapshot.error === null && !snapshot.valuesComputed && snapshot.valuesSkipped === null;
    this.publish(snapshot, later, started);
    return later ? 'later' : 'done';
  }

  private later(): void {
    const started = this.now();
    if (this.values) {
      this.laterInWorker(this.values);
      return;
    }
    this.publish(this.run(true), false, started);
  }

  /** The second phase off the main thread; "computing values…" stays up until the answer. */
  private laterInWorker(values: ValuesClient): void {
    const version = this.version;
    const model = this.state.model;
    values.compute(runRequest(model, true)).then(
      (snapshot) => {
        if (this.disposed || version !== this.version) return;
        this.state = { ...this.state, engineError: null };
        this.publish(snapshot, false, this.now());
      },
      (error: unknown) => {
        if (this.disposed || version !== this.version || error instanceof StaleAnswer) return;
        // The worker failed (could not load, or its run threw): from now on values are
        // computed here, as without workers.
        if (this.values === values) this.values = null;
        values.dispose();
        const started = this.now();
        this.publish(this.run(true), false, started);
      },
    );
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
      const explained = explainBudgetRefusal(this.state.model, snapshot);
      this.state = { ...this.state, snapshot: explained.snapshot, refusal: explained.refusal, computingValues };
    } else {
      this.state = { ...this.state, computingValues };
    }
    for (const listener of this.listeners) listener(this.state);
    this.state = { ...this.state, lastFrameMs: this.now() - started };
  }
}
