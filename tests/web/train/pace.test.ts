// Pace, the stopping rule and the two modes at inference, in the worker's body (Node, the real
// module, a fake clock): the rule stops at the same step whatever the pauses, a pace spaces the
// steps out without changing them, and training mode's predictions vary where evaluation's do not.
import { beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import { classOf, firstVarying } from '../../../web/src/train/worker/inference';
import { nextStopEpoch } from '../../../web/src/train/page/pace';
import type { FromWorker, InferenceReport } from '../../../web/src/train/protocol';
import { Trainer } from '../../../web/src/train/worker/trainer';
import { useModule } from '../support/module';
import { fakeHost, linear, primeTrainingBuffers, progresses, setupFor } from './support';

const fx = useModule();
beforeAll(() => primeTrainingBuffers(fx.ll));
const xor = toyDataset({ kind: 'xor', seed: 42, noise: 0.1 });
const net: LayerSpec[] = [linear(2, 16), { kind: 'tanh' }, { kind: 'dropout', p: 0.5 }, linear(16, 2)];
const setup = setupFor(net, [2], { dataset: 'xor', batchSize: 25 });
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const weightsOf = (posted: FromWorker[]): Float32Array[] | undefined => {
  const m = posted.filter((p) => p.type === 'weights').pop();
  return m?.type === 'weights' ? m.weights : undefined;
};

describe('nextStopEpoch', () => {
  it('is the next multiple of N epochs past the step: Play after a stop goes N further; 0 never stops', () => {
    expect(nextStopEpoch(0, 10, 3)).toBe(3);
    expect(nextStopEpoch(29, 10, 3)).toBe(3);
    expect(nextStopEpoch(30, 10, 3)).toBe(6);
    expect(nextStopEpoch(45, 10, 3)).toBe(6);
    expect(nextStopEpoch(45, 10, 0)).toBeNull();
    expect(nextStopEpoch(0, null, 5)).toBe(5);
  });
});

describe('the stopping rule and the pace in the worker', () => {
  it('stops at the end of epoch N, the same step and weights with or without a pause midway', async () => {
    const runs: { step: number; weights: Float32Array[] | undefined }[] = [];
    for (const pauseMidway of [false, true]) {
      const h = fakeHost(fx.ll, xor);
      h.host.handle({ type: 'setup', setup, steps: 0, seq: 1 });
      await tick();
      h.host.handle({ type: 'stop-at', epoch: 3 });
      h.host.handle({ type: 'play', seq: 2 });
      if (pauseMidway) {
        h.drain(1);
        h.host.handle({ type: 'pause', seq: 3 });
        h.drain();
        h.host.handle({ type: 'stop-at', epoch: 3 });
        h.host.handle({ type: 'play', seq: 4 });
      }
      h.drain();
      const last = progresses(h.posted).pop()!;
      expect(last.running).toBe(false);
      h.host.handle({ type: 'weights', id: 9 });
      runs.push({ step: last.step, weights: weightsOf(h.posted) });
      h.host.dispose();
    }
    // xor: 200 training points, batch 25 → 8 batches an epoch... whatever the set gives, 3 epochs of it.
    const t = new Trainer(fx.ll, setup, xor);
    expect(runs[0]!.step).toBe(3 * t.batchesPerEpoch);
    expect(runs[1]!.step).toBe(runs[0]!.step);
    expect(runs[1]!.weights).toEqual(runs[0]!.weights);
    t.dispose();
  });

  it('Play at the stop says at once that it is not running; a later stop lets it go on', async () => {
    const h = fakeHost(fx.ll, xor);
    h.host.handle({ type: 'setup', setup, steps: 0, seq: 1 });
    await tick();
    h.host.handle({ type: 'stop-at', epoch: 1 });
    h.host.handle({ type: 'play', seq: 2 });
    h.drain();
    const at = progresses(h.posted).pop()!.step;
    h.host.handle({ type: 'play', seq: 3 });
    expect(progresses(h.posted).pop()).toMatchObject({ step: at, running: false, ack: 3 });
    h.host.handle({ type: 'stop-at', epoch: 2 });
    h.host.handle({ type: 'play', seq: 4 });
    h.drain();
    expect(progresses(h.posted).pop()).toMatchObject({ step: 2 * at, running: false });
    h.host.dispose();
  });

  it('a pace takes one step a slice, posts each and waits about 1/pace s between; the steps are those of full speed', async () => {
    const paced = fakeHost(fx.ll, xor);
    paced.host.handle({ type: 'setup', setup, steps: 0, seq: 1 });
    await tick();
    paced.host.handle({ type: 'pace', stepsPerSecond: 4 });
    paced.host.handle({ type: 'play', seq: 2 });
    paced.delays.length = 0;
    paced.drain(5);
    paced.host.handle({ type: 'pause', seq: 3 });
    paced.drain();
    const steps = progresses(paced.posted).map((p) => p.step);
    expect(steps.slice(-6)).toEqual([1, 2, 3, 4, 5, 5]);
    // The fake clock ticks once per look, so each wait is 250 ms less a few ticks.
    expect(paced.delays.slice(0, 4).every((d) => d > 240 && d <= 250)).toBe(true);
    paced.host.handle({ type: 'weights', id: 1 });

    const full = fakeHost(fx.ll, xor);
    full.host.handle({ type: 'setup', setup, steps: 5, seq: 1 });
    await tick();
    full.drain();
    full.host.handle({ type: 'weights', id: 1 });
    expect(weightsOf(paced.posted)).toEqual(weightsOf(full.posted));
    paced.host.dispose();
    full.host.dispose();
  });
});

describe('inference in both modes', () => {
  const report = async (layers: LayerSpec[], sample = -1): Promise<InferenceReport> => {
    const h = fakeHost(fx.ll, xor);
    h.host.handle({ type: 'setup', setup: setupFor(layers, [2], { dataset: 'xor', batchSize: 25 }), steps: 40, seq: 1 });
    await tick();
    h.drain();
    h.host.handle({ type: 'inference', id: 7, sample, repeats: 8 });
    h.host.dispose();
    const m = h.posted.find((p) => p.type === 'inference');
    if (m?.type !== 'inference') throw new Error('no inference answer');
    return m.report;
  };

  it('evaluation mode gives the same answer every pass; training mode draws new masks each pass', async () => {
    const r = await report(net);
    expect(r).toMatchObject({ step: 40, hasDropout: true });
    expect(new Set(r.sample.evaluation.predicted).size).toBe(1);
    expect(new Set(r.sample.evaluation.confidence).size).toBe(1);
    expect(new Set(r.sample.training.confidence).size).toBeGreaterThan(1);
    expect(r.training.accuracy).not.toBe(r.evaluation.accuracy);
    // The same run and step give the same report: the masks follow the seed.
    expect(await report(net)).toEqual(r);
  });

  it('sample -1 picks the first test point whose training-mode answers differ; without Dropout the modes agree', async () => {
    const r = await report(net);
    expect(new Set(r.sample.training.predicted).size).toBeGreaterThan(1);
    const plain = await report([linear(2, 16), { kind: 'tanh' }, linear(16, 2)], 3);
    expect(plain).toMatchObject({ hasDropout: false, sample: { index: 3 } });
    expect(plain.training).toEqual(plain.evaluation);
    expect(plain.sample.training).toEqual(plain.sample.evaluation);
  });

  it('classOf: softmax for several outputs, the sigmoid for one logit; firstVarying falls back to 0', () => {
    const two = classOf(new Float32Array([0, Math.log(3)]), 0, 2);
    expect(two.predicted).toBe(1);
    expect(two.confidence).toBeCloseTo(0.75, 6);
    expect(classOf(new Float32Array([-Math.log(3)]), 0, 1)).toMatchObject({ predicted: 0 });
    expect(classOf(new Float32Array([-Math.log(3)]), 0, 1).confidence).toBeCloseTo(0.75, 6);
    expect(firstVarying([{ predicted: [1, 1] }, { predicted: [2, 0] }])).toBe(1);
    expect(firstVarying([{ predicted: [1, 1] }])).toBe(0);
  });
});

describe('real inputs in the cards', () => {
  it("the cards' input is the test split's rows from the chosen sample (wrapping), with their labels; none before the data is loaded", async () => {
    const request = { layers: net, input: { batch: 3, features: [2], data: 'normal' as const }, training: false, seed: 42, values: true, realSample: xor.test.n - 1 };
    const h = fakeHost(fx.ll, xor);
    h.host.handle({ type: 'values', id: 1, request }); // no data set loaded yet
    h.host.handle({ type: 'setup', setup, steps: 0, seq: 1 });
    await tick();
    h.host.handle({ type: 'values', id: 2, request });
    h.host.handle({ type: 'values', id: 3, request: { ...request, input: { ...request.input, features: [3] }, layers: [linear(3, 2)] } });
    h.host.dispose();
    const answers = h.posted.flatMap((m) => (m.type === 'values' ? [m] : []));
    expect(answers[0]?.snapshot?.realInput).toBeNull();
    const real = answers[1]?.snapshot;
    const n = xor.test.n;
    const rows = [n - 1, 0, 1];
    expect(real?.realInput).toMatchObject({ first: n - 1, labels: rows.map((r) => xor.test.y[r]), dataset: 'xor' });
    expect(Array.from(real?.input ?? [])).toEqual(rows.flatMap((r) => Array.from(xor.test.x.subarray(r * 2, r * 2 + 2))));
    expect(answers[2]?.snapshot?.realInput).toBeNull(); // 3 features: not the set's 2
  });
});
