// Main-thread side of the values that come from the worker owning the network (the training
// worker, train/worker/train-worker.ts). One request in flight at a time; a newer request replaces
// the queued one and makes every older promise reject with StaleAnswer, and an answer for a
// request that is no longer current is dropped. The worker itself starts on first use.
import type { RunRequest } from './engine.ts';
import type { Snapshot } from './snapshot.ts';

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
  request: RunRequest;
  resolve(snapshot: Snapshot): void;
  reject(error: unknown): void;
}

/** How a request reaches the worker: its answer, or its failure (the worker stopped, the run threw). */
export type AskValues = (request: RunRequest) => Promise<Snapshot>;

export class CoalescingValuesClient implements ValuesClient {
  /** The request the worker is computing, if any. */
  private inFlight: Pending | null = null;
  /** The newest request; sent when the worker is free. */
  private latest: Pending | null = null;
  private disposed = false;

  constructor(private readonly ask: AskValues) {}

  compute(request: RunRequest): Promise<Snapshot> {
    if (this.disposed) return Promise.reject(new StaleAnswer());
    // Settling twice is harmless: the in-flight answer is dropped when it arrives.
    this.inFlight?.reject(new StaleAnswer());
    this.latest?.reject(new StaleAnswer());
    return new Promise<Snapshot>((resolve, reject) => {
      this.latest = { request, resolve, reject };
      this.send();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inFlight?.reject(new StaleAnswer());
    this.latest?.reject(new StaleAnswer());
    this.latest = null;
  }

  private send(): void {
    if (this.inFlight !== null || !this.latest) return;
    const current = this.latest;
    this.latest = null;
    this.inFlight = current;
    this.ask(current.request).then(
      (snapshot) => this.settle(current, () => current.resolve(snapshot)),
      (error: unknown) => this.settle(current, () => current.reject(error)),
    );
  }

  /** The in-flight request's answer counts only when no newer request came meanwhile. */
  private settle(done: Pending, answer: () => void): void {
    this.inFlight = null;
    if (this.disposed || this.latest !== null) done.reject(new StaleAnswer());
    else answer();
    this.send();
  }
}
