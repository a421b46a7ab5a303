// The one place that holds the current model. Edits replace the model (they are the pure
// functions in model/network.ts), then at most one engine run per animation frame turns it
// into a snapshot that every view renders from.
import type { RunRequest } from '../engine/engine.ts';
import type { Snapshot } from '../engine/snapshot.ts';
import { type NetworkModel, layerSpecs } from '../model/network.ts';
import { isBigNetwork } from './cost.ts';
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
}

export type Listener = (state: Readonly<AppState>) => void;

export interface StoreOptions {
  isBig?: (model: NetworkModel) => boolean;
  now?: () => number;
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
  private readonly isBig: (model: NetworkModel) => boolean;
  private readonly now: () => number;

  constructor(
    private readonly runner: Runner,
    model: NetworkModel,
    host: SchedulerHost,
    options: StoreOptions = {},
  ) {
    this.isBig = options.isBig ?? isBigNetwork;
    this.now = options.now ?? (() => performance.now());
    this.state = { model, snapshot: null, computingValues: false, generation: 0, engineError: null, lastFrameMs: null };
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

  /** Applies one edit; an edit that returns the same model does nothing. */
  edit(change: (model: NetworkModel) => NetworkModel): void {
    const next = change(this.state.model);
    if (next === this.state.model) return;
    this.state = { ...this.state, model: next };
    this.scheduler.request();
  }

  /** Replaces the whole model (preset, import, link); typed field text is dropped. */
  replace(model: NetworkModel): void {
    this.state = { ...this.state, model, generation: this.state.generation + 1 };
    this.scheduler.request();
  }

  /** Re-runs and repaints without changing the model (e.g. after a colour-scheme change). */
  refresh(): void {
    this.scheduler.request();
  }

  /** Runs the pending frame now: for the first paint, which need not wait for a frame. */
  flush(): void {
    this.scheduler.flush();
  }

  dispose(): void {
    this.scheduler.dispose();
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
    this.publish(this.run(true), false, started);
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
    this.state = { ...this.state, snapshot: snapshot ?? this.state.snapshot, computingValues };
    for (const listener of this.listeners) listener(this.state);
    this.state = { ...this.state, lastFrameMs: this.now() - started };
  }
}
