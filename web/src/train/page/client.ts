// Main-thread side of the training worker: starts it on first use (or start()), checks every message's
// type, and watches it. A worker that fails (error event, out of memory), does not start in
// time, or stops answering while it should be working is terminated and reported through
// onCrash; the next message starts a fresh one. Requests (snapshot, weights) have time limits.
import type { RunRequest } from '../../engine/engine.ts';
import type { Snapshot } from '../../engine/snapshot.ts';
import type { FromWorker, SnapshotWants, ToWorker, TrainSnapshot, WorkerMemory } from '../protocol.ts';
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

  send(message: ToWorker): void {
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
    worker.postMessage(message);
  }

  snapshot(wants: SnapshotWants): Promise<TrainSnapshot> {
    const id = this.nextId++;
    return this.request(id, { type: 'snapshot', id, wants }).then((m) => (m.type === 'snapshot' ? m.snapshot : Promise.reject(new Error('wrong answer'))));
  }

  /** Every parameter of the run (of the no-dropout twin with `twin`). */
  weights(twin = false): Promise<{ step: number; weights: Float32Array[] }> {
    const id = this.nextId++;
    return this.request(id, twin ? { type: 'weights', id, twin } : { type: 'weights', id }).then((m) => (m.type === 'weights' ? { step: m.step, weights: m.weights } : Promise.reject(new Error('wrong answer'))));
  }

  /** The worker's WASM heap and step (tests and the soak). */
  memory(): Promise<WorkerMemory> {
    const id = this.nextId++;
    return this.request(id, { type: 'memory', id }).then((m) => (m.type === 'memory' ? m.memory : Promise.reject(new Error('wrong answer'))));
  }

  /**
   * The block cards' snapshot, from the network the worker trains when it is this one.
   * `owner`: another asker sharing the worker (an element), with an engine of its own there.
   */
  values(request: RunRequest, owner?: string): Promise<Snapshot> {
    const id = this.nextId++;
    return this.request(id, owner === undefined ? { type: 'values', id, request } : { type: 'values', id, request, owner }).then((m) =>
      m.type !== 'values' ? Promise.reject(new Error('wrong answer')) : m.snapshot ? m.snapshot : Promise.reject(new Error(m.error)),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.stop('the page closed');
  }

  private request(id: number, message: ToWorker): Promise<FromWorker> {
    if (this.unavailable !== null) return Promise.reject(new Error(this.unavailable.replace(/\.$/, '')));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the training worker did not answer a ${message.type} request within ${REQUEST_LIMIT_MS / 1000} s`));
      }, REQUEST_LIMIT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.send(message);
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

  private receive(data: unknown): void {
    if (!isFromWorker(data)) {
      this.crash(`it sent a message this page does not know (${JSON.stringify(data)?.slice(0, 60)})`);
      return;
    }
    this.starting = false; // any message says it is up
    if (data.type === 'progress') this.busy = data.progress.running;
    if (data.type === 'diverged' || data.type === 'error') this.busy = false;
    if (data.type === 'loaded') this.busy = false;
    if ((data.type === 'snapshot' || data.type === 'weights' || data.type === 'memory' || data.type === 'values' || data.type === 'refused') && this.pending.has(data.id)) {
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
    this.events.message(data);
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
    if (!this.disposed) this.events.crashed(reason);
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
