// Main-thread side of the values worker (values-worker.ts). One request in flight at a time;
// a newer request replaces the queued one and makes every older promise reject with
// StaleAnswer, and an answer whose id is no longer current is ignored. The worker starts on
// the first request (pages that never grow big never load a second module) and ends on
// dispose().
import type { RunRequest } from './engine.ts';
import type { Snapshot } from './snapshot.ts';
import type { ValuesAnswer, ValuesQuestion } from './values-worker.ts';

export interface ValuesClient {
  compute(request: RunRequest): Promise<Snapshot>;
  dispose(): void;
}

/** The rejection of a request that a newer one replaced (or that dispose() dropped). */
export class StaleAnswer extends Error {
  constructor() {
    super('a newer request replaced this one');
    this.name = 'StaleAnswer';
  }
}

interface Pending {
  id: number;
  request: RunRequest;
  resolve(snapshot: Snapshot): void;
  reject(error: unknown): void;
}

export class WorkerValuesClient implements ValuesClient {
  private worker: Worker | null = null;
  private nextId = 1;
  /** The id the worker is computing, if any. */
  private inFlight: number | null = null;
  /** The newest request; sent when the worker is free. */
  private latest: Pending | null = null;
  private failed: string | null = null;
  private disposed = false;

  constructor(private readonly create: () => Worker = defaultWorker) {}

  compute(request: RunRequest): Promise<Snapshot> {
    if (this.disposed) return Promise.reject(new StaleAnswer());
    if (this.failed) return Promise.reject(new Error(this.failed));
    this.latest?.reject(new StaleAnswer());
    return new Promise<Snapshot>((resolve, reject) => {
      this.latest = { id: this.nextId++, request, resolve, reject };
      this.send();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
    this.latest?.reject(new StaleAnswer());
    this.latest = null;
  }

  private send(): void {
    if (this.inFlight !== null || !this.latest) return;
    const worker = this.ensureWorker();
    if (!worker) return;
    const { id, request } = this.latest;
    this.inFlight = id;
    const question: ValuesQuestion = { id, request };
    worker.postMessage(question);
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    try {
      this.worker = this.create();
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
      return null;
    }
    this.worker.onmessage = (event: MessageEvent<ValuesAnswer>) => this.answer(event.data);
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(`the values worker failed: ${event.message || 'could not load'}`);
    };
    return this.worker;
  }

  private answer(answer: ValuesAnswer): void {
    if (answer.id !== this.inFlight) return;
    this.inFlight = null;
    const current = this.latest;
    if (current && current.id === answer.id) {
      this.latest = null;
      if ('snapshot' in answer) current.resolve(answer.snapshot);
      else current.reject(new Error(answer.error));
    }
    // A stale answer: the newest request goes out now.
    this.send();
  }

  private fail(message: string): void {
    this.failed = message;
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = null;
    this.latest?.reject(new Error(message));
    this.latest = null;
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('./values-worker.ts', import.meta.url), { type: 'module', name: 'layerlab-values' });
}

/** A client when this environment has module workers (the browser), else null (Node). */
export function createValuesClient(): ValuesClient | null {
  return typeof Worker === 'function' ? new WorkerValuesClient() : null;
}
