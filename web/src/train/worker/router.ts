// The worker's runs: the page's own (messages as they come) and one per embedded element
// ('routed' messages, answered in kind), so every element on a page trains in the one worker
// with its own network, data and optimizer. Runs take turns: each host runs its steps in
// time slices (SLICE_MS) and yields, so several playing elements share the worker's time.
import type { ToWorker } from '../protocol.ts';
import { type HostDeps, TrainHost } from './host.ts';

export class TrainRouter {
  private readonly main: TrainHost;
  private readonly runs = new Map<string, TrainHost>();

  constructor(private readonly deps: HostDeps) {
    this.main = new TrainHost(deps);
  }

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'routed':
        // One level only: an owner's run cannot name another owner.
        if (message.message.type === 'routed' || message.message.type === 'drop') {
          this.deps.post({ type: 'error', message: `a message for ${message.owner} cannot be routed twice` });
          return;
        }
        this.runOf(message.owner).handle(message.message);
        return;
      case 'drop':
        this.runs.get(message.owner)?.dispose();
        this.runs.delete(message.owner);
        return;
      default:
        this.main.handle(message);
    }
  }

  /** How many element runs exist (tests: a dropped element frees its run). */
  get owners(): number {
    return this.runs.size;
  }

  dispose(): void {
    this.main.dispose();
    for (const run of this.runs.values()) run.dispose();
    this.runs.clear();
  }

  private runOf(owner: string): TrainHost {
    let run = this.runs.get(owner);
    if (!run) {
      const post = this.deps.post;
      run = new TrainHost({ ...this.deps, post: (message) => post({ type: 'routed', owner, message }) });
      this.runs.set(owner, run);
    }
    return run;
  }
}
