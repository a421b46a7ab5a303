// The step-against-weights probe: the pure norms, and the Trainer measuring exactly the step
// after a depth request (and no other).
import { describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import { Trainer } from '../../../web/src/train/worker/trainer';
import { layerUpdates } from '../../../web/src/learn/update-probe';
import { useModule } from '../support/module';
import { linear, noop, setupFor } from './support';

const fx = useModule();

describe('layerUpdates', () => {
  it('gives ‖W‖ after, ‖ΔW‖ and ‖Δb‖ per Linear, weights then bias as parameters() lists them', () => {
    const before = [new Float32Array([3, 0]), new Float32Array([1]), new Float32Array([0, 0])];
    const after = [new Float32Array([3, 4]), new Float32Array([1.5]), new Float32Array([0, 1])];
    expect(layerUpdates(before, after, [true, false])).toEqual([
      { weightNorm: 5, weightStep: 4, biasStep: 0.5 },
      { weightNorm: 1, weightStep: 1, biasStep: null },
    ]);
    expect(() => layerUpdates(before, after.slice(1), [true, false])).toThrow('layerUpdates: 3 parameters before the step, 2 after');
  });
});

describe('Trainer update probe', () => {
  it('measures the step after a depth request: that step, those weights, none before', () => {
    const xor = toyDataset({ kind: 'xor', seed: 42, noise: 0.1 });
    const t = new Trainer(fx.ll, setupFor([linear(2, 8), { kind: 'tanh' }, linear(8, 2)], [2], { dataset: 'xor', optimizer: 'sgd', lr: 0.1, momentum: 0 }), xor);
    try {
      expect(t.snapshot({ depthStats: true }).updates).toBeNull(); // nothing measured yet; arms the probe
      const before = t.parameters();
      expect(t.trainStep(false, noop).kind).toBe('ok');
      const after = t.parameters();
      expect(t.trainStep(false, noop).kind).toBe('ok'); // not measured: the probe fired once
      const s = t.snapshot({ depthStats: true });
      expect(s.updates).toEqual({ step: 1, layers: layerUpdates(before, after, [true, true]) });
      expect(s.updates!.layers[0]!.weightStep).toBeGreaterThan(0);
    } finally {
      t.dispose();
    }
  });
});
