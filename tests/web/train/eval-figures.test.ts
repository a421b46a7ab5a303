// The epoch's evaluation-mode figures, which the dropout comparison compares: the train figure
// on a fixed, evenly spread subset, both in evaluation mode whatever the check box says.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../../../web/src/data/dataset';
import { toyDataset } from '../../../web/src/data/toy';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import { evenSubset } from '../../../web/src/train/worker/eval-subset';
import type { EpochRecord } from '../../../web/src/train/protocol';
import { Trainer } from '../../../web/src/train/worker/trainer';
import { useModule } from '../support/module';
import { linear, primeTrainingBuffers, setupFor } from './support';

const fx = useModule();
beforeAll(() => primeTrainingBuffers(fx.ll));

describe('evenSubset', () => {
  const split: Split = { x: Float32Array.from({ length: 20 }, (_, i) => i), y: Uint8Array.from({ length: 10 }, (_, i) => (i < 5 ? 0 : 1)), n: 10 };

  it('takes sample floor(i·n/count), so a set sorted by class keeps every class', () => {
    const s = evenSubset(split, 2, 4);
    expect(s.n).toBe(4);
    expect([...s.y]).toEqual([0, 0, 1, 1]); // samples 0, 2, 5, 7
    expect([...s.x]).toEqual([0, 1, 4, 5, 10, 11, 14, 15]);
  });

  it('is the split itself when it is no larger', () => {
    expect(evenSubset(split, 2, 10)).toBe(split);
  });
});

describe('Trainer: evaluation-mode figures at each epoch end', () => {
  it('scores train and test with Dropout off, even when the test figure of the curves is taken in training mode', () => {
    const data = toyDataset({ kind: 'circle', seed: 3, noise: 0.1, samples: 2600, trainFraction: 0.8 });
    const layers: LayerSpec[] = [linear(2, 32), { kind: 'relu' }, { kind: 'dropout', p: 0.6 }, linear(32, 2)];
    const trainer = new Trainer(fx.ll, setupFor(layers, [2], { dataset: 'circle', batchSize: 50 }), data);
    try {
      const records: EpochRecord[] = [];
      while (records.length === 0) expect(trainer.trainStep(true, (r) => records.push(r)).kind).toBe('ok');
      const r = records[0]!;
      const subset = evenSubset(data.train, 2);
      expect(data.train.n).toBeGreaterThan(1000);
      expect(r.evaluation.trainSamples).toBe(1000);
      const accuracy = (split: Split): number => {
        const y = trainer.predict(split.x, split.n); // (n, 2), evaluation mode
        let right = 0;
        for (let i = 0; i < split.n; i++) if (((y[2 * i + 1] ?? 0) > (y[2 * i] ?? 0) ? 1 : 0) === split.y[i]) right++;
        return right / split.n;
      };
      expect(r.evaluation.trainAccuracy).toBe(accuracy(subset));
      expect(r.evaluation.testAccuracy).toBe(accuracy(data.test));
      expect(r.evaluation.testAccuracy).toBe(trainer.evaluateTest(false).accuracy);
      // The curves' own figures are taken with Dropout on: not what the comparison uses.
      expect(r.testInTrainingMode).toBe(true);
      expect(r.trainAccuracy).not.toBe(r.evaluation.trainAccuracy);
    } finally {
      trainer.dispose();
    }
  });
});
