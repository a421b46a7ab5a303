// What the worker sends the learning views: the decision boundary grid with its points, the
// misclassified examples, the depth lab at initialisation, and the no-dropout twin of the
// dropout comparison (same seed and batches, in lockstep, caught up when switched on late).
import { describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import { classOneProbability, gridPoints } from '../../../web/src/learn/decision-grid';
import { misclassified } from '../../../web/src/learn/confusion';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import { transferablesOf } from '../../../web/src/train/protocol';
import { Trainer } from '../../../web/src/train/worker/trainer';
import { DropoutTwin, withoutDropout } from '../../../web/src/train/worker/twin';
import { useModule } from '../support/module';
import { fakeHost, linear, progresses, setupFor, trainSteps } from './support';

const fx = useModule();
const circle = toyDataset({ kind: 'circle', seed: 42, noise: 0.1 });
const net: LayerSpec[] = [linear(2, 16), { kind: 'tanh' }, { kind: 'dropout', p: 0.3 }, linear(16, 2)];

const train = trainSteps;

describe('Trainer snapshots for the learning views', () => {
  it('the boundary grid is P(class 1) of one evaluation-mode pass over the square, with the points', () => {
    const t = new Trainer(fx.ll, setupFor(net, [2], { dataset: 'circle', lr: 0.03 }), circle);
    try {
      train(t, 50);
      const b = t.snapshot({ boundary: { size: 20 } }).boundary!;
      expect(b).toMatchObject({ size: 20, domain: circle.domain });
      const expected = classOneProbability(t.predict(gridPoints(circle.domain!, 20), 400), 400);
      expect(b.probability).toEqual(expected);
      expect(b.train.x).toEqual(circle.train.x);
      expect(b.test.y).toEqual(circle.test.y);
      expect(t.snapshot({ boundary: { size: 1e9 } }).boundary!.size).toBe(128);
    } finally {
      t.dispose();
    }
  });

  it('misclassified examples are the first wrong test predictions, with their own pixels', () => {
    const t = new Trainer(fx.ll, setupFor(net, [2], { dataset: 'circle', lr: 0.03 }), circle);
    try {
      train(t, 5);
      const s = t.snapshot({ testPredictions: true, mistakes: 4 });
      const p = s.testPredictions!;
      const wrong = misclassified(p.predicted, p.labels, 4);
      expect(wrong.length).toBeGreaterThan(0);
      const m = s.mistakes!;
      expect([...m.indices]).toEqual(wrong);
      expect([...m.predicted]).toEqual(wrong.map((i) => p.predicted[i]));
      expect([...m.labels]).toEqual(wrong.map((i) => circle.test.y[i]));
      expect(m.pixels.subarray(2, 4)).toEqual(circle.test.x.subarray(wrong[1]! * 2, wrong[1]! * 2 + 2));
    } finally {
      t.dispose();
    }
  });

  it('the depth lab at init: one series per scheme, LeCun equal to the run at step 0 (no dropout)', () => {
    const deep: LayerSpec[] = [linear(2, 32), { kind: 'tanh' }, linear(32, 32), { kind: 'tanh' }, linear(32, 2)];
    const t = new Trainer(fx.ll, setupFor(deep, [2], { dataset: 'circle' }), circle);
    try {
      const s = t.snapshot({ depthInit: true, depthStats: true });
      expect(s.depthInit!.map((d) => d.label)).toEqual(['LeCun normal', 'Xavier uniform', 'He normal', 'Zeros']);
      expect(s.depthInit![0]!.blocks).toEqual(s.depthStats);
      expect(s.depthInit![3]!.blocks[0]!.outputStd).toBe(0);
    } finally {
      t.dispose();
    }
  });

  it('boundary and mistake buffers are handed over, not copied', () => {
    const t = new Trainer(fx.ll, setupFor(net, [2], { dataset: 'circle' }), circle);
    try {
      const snapshot = t.snapshot({ boundary: { size: 4 }, mistakes: 2 });
      const buffers = transferablesOf({ type: 'snapshot', id: 1, snapshot });
      expect(buffers).toContain(snapshot.boundary!.probability.buffer);
      expect(buffers).toContain(snapshot.mistakes!.pixels.buffer);
      expect(buffers).toHaveLength(9);
    } finally {
      t.dispose();
    }
  });
});

describe('the dropout comparison in the worker', () => {
  const host = (): ReturnType<typeof fakeHost> => fakeHost(fx.ll, circle);
  const setup = setupFor(net, [2], { dataset: 'circle', batchSize: 25, lr: 0.03 });

  it('the twin is the same network with Dropout at p = 0: same initial weights, its own steps', () => {
    expect(withoutDropout(net)).toEqual([net[0], net[1], { kind: 'dropout', p: 0 }, net[3]]);
    const main = new Trainer(fx.ll, setup, circle);
    const twin = new DropoutTwin(fx.ll, setup, circle);
    try {
      expect(twin.parameters()).toEqual(main.parameters());
      expect(new DropoutTwin(fx.ll, setupFor([linear(2, 2)], [2], { dataset: 'circle' }), circle).progress().problem).toMatch(/no Dropout block/);
    } finally {
      main.dispose();
      twin.dispose();
    }
  });

  it('switched on mid-run, the twin catches up and then steps in lockstep; its weights match a run of its own', async () => {
    const h = host();
    h.host.handle({ type: 'setup', setup, steps: 30, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    h.drain();
    h.host.handle({ type: 'compare', on: true });
    h.drain();
    h.host.handle({ type: 'step', seq: 2 });
    h.drain();
    const ps = progresses(h.posted);
    const last = ps[ps.length - 1]!;
    expect(last.step).toBe(31);
    expect(last.compare).toMatchObject({ step: 31, problem: null });
    // 250 training points / 25 = 10 batches an epoch: three epochs of the twin, each once.
    expect(ps.flatMap((p) => p.compare?.epochs ?? []).map((e) => e.epoch)).toEqual([0, 1, 2]);
    const alone = new Trainer(fx.ll, { ...setup, layers: withoutDropout(net) }, circle);
    try {
      train(alone, 31);
      h.host.handle({ type: 'weights', id: 9, twin: true });
      h.host.handle({ type: 'weights', id: 10 });
      const [twin, main] = h.posted.flatMap((m) => (m.type === 'weights' ? [m] : []));
      expect(twin).toMatchObject({ id: 9, step: 31 });
      expect(twin!.weights).toEqual(alone.parameters());
      expect(main!.weights).not.toEqual(alone.parameters()); // the main run has dropout
      h.host.handle({ type: 'compare', on: false });
      expect(progresses(h.posted).at(-1)!.compare).toBeNull();
    } finally {
      alone.dispose();
      h.host.dispose();
    }
  });
  it('switched on after a learning-rate and an optimizer change, the twin takes them at the same steps as the main run', async () => {
    const h = host();
    const steps = (n: number, from: number) => {
      for (let i = 0; i < n; i++) {
        h.host.handle({ type: 'step', seq: from + i });
        h.drain();
      }
    };
    h.host.handle({ type: 'setup', setup, steps: 0, seq: 1 });
    await new Promise((r) => setTimeout(r, 0));
    h.drain();
    steps(8, 2);
    h.host.handle({ type: 'lr', lr: 0.2 });
    steps(8, 10);
    const adam = { ...setup.settings, lr: 0.2, optimizer: 'adam' as const };
    h.host.handle({ type: 'optimizer', settings: adam });
    steps(8, 18);
    h.host.handle({ type: 'compare', on: true });
    h.drain();
    // The same schedule written out, on the network without Dropout.
    const alone = new Trainer(fx.ll, { ...setup, layers: withoutDropout(net) }, circle);
    try {
      train(alone, 8);
      alone.setLr(0.2);
      train(alone, 8);
      alone.replaceOptimizer(adam);
      train(alone, 8);
      h.host.handle({ type: 'weights', id: 9, twin: true });
      const twin = h.posted.find((m) => m.type === 'weights');
      expect(twin).toMatchObject({ id: 9, step: 24 });
      expect(twin && twin.type === 'weights' ? twin.weights : []).toEqual(alone.parameters());
    } finally {
      alone.dispose();
      h.host.dispose();
    }
  });
});
