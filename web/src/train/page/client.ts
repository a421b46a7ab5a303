// Main-thread side of the training worker: starts it on first use (or start()), checks every message's
// type, and watches it. A worker that fails (error event, out of memory), does not start in
// time, or stops answering while it should be working is terminated and reported through
// onCrash; the next message starts a fresh one. Requests (snapshot, weights) have time limits.
import type { RunRequest } from '../../engine/engine.ts';
import type { Snapshot } from '../../engine/snapshot.ts';
import type { FromWorker, InferenceReport, SnapshotWants, ToWorker, TrainSnapshot, WorkerMemory } from '../protocol.ts';
import { isFromWorker } from '../protocol.ts';
import workerUrl from '../worker/train-worker.ts?worker&url';

/** A worker that sends nothing for this long while it should be working counts as hung. */
export const SILENCE_LIMIT_MS = 30_000;
export const REQUEST_LIMIT_MS = 15_000;

export interface TrainClientEvents {
  message(message: FromWorker): void;
  crashed(reason: string): void;
}

export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror?: ((event: MessageEvent<unknown>) => void) | null;
}

/**
 * Events connected after the client exists: the page makes the worker's client first (the
 * store asks it for values) and the training controller attaches to it later.
 */
export class TrainEventRelay implements TrainClientEvents {
  target: TrainClientEvents | null = null;
  message(message: FromWorker): void {
    this.target?.message(message);
  }
  crashed(reason: string): void {
    this.target?.crashed(reason);
  }
}

/** What one run talks through: the page's client itself, or an element's channel(). */
export type TrainChannel = Pick<TrainClient, 'send' | 'snapshot' | 'weights' | 'inference' | 'memory' | 'values' | 'dispose'>;

/**
 * An element's run in the shared worker: its messages go out wrapped ('routed', with the
 * owner's name) and its answers come back to `events` alone. Disposing it frees the run there.
 */
export class OwnerChannel implements TrainChannel {
  readonly events = new TrainEventRelay();
  constructor(
    private readonly client: TrainClient,
    readonly owner: string,
  ) {}
  send(message: ToWorker): void {
    this.client.send(message, this.owner);
  }
  snapshot(wants: SnapshotWants): Promise<TrainSnapshot> {
    return this.client.snapshot(wants, this.owner);
  }
  weights(twin = false): Promise<{ step: number; weights: Float32Array[] }> {
    return this.client.weights(twin, this.owner);
  }

  inference(sample: number, repeats: number): Promise<InferenceReport> {
    return this.client.inference(sample, repeats, this.owner);
  }
  memory(): Promise<WorkerMemory> {
    return this.client.memory(this.owner);
  }
  values(request: RunRequest): Promise<Snapshot> {
    return this.client.values(request, undefined, this.owner);
  }
  dispose(): void {
    this.client.drop(this.owner);
  }
}

interface Pending {
  resolve(message: FromWorker): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class TrainClient {
  private worker: WorkerLike | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  /** Messages that expect the worker to keep talking (setup, play, step). */
  private busy = false;
  /** A fresh worker must at least say it is ready. */
  private starting = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The elements' runs, by owner name. */
  private readonly routes = new Map<string, OwnerChannel>();
  private disposed = false;

  constructor(
    private readonly events: TrainClientEvents,
    private readonly create: () => WorkerLike = defaultWorker,
    private readonly silenceLimitMs = SILENCE_LIMIT_MS,
    /**
     * Why no worker can run in this browser (support.ts), or null. Then none is ever started:
     * work (setup, play, step) is answered with an error saying so and requests fail with it,
     * so nothing is restarted in a loop.
     */
    private readonly unavailable: string | null = null,
  ) {}

  /** Starts the worker ahead of its first message (the page does, so WASM loads meanwhile). */
  start(): void {
    if (this.disposed || this.worker || this.unavailable !== null) return;
    if (this.ensure()) this.arm();
  }

  /** `owner`: the message is for that element's run (see channel()). */
  send(message: ToWorker, owner?: string): void {
    if (this.disposed) return;
    if (this.unavailable !== null) {
      const reason = this.unavailable;
      if (message.type === 'setup' || message.type === 'play' || message.type === 'step') queueMicrotask(() => this.events.message({ type: 'error', message: reason }));
      return;
    }
    const worker = this.ensure();
    if (!worker) return;
    if (message.type === 'setup' || message.type === 'play' || message.type === 'step') this.busy = true;
    if (message.type === 'pause') this.busy = false;
    this.arm();
    worker.postMessage(owner === undefined ? message : { type: 'routed', owner, message });
  }

  /** The channel of `owner`'s run (an element's), made on first use. */
  channel(owner: string): OwnerChannel {
    let channel = this.routes.get(owner);
    if (!channel) {
      channel = new OwnerChannel(this, owner);
      this.routes.set(owner, channel);
    }
    return channel;
  }

  /** Frees `owner`'s run in the worker and forgets its channel. */
  drop(owner: string): void {
    if (!this.routes.delete(owner) || this.disposed || !this.worker) return;
    this.worker.postMessage({ type: 'drop', owner });
  }

  snapshot(wants: SnapshotWants, owner?: string): Promise<TrainSnapshot> {
    const id = this.nextId++;
    return this.request(id, { type: 'snapshot', id, wants }, owner).then((m) => (m.type === 'snapshot' ? m.snapshot : Promise.reject(new Error('wrong answer'))));
  }

  /** Every parameter of the run (of the no-dropout twin with `twin`). */
  weights(twin = false, owner?: string): Promise<{ step: number; weights: Float32Array[] }> {
    const id = this.nextId++;
    return this.request(id, twin ? { type: 'weights', id, twin } : { type: 'weights', id }, owner).then((m) => (m.type === 'weights' ? { step: m.step, weights: m.weights } : Promise.reject(new Error('wrong answer'))));
  }

  /** The worker's WASM heap and step (tests and the soak). */
  memory(owner?: string): Promise<WorkerMemory> {
    const id = this.nextId++;
    return this.request(id, { type: 'memory', id }, owner).then((m) => (m.type === 'memory' ? m.memory : Promise.reject(new Error('wrong answer'))));
  }

  /** The test set in both modes and one sample predicted `repeats` times in each. */
  inference(sample: number, repeats: number, owner?: string): Promise<InferenceReport> {
    const id = this.nextId++;
    return this.request(id, { type: 'inference', id, sample, repeats }, owner).then((m) => (m.type === 'inference' ? m.report : Promise.reject(new Error('wrong answer'))));
  }

  /**
   * The block cards' snapshot, from the network the worker trains when it is this one.
   * `owner`: another asker sharing the worker (an element), with an engine of its own there.
   */
  values(request: RunRequest, owner?: string, route?: string): Promise<Snapshot> {
    const id = this.nextId++;
    return this.request(id, owner === undefined ? { type: 'values', id, request } : { type: 'values', id, request, owner }, route).then((m) =>
      m.type !== 'values' ? Promise.reject(new Error('wrong answer')) : m.snapshot ? m.snapshot : Promise.reject(new Error(m.error)),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.stop('the page closed');
  }

  private request(id: number, message: ToWorker, owner?: string): Promise<FromWorker> {
    if (this.unavailable !== null) return Promise.reject(new Error(this.unavailable.replace(/\.$/, '')));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the training worker did not answer a ${message.type} request within ${REQUEST_LIMIT_MS / 1000} s`));
      }, REQUEST_LIMIT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.send(message, owner);
    });
  }

  private ensure(): WorkerLike | null {
    if (this.worker) return this.worker;
    try {
      this.worker = this.create();
    } catch (error) {
      queueMicrotask(() => this.events.crashed(`it could not be started: ${error instanceof Error ? error.message : String(error)}`));
      return null;
    }
    this.starting = true;
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.crash(event.message || 'it failed to load or ran out of memory');
    };
    this.worker.onmessageerror = () => this.crash('a message could not be read');
    return this.worker;
  }

  private receive(received: unknown): void {
    if (!isFromWorker(received)) {
      this.crash(`it sent a message this page does not know (${JSON.stringify(received)?.slice(0, 60)})`);
      return;
    }
    const routed = received.type === 'routed' ? received : null;
    const data = routed ? routed.message : received;
    if (!isFromWorker(data) || data.type === 'routed') {
      this.crash(`it sent a routed message this page does not know (${JSON.stringify(data)?.slice(0, 60)})`);
      return;
    }
    this.starting = false; // any message says it is up
    if (data.type === 'progress') this.busy = data.progress.running;
    if (data.type === 'diverged' || data.type === 'error') this.busy = false;
    if (data.type === 'loaded') this.busy = false;
    if ((data.type === 'snapshot' || data.type === 'weights' || data.type === 'inference' || data.type === 'memory' || data.type === 'values' || data.type === 'refused') && this.pending.has(data.id)) {
      const p = this.pending.get(data.id)!;
      this.pending.delete(data.id);
      clearTimeout(p.timer);
      // Armed only after the answered request is gone: an idle worker that answered its last
      // request owes nothing, and must not be declared hung 30 s later.
      this.arm();
      if (data.type === 'refused') p.reject(new Error(`the training worker could not answer: ${data.message}`));
      else p.resolve(data);
      return;
    }
    this.arm();
    if (routed) this.routes.get(routed.owner)?.events.message(data);
    else this.events.message(data);
  }

  /** (Re)starts the silence timer while the worker is expected to talk. */
  private arm(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
    if (!this.busy && !this.starting && this.pending.size === 0) return;
    this.watchdog = setTimeout(() => this.crash(`it sent nothing for ${this.silenceLimitMs / 1000} s`), this.silenceLimitMs);
  }

  private crash(reason: string): void {
    this.stop(reason);
    if (this.disposed) return;
    this.events.crashed(reason);
    for (const channel of this.routes.values()) channel.events.crashed(reason);
  }

  private stop(reason: string): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
    this.busy = false;
    this.starting = false;
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the training worker stopped: ${reason}`));
    }
    this.pending.clear();
  }
}

let blobUrl: string | null = null;

/**
 * The worker, a module beside this one. A worker's script must come from the page's own
 * origin, so where this module was loaded from another origin (the custom element's CORS
 * set-up) it starts a blob: module that imports the worker by URL.
 */
function defaultWorker(): WorkerLike {
  const url = new URL(workerUrl, import.meta.url);
  const options: WorkerOptions = { type: 'module', name: 'layerlab-train' };
  if (url.origin === location.origin) return new Worker(url, options) as unknown as WorkerLike;
  blobUrl ??= URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};\n`], { type: 'text/javascript' }));
  return new Worker(blobUrl, options) as unknown as WorkerLike;
}
