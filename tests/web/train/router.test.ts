// Several runs in the one worker: the page's own and one per embedded element. In Node against
// the real module: two owners train different networks side by side, each answered in its own
// name, and a dropped owner's run is freed.
import { beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import type { FromWorker } from '../../../web/src/train/protocol';
import { TrainRouter } from '../../../web/src/train/worker/router';
import { useModule } from '../support/module';
import { linear, primeTrainingBuffers, relu, setupFor } from './support';

const fx = useModule();
beforeAll(() => primeTrainingBuffers(fx.ll));
const xor = toyDataset({ kind: 'xor', seed: 42, noise: 0.1 });

function fakeRouter(): { router: TrainRouter; posted: FromWorker[]; drain(): Promise<void> } {
  const posted: FromWorker[] = [];
  const tasks: (() => void)[] = [];
  let clock = 0;
  const router = new TrainRouter({ ll: fx.ll, post: (m) => posted.push(m), loadData: async () => xor, schedule: (fn) => tasks.push(fn), now: () => clock++ });
  return {
    router,
    posted,
    async drain() {
      // Data loads are promises: let them settle between task rounds.
      for (let round = 0; round < 50; round++) {
        await Promise.resolve();
        await new Promise((r) => setTimeout(r, 0));
        for (let i = 0; i < 10_000 && tasks.length > 0; i++) tasks.shift()!();
      }
    },
  };
}

/** The last step count each owner reported ('' for the page's own run). */
function lastSteps(posted: FromWorker[]): Map<string, number> {
  const steps = new Map<string, number>();
  for (const m of posted) {
    const owner = m.type === 'routed' ? m.owner : '';
    const inner = m.type === 'routed' ? m.message : m;
    if (inner.type === 'progress') steps.set(owner, inner.progress.step);
  }
  return steps;
}

describe('TrainRouter', () => {
  it('runs each owner’s training apart, answering in its name', async () => {
    const { router, posted, drain } = fakeRouter();
    router.handle({ type: 'routed', owner: 'a', message: { type: 'setup', setup: setupFor([linear(2, 8), relu, linear(8, 2)], [2]), steps: 30, seq: 1 } });
    router.handle({ type: 'routed', owner: 'b', message: { type: 'setup', setup: setupFor([linear(2, 4), relu, linear(4, 2)], [2]), steps: 12, seq: 1 } });
    await drain();
    expect(lastSteps(posted)).toEqual(new Map([['a', 30], ['b', 12]]));
    expect(router.owners).toBe(2);
    // Each owner's weights are its own network's: (2·8 + 8 + 8·2 + 2) and (2·4 + 4 + 4·2 + 2) numbers.
    router.handle({ type: 'routed', owner: 'a', message: { type: 'weights', id: 7 } });
    router.handle({ type: 'routed', owner: 'b', message: { type: 'weights', id: 8 } });
    const answers = posted.flatMap((m) => (m.type === 'routed' && m.message.type === 'weights' ? [[m.owner, m.message.id, m.message.weights.reduce((n, w) => n + w.length, 0)]] : []));
    expect(answers).toEqual([['a', 7, 42], ['b', 8, 22]]);
    router.dispose();
  });

  it('frees a dropped owner’s run, leaves the others, and refuses a message routed twice', async () => {
    const { router, posted, drain } = fakeRouter();
    for (const owner of ['a', 'b']) router.handle({ type: 'routed', owner, message: { type: 'setup', setup: setupFor([linear(2, 4), linear(4, 2)], [2]), steps: 3, seq: 1 } });
    await drain();
    const before = fx.ll.memoryInUse();
    router.handle({ type: 'drop', owner: 'a' });
    expect(router.owners).toBe(1);
    expect(fx.ll.memoryInUse()).toBeLessThan(before);
    router.handle({ type: 'routed', owner: 'b', message: { type: 'routed', owner: 'c', message: { type: 'play', seq: 2 } } });
    expect(posted.at(-1)).toEqual({ type: 'error', message: 'a message for b cannot be routed twice' });
    expect(router.owners).toBe(1);
    router.dispose();
  });
});
