// The worker's logic in Node, against the real WASM module: the Trainer (same initial
// weights as the page, deterministic steps, divergence, budget, snapshots) and the TrainHost
// (time slices, replay, pause) with a fake clock and scheduler.
import { beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import { Engine } from '../../../web/src/engine/engine';
import { valueStats } from '../../../web/src/engine/stats';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { OWNER_ENGINES, TrainHost } from '../../../web/src/train/worker/host';
import type { FromWorker } from '../../../web/src/train/protocol';
import { Trainer } from '../../../web/src/train/worker/trainer';
import { useModule } from '../support/module';
import { dataBuilt, fakeHost, imageSet, linear, noop, primeTrainingBuffers, progresses, relu, setupFor, trainSteps } from './support';

const fx = useModule();

beforeAll(() => primeTrainingBuffers(fx.ll));
const xor = toyDataset({ kind: 'xor', seed: 42, noise: 0.1 });
const toyNet: LayerSpec[] = [linear(2, 16), { kind: 'tanh' }, { kind: 'dropout', p: 0.2 }, linear(16, 2)];

const train = trainSteps;

describe('Trainer', () => {
  it('starts from the weights the page shows (same seed, same per-layer seeds as the Engine)', () => {
    const layers = [linear(2, 16), relu, linear(16, 2)];
    const engine = new Engine(fx.ll);
    const trainer = new Trainer(fx.ll, setupFor(layers, [2], { dataset: 'xor' }, 7), xor);
    try {
      const snap = engine.run({ layers, input: { batch: 4, features: [2], data: 'normal' }, training: false, seed: 7, values: false });
      const params = trainer.parameters();
      expect(valueStats(params[0]!)).toEqual(snap.blocks[0]!.weights!.stats);
      expect(valueStats(params[2]!)).toEqual(snap.blocks[2]!.weights!.stats);
    } finally {
      trainer.dispose();
      engine.dispose();
    }
  });

  it('is deterministic: the same steps give the same weights bit for bit, dropout included', () => {
    const setup = setupFor(toyNet, [2], { dataset: 'xor', batchSize: 10, optimizer: 'sgd', lr: 0.1, nesterov: true });
    const a = new Trainer(fx.ll, setup, xor);
    const b = new Trainer(fx.ll, setup, xor);
    try {
      train(a, 60);
      // b is interrupted: evaluations in training mode in between draw dropout masks too.
      for (let i = 0; i < 60; i++) {
        expect(b.trainStep(true, noop).kind).toBe('ok');
        if (i % 7 === 0) b.evaluateTest(true);
      }
      expect(b.parameters()).toEqual(a.parameters());
      expect(a.step).toBe(60);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('trains XOR with BCE on one logit and cross-entropy on two; MSE has no accuracy of its own', () => {
    const bceNet: LayerSpec[] = [linear(2, 16), { kind: 'tanh' }, linear(16, 1)];
    const bce = new Trainer(fx.ll, setupFor(bceNet, [2], { dataset: 'xor', loss: 'bce', lr: 0.03 }), xor);
    const ce = new Trainer(fx.ll, setupFor(toyNet, [2], { dataset: 'xor', lr: 0.03 }), xor);
    const mse = new Trainer(fx.ll, setupFor(toyNet, [2], { dataset: 'xor', loss: 'mse', lr: 0.03 }), xor);
    try {
      for (const t of [bce, ce, mse]) train(t, 300);
      expect(bce.evaluateTest(false).accuracy).toBeGreaterThan(0.85);
      expect(ce.evaluateTest(false).accuracy).toBeGreaterThan(0.85);
      expect(mse.evaluateTest(false).accuracy).toBeGreaterThan(0.8);
      expect(mse.runningMeans().accuracy).toBeNull();
    } finally {
      for (const t of [bce, ce, mse]) t.dispose();
    }
  });

  it('the test set in training mode (Dropout left on) scores differently; evaluation mode is repeatable', () => {
    const net: LayerSpec[] = [linear(2, 32), relu, { kind: 'dropout', p: 0.5 }, linear(32, 2)];
    const t = new Trainer(fx.ll, setupFor(net, [2], { dataset: 'xor', lr: 0.03 }), xor);
    try {
      train(t, 200);
      const evalMode = t.evaluateTest(false);
      expect(t.evaluateTest(false)).toEqual(evalMode);
      expect(t.evaluateTest(true).loss).not.toBe(evalMode.loss);
    } finally {
      t.dispose();
    }
  });

  it('a diverging learning rate pauses with a plain message and keeps finite, last-good weights', () => {
    const t = new Trainer(fx.ll, setupFor([linear(2, 64), relu, linear(64, 2)], [2], { dataset: 'xor', optimizer: 'sgd', lr: 100, batchSize: 50 }), xor);
    try {
      const initial = t.parameters();
      let outcome = t.trainStep(false, noop, 0);
      for (let i = 0; i < 50 && outcome.kind === 'ok'; i++) outcome = t.trainStep(false, noop, 0);
      expect(outcome.kind).toBe('diverged');
      if (outcome.kind !== 'diverged') return;
      expect(outcome.message).toMatch(/^Training diverged at step \d+: .*paused.*last good/);
      // The clock never moved: the last good copy is the one taken before the first step.
      expect(t.parameters()).toEqual(initial);
      expect(t.step).toBe(0);
      t.setLr(0.01);
      expect(t.trainStep(false, noop, 0).kind).toBe('ok');
    } finally {
      t.dispose();
    }
  });

  it('a batch-1 run at a small learning rate is never taken for a diverging one', () => {
    // One sample's loss can be a hundredth of the mean (a confident right answer): the yardstick
    // for an exploded loss must be the initial network's mean loss, not the first batch's. With
    // the first batch's, these seeds "diverged" within 3 steps at lr 3e-4.
    const circle = toyDataset({ kind: 'circle', seed: 42, noise: 0.1 });
    const he = (inF: number, out: number): LayerSpec => ({ kind: 'linear', in: inF, out, bias: true, init: 'he' });
    const layers = [he(2, 64), relu, he(64, 64), relu, he(64, 2)];
    for (const seed of [6, 8, 11]) {
      const t = new Trainer(fx.ll, setupFor(layers, [2], { dataset: 'circle', optimizer: 'sgd', lr: 3e-4, batchSize: 1 }, seed), circle);
      try {
        const outcomes = new Set<string>();
        for (let i = 0; i < 500; i++) outcomes.add(t.trainStep(false, noop).kind);
        expect([...outcomes], `seed ${seed}`).toEqual(['ok']);
      } finally {
        t.dispose();
      }
    }
  });

  it('refuses, before allocating, a network whose training memory is over the budget', () => {
    const before = fx.ll.memoryInUse();
    const big = [linear(2, 8192), relu, linear(8192, 4096), relu, linear(4096, 2)];
    expect(() => new Trainer(fx.ll, setupFor(big, [2], { dataset: 'xor', optimizer: 'adam' }), xor)).toThrow(/over the 512\.0 MiB budget/);
    expect(fx.ll.memoryInUse()).toBe(before);
  });

  it('refuses a network that does not fit the data, naming what', () => {
    expect(() => new Trainer(fx.ll, setupFor([linear(3, 2)], [3], { dataset: 'xor' }), xor)).toThrow(/2 features per sample/);
    expect(() => new Trainer(fx.ll, setupFor([linear(2, 5)], [2], { dataset: 'xor' }), xor)).toThrow(/last Linear has 5 outputs/);
  });

  it('answers the learning views: first-layer weights, test predictions, depth statistics', () => {
    const t = new Trainer(fx.ll, setupFor(toyNet, [2], { dataset: 'xor' }), xor);
    try {
      const s = t.snapshot({ firstLayer: true, testPredictions: true, depthStats: true });
      expect(s.firstLayer).toMatchObject({ in: 2, out: 16 });
      expect(s.firstLayer!.weight).toHaveLength(32);
      expect(s.testPredictions!.predicted).toHaveLength(xor.test.n);
      expect(s.testPredictions!.labels).toEqual(xor.test.y);
      expect(s.depthStats).toHaveLength(toyNet.length);
      expect(t.snapshot({})).toEqual({ step: 0, firstLayer: null, testPredictions: null, depthStats: null });
    } finally {
      t.dispose();
    }
  });
});

describe.skipIf(!dataBuilt)('Trainer on digits (skipped without bash scripts/fetch-data.sh)', () => {
  it('a 64-256-128-10 MLP with Adam 0.001, batch 32, passes 90 % test accuracy within 600 steps', async () => {
    const digits = await imageSet('digits');
    const t = new Trainer(fx.ll, setupFor([linear(64, 256), relu, linear(256, 128), relu, linear(128, 10)], [64]), digits);
    try {
      let reached: number | null = null;
      for (let i = 0; i < 600 && reached === null; i++) {
        t.trainStep(false, (r) => {
          if (r.testAccuracy >= 0.9) reached = r.step;
        });
      }
      expect(reached, 'step at which an epoch ended with ≥ 90 % test accuracy').not.toBeNull();
    } finally {
      t.dispose();
    }
  });
});

describe('TrainHost (the worker body) with a fake clock', () => {
  const host = (): ReturnType<typeof fakeHost> => fakeHost(fx.ll, xor);

  it('replays a link in time slices to exactly the weights of a step-by-step run, then pauses', async () => {
    const setup = setupFor(toyNet, [2], { dataset: 'xor', batchSize: 25 });
    const a = host();
    a.host.handle({ type: 'setup', setup, steps: 57, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    a.drain();
    const ps = progresses(a.posted);
    expect(ps.length).toBeGreaterThan(2); // several slices, each reported
    expect(ps[ps.length - 1]).toMatchObject({ step: 57, running: false, replayLeft: 0, ack: 1 });
    a.host.handle({ type: 'weights', id: 1 });
    const replayed = a.posted.find((m) => m.type === 'weights');

    const b = host();
    b.host.handle({ type: 'setup', setup, steps: 0, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 57; i++) {
      b.host.handle({ type: 'step', seq: 2 + i });
      b.drain();
    }
    b.host.handle({ type: 'weights', id: 2 });
    const stepped = b.posted.find((m) => m.type === 'weights');
    expect(stepped).toMatchObject({ step: 57 });
    expect(stepped && stepped.type === 'weights' && stepped.weights).toEqual(replayed && replayed.type === 'weights' && replayed.weights);
    a.host.dispose();
    b.host.dispose();
  });

  it('Pause between slices stops the run; per-step losses and epochs are reported once each', async () => {
    const h = host();
    h.host.handle({ type: 'setup', setup: setupFor(toyNet, [2], { dataset: 'xor', batchSize: 25 }), steps: 0, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    h.host.handle({ type: 'play', seq: 2 });
    h.drain(5);
    h.host.handle({ type: 'pause', seq: 3 });
    h.drain();
    const ps = progresses(h.posted);
    const last = ps[ps.length - 1]!;
    expect(last).toMatchObject({ running: false, ack: 3 });
    const losses = ps.reduce((n, p) => n + p.stepLosses.length, 0);
    expect(losses).toBe(last.step);
    expect(ps.flatMap((p) => p.epochs).map((e) => e.epoch)).toEqual(Array.from({ length: Math.floor(last.step / 10) }, (_, i) => i));
    h.host.dispose();
  });

  it("answers the cards' values from the run's network (its current weights), else from the seed's", async () => {
    const setup = setupFor(toyNet, [2], { dataset: 'xor', batchSize: 25 });
    const request = (seed: number) => ({ layers: toyNet, input: { batch: 4, features: [2], data: 'normal' as const }, training: true, seed, values: true });
    const snapshots = (posted: FromWorker[]) => posted.flatMap((m) => (m.type === 'values' && m.snapshot ? [m.snapshot] : []));
    const engine = new Engine(fx.ll);
    const page = engine.run(request(42)); // the page's copy: the seed's weights
    engine.dispose();
    const h = host();
    h.host.handle({ type: 'values', id: 1, request: request(42) }); // no run yet
    h.host.handle({ type: 'setup', setup, steps: 30, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    h.drain();
    h.host.handle({ type: 'values', id: 2, request: request(42) });
    h.host.handle({ type: 'values', id: 3, request: request(7) }); // another network: not the run's
    h.host.handle({ type: 'weights', id: 4 });
    const [before, trained, other] = snapshots(h.posted);
    expect(before!.trainedSteps).toBeNull();
    expect(before!.blocks[0]!.weights).toEqual(page.blocks[0]!.weights);
    expect(trained!.trainedSteps).toBe(30);
    const w = h.posted.find((m) => m.type === 'weights');
    const first = w && w.type === 'weights' ? w.weights[0]! : new Float32Array(0);
    expect(trained!.blocks[0]!.weights!.stats).toEqual(valueStats(first)); // the trained W, not the seed's
    expect(trained!.blocks[0]!.weights!.stats.mean).not.toBe(page.blocks[0]!.weights!.stats.mean);
    expect(other!.trainedSteps).toBeNull();
    // Asking for values takes no step and moves no weight; training goes on from the same place.
    h.host.handle({ type: 'step', seq: 2 });
    h.drain();
    h.host.handle({ type: 'values', id: 5, request: request(42) });
    expect(snapshots(h.posted).at(-1)!.trainedSteps).toBe(31);
    h.host.dispose();
  });

  it("frees the last run's layers held for the cards when a new run starts, not at the next values request", async () => {
    const wide: LayerSpec[] = [linear(2, 4096), relu, linear(4096, 2)];
    const request = { layers: wide, input: { batch: 4, features: [2], data: 'normal' as const }, training: false, seed: 42, values: true };
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const h = host();
    h.host.handle({ type: 'setup', setup: setupFor(wide, [2], { dataset: 'xor', batchSize: 25, optimizer: 'sgd' }), steps: 1, seq: 1 });
    await tick();
    h.drain();
    h.host.handle({ type: 'values', id: 1, request }); // the cards' engine takes handles to the run's layers
    h.host.handle({ type: 'setup', setup: setupFor(toyNet, [2], { dataset: 'xor', batchSize: 25 }), steps: 0, seq: 2 });
    await tick();
    h.drain();
    const held = fx.ll.memoryInUse();
    h.host.dispose();
    // The same new run in a fresh host: what the worker holds with nothing left over.
    const fresh = host();
    fresh.host.handle({ type: 'setup', setup: setupFor(toyNet, [2], { dataset: 'xor', batchSize: 25 }), steps: 0, seq: 1 });
    await tick();
    fresh.drain();
    const clean = fx.ll.memoryInUse();
    fresh.host.dispose();
    // Left held, the wide run's layers (weights, gradients, packed copies) are about 1.9 MB.
    expect(held - clean).toBeLessThan(8 * 1024);
  });

  it("keeps each element's layers in an engine of its own, so elements edited in turn do not rebuild each other's", () => {
    // Counts the Linear layers the worker builds.
    let built = 0;
    const counting = new Proxy(fx.ll, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (key !== 'Linear') return value;
        return new Proxy(value as LayerlabModule['Linear'], {
          construct(linearClass, args) {
            built++;
            return Reflect.construct(linearClass, args) as object;
          },
        });
      },
    });
    const h = fakeHost(counting, xor);
    const request = (seed: number) => ({ layers: toyNet, input: { batch: 4, features: [2], data: 'normal' as const }, training: false, seed, values: true });
    const linears = toyNet.filter((l) => l.kind === 'linear').length;
    const ask = (owner: string, seed: number, id: number): void => h.host.handle({ type: 'values', id, request: request(seed), owner });
    ask('element-1', 1, 1);
    ask('element-2', 2, 2);
    ask('element-1', 1, 3);
    ask('element-2', 2, 4);
    expect(built).toBe(2 * linears); // each network built once
    expect(h.posted.filter((m) => m.type === 'values' && m.snapshot !== null)).toHaveLength(4);
    // Beyond OWNER_ENGINES askers the least recently used engine goes (and its layers with it).
    for (let i = 0; i < OWNER_ENGINES; i++) ask(`other-${i}`, 100 + i, 10 + i);
    const before = built;
    ask('element-2', 2, 99);
    expect(built).toBe(before + linears);
    h.host.dispose();
  });

  it('two Steps that arrive before the first is taken (a quick double click) take two batches', async () => {
    const h = host();
    h.host.handle({ type: 'setup', setup: setupFor(toyNet, [2], { dataset: 'xor', batchSize: 25 }), steps: 0, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    h.host.handle({ type: 'step', seq: 2 });
    h.host.handle({ type: 'step', seq: 3 });
    h.drain();
    expect(progresses(h.posted).at(-1)).toMatchObject({ step: 2, running: false, ack: 3 });
    h.host.handle({ type: 'memory', id: 1 });
    expect(h.posted.at(-1)).toMatchObject({ type: 'memory', id: 1, memory: { step: 2, working: false } });
    h.host.dispose();
  });

  it('reports a data set that cannot load as an error; a snapshot asked for before any run is refused, not an error', async () => {
    const posted: FromWorker[] = [];
    const h = new TrainHost({ ll: fx.ll, post: (m) => posted.push(m), loadData: () => Promise.reject(new Error('404')), schedule: noop, now: () => 0 });
    h.handle({ type: 'snapshot', id: 1, wants: {} });
    h.handle({ type: 'setup', setup: setupFor(toyNet, [2]), steps: 0, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(posted).toEqual([
      { type: 'refused', id: 1, message: 'no training run to take a snapshot of yet' },
      { type: 'error', message: 'the data set could not be loaded: 404' },
    ]);
  });
});
