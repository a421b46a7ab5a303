import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type RunRequest } from '../../../web/src/engine/engine';
import type { LayerlabModule, Linear } from '../../../web/src/engine/layerlab';
import { buildLayer } from '../../../web/src/engine/layer-builder';
import { loadLayerlabNode } from '../../../web/src/engine/load-node';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';

const linear = (inF: number, out: number, bias = true): LayerSpec => ({ kind: 'linear', in: inF, out, bias, init: 'lecun' });
const MNIST: LayerSpec[] = [linear(784, 256), { kind: 'relu' }, linear(256, 128), { kind: 'relu' }, linear(128, 10)];
const request = (layers: LayerSpec[], patch: Partial<RunRequest> = {}): RunRequest => ({
  layers,
  input: { batch: 32, features: [784], data: 'normal' },
  training: true,
  seed: 42,
  values: true,
  ...patch,
});

describe('Engine', () => {
  let ll: LayerlabModule;
  let engine: Engine;
  beforeAll(async () => {
    ll = await loadLayerlabNode();
    engine = new Engine(ll);
  });
  afterAll(() => engine.dispose());

  it('runs the MNIST MLP: shapes, totals and values', () => {
    const s = engine.run(request(MNIST));
    expect(s.error).toBeNull();
    expect(s.failure).toBeNull();
    expect(s.blocks.map((b) => b.outputShape)).toEqual([[32, 256], [32, 256], [32, 128], [32, 128], [32, 10]]);
    expect(s.totals.parameters).toBe(235146);
    expect(s.totals.multiplyAdds).toBe(32 * (784 * 256 + 256 * 128 + 128 * 10));
    expect(s.valuesComputed).toBe(true);
    expect(s.blocks[4]!.values!.output.length).toBe(320);
    expect(s.blocks[1]!.values!.outputStats.min).toBeGreaterThanOrEqual(0);
    expect(s.blocks[0]!.weights!.stats.std).toBeCloseTo(Math.sqrt(1 / 784), 3);
    expect(s.outputShape).toEqual([32, 10]);
  });

  it('shows dropout masks in training and an all-kept mask in evaluation', () => {
    const layers: LayerSpec[] = [linear(784, 128), { kind: 'dropout', p: 0.5 }];
    const train = engine.run(request(layers));
    const mask = train.blocks[1]!.dropout!;
    expect(mask.training).toBe(true);
    expect(mask.mask.length).toBe(32 * 128);
    expect(mask.scale).toBe(2);
    expect(Math.abs(mask.keptFraction - 0.5)).toBeLessThan(3 * Math.sqrt(0.25 / 4096));
    const evaluation = engine.run(request(layers, { training: false }));
    expect(evaluation.blocks[1]!.dropout!.keptFraction).toBe(1);
    expect(evaluation.blocks[1]!.values!.output).toEqual(evaluation.blocks[0]!.values!.output);
  });

  it('is deterministic: same seed, same weights, masks and outputs; another seed differs', () => {
    const layers: LayerSpec[] = [linear(784, 64), { kind: 'dropout', p: 0.3 }, linear(64, 10)];
    const other = new Engine(ll);
    try {
      const a = engine.run(request(layers, { seed: 7 }));
      const b = other.run(request(layers, { seed: 7 }));
      expect(b.blocks[1]!.dropout!.mask).toEqual(a.blocks[1]!.dropout!.mask);
      expect(b.blocks[2]!.values!.output).toEqual(a.blocks[2]!.values!.output);
      const c = other.run(request(layers, { seed: 8 }));
      expect(c.blocks[2]!.values!.output).not.toEqual(a.blocks[2]!.values!.output);
    } finally {
      other.dispose();
    }
  });

  it('warms up on a scratch network: results and heap stay as they were', () => {
    const layers: LayerSpec[] = [linear(784, 64), { kind: 'dropout', p: 0.5 }, linear(64, 10)];
    const before = engine.run(request(layers));
    engine.warmUp();
    const heap = ll.memoryInUse();
    engine.warmUp();
    expect(ll.memoryInUse()).toBe(heap);
    const after = engine.run(request(layers));
    expect(after.blocks[2]!.values!.output).toEqual(before.blocks[2]!.values!.output);
    expect(after.blocks[1]!.dropout!.mask).toEqual(before.blocks[1]!.dropout!.mask);
  });

  it('keeps the weights of unchanged layers when a later layer changes', () => {
    const a = engine.run(request([linear(784, 32), linear(32, 10)]));
    const b = engine.run(request([linear(784, 32), linear(32, 12)]));
    expect(b.blocks[0]!.values!.output).toEqual(a.blocks[0]!.values!.output);
  });

  it('reports a mismatch on the offending block and marks the rest; values stop before it', () => {
    const s = engine.run(request([linear(784, 256), { kind: 'relu' }, linear(128, 10), { kind: 'softmax' }]));
    expect(s.error).toBe('layer 2 Linear(128, 10) expects last dimension 128 but got (32, 256)');
    expect(s.blocks[2]!.error).toBe(s.error);
    expect(s.failure).toEqual({ block: 2, message: 'Linear(128, 10) expects last dimension 128 but got (32, 256)' });
    expect(s.blocks[3]!.error).toBe('not computable: an earlier layer failed');
    expect(s.blocks[0]!.outputShape).toEqual([32, 256]);
    expect(s.outputShape).toBeNull();
    expect(s.valuesComputed).toBe(true);
    expect(s.blocks[1]!.values!.output.length).toBe(32 * 256);
    expect(s.blocks[2]!.values).toBeNull();
    expect(s.blocks[3]!.values).toBeNull();
    const fixed = engine.run(request([linear(784, 256), { kind: 'relu' }, linear(256, 10), { kind: 'softmax' }]));
    expect(fixed.blocks[1]!.values!.output).toEqual(s.blocks[1]!.values!.output);
    expect(engine.run(request([linear(100, 10)])).valuesComputed).toBe(false);
  });

  it('reports a layer that cannot be created and keeps running the rest of the summary', () => {
    const s = engine.run(request([linear(784, 10), linear(0, 5), { kind: 'relu' }]));
    expect(s.blocks[1]!.error).toBe('layer 1 could not be created: Linear: in_features must be at least 1 but got 0');
    expect(s.failure).toEqual({ block: 1, message: 'could not be created: Linear: in_features must be at least 1 but got 0' });
    expect(s.blocks[2]!.error).toBe('not computable: an earlier layer failed');
    expect(s.blocks[0]!.outputShape).toEqual([32, 10]);
  });

  it('refuses parameters over the budget before allocating them', () => {
    const tight = new Engine(ll, 2 ** 20); // a 1 MiB budget
    try {
      const s = tight.run(request([linear(784, 256), linear(256, 10)]));
      const before = ll.memoryInUse();
      // (784 * 256 + 256 + 256 * 10 + 10) * 4 bytes = 0.77 MiB fits; (784 * 512 + 512 + 5130) * 4 = 1.55 MiB does not
      expect(s.error).toBeNull();
      const big = tight.run(request([linear(784, 512), linear(512, 10)]));
      expect(big.error).toBe('the parameters would need 1.6 MiB, over the 1.0 MiB budget');
      expect(big.blocks[0]!.error).toBe(big.error);
      expect(big.failure).toEqual({ block: 0, message: big.error });
      expect(big.blocks[1]!.error).toBe('not computable: an earlier layer failed');
      expect(ll.memoryInUse()).toBeLessThanOrEqual(before);
    } finally {
      tight.dispose();
    }
  });

  it('skips values, not shapes, when activations would exceed the budget', () => {
    const tight = new Engine(ll, 2 ** 20);
    try {
      const s = tight.run(request([linear(784, 64), linear(64, 64)], { input: { batch: 512, features: [784], data: 'ones' } }));
      expect(s.error).toBeNull();
      expect(s.blocks[1]!.outputShape).toEqual([512, 64]);
      // parameters 217,600 + activations 2 x 512 x 64 x 4 + input 512 x 784 x 4 = 2,085,376 bytes
      expect(s.valuesComputed).toBe(false);
      expect(s.valuesSkipped).toBe('this forward pass would need 2.0 MiB, over the 1.0 MiB budget');
    } finally {
      tight.dispose();
    }
  });

  it("runWith shows another owner's current weights; run() afterwards builds the seed's again; no handle leaks", () => {
    const small: LayerSpec[] = [linear(16, 8), { kind: 'dropout', p: 0.5 }, linear(8, 4)];
    const r = request(small, { input: { batch: 4, features: [16], data: 'normal' } });
    const heap = ll.memoryInUse();
    const seeded = new Engine(ll);
    const trained = new ll.Sequential();
    try {
      const fromSeed = seeded.run(r);
      // An owner's network built as the trainer builds it (the engine's per-layer seeds), then changed.
      const layers = small.map((spec, i) => buildLayer(ll, spec, r.seed, i));
      for (const layer of layers) trained.add(layer);
      const first = layers[0] as Linear;
      const w = first.weight();
      const doubled = ll.Tensor.fromArray(w.toArray().map((v) => 2 * v), [16, 8]);
      first.setWeight(doubled);
      for (const h of [w, doubled, ...layers]) h.delete(); // the owner's network keeps its layers alive
      const shown = seeded.runWith(r, trained);
      expect(shown.blocks[0]!.weights!.stats.std).toBeCloseTo(2 * fromSeed.blocks[0]!.weights!.stats.std, 5);
      expect(shown.blocks[2]!.weights).toEqual(fromSeed.blocks[2]!.weights);
      expect(shown.blocks[0]!.values!.outputStats.std).toBeCloseTo(2 * fromSeed.blocks[0]!.values!.outputStats.std, 4);
      expect(shown.blocks[1]!.dropout!.mask).toEqual(fromSeed.blocks[1]!.dropout!.mask); // same masks from the same seed
      expect(seeded.run(r)).toMatchObject({ blocks: fromSeed.blocks.map((b) => ({ weights: b.weights })) });
      expect(() => seeded.runWith({ ...r, layers: [linear(16, 8)] }, trained)).toThrow(/owner's network has 3 layers, the request 1/);
    } finally {
      trained.clear();
      trained.delete();
      seeded.dispose();
    }
    expect(ll.memoryInUse()).toBe(heap);
  });

  it('keeps the WASM heap flat across 10,000 build/forward/dispose cycles', () => {
    const networks: LayerSpec[][] = [
      [linear(16, 32), { kind: 'relu' }, { kind: 'dropout', p: 0.5 }, linear(32, 4)],
      [linear(16, 8, false), { kind: 'tanh' }, linear(8, 4), { kind: 'softmax' }],
      [linear(16, 4), linear(5, 3)], // a mismatch: the error path
      [],
    ];
    const small = (i: number): RunRequest => ({
      layers: networks[i % networks.length]!,
      input: { batch: 4, features: [16], data: i % 2 ? 'normal' : 'ones' },
      training: i % 3 !== 0,
      seed: i % 7,
      values: true,
    });
    const measure = () => ({ inUse: ll.memoryInUse(), heap: ll.heapSize() });
    // The same first 100 cycles on a fresh engine give the state to compare against.
    const firstHundred = (e: Engine) => {
      for (let i = 0; i < 100; i++) e.run(small(i));
    };
    let cycleEngine = new Engine(ll);
    firstHundred(cycleEngine);
    const baseline = measure();
    for (let i = 100; i < 10_000; i++) {
      cycleEngine.run(small(i));
      if (i % 1000 === 999) {
        cycleEngine.dispose();
        cycleEngine = new Engine(ll);
      }
    }
    cycleEngine.dispose();
    cycleEngine = new Engine(ll);
    firstHundred(cycleEngine);
    expect(measure()).toEqual(baseline);
    cycleEngine.dispose();
  });
});
