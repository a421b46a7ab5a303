// The depth lab's buttons: the deep Tanh preset fitted to the data set being trained on (with
// the learner's seed), and every Linear switched to one init scheme.
import { describe, expect, it } from 'vitest';
import { depthPresetFor, withInit } from '../../../web/src/learn/depth-preset';
import { layerSpecs } from '../../../web/src/model/network/network';
import { presetById } from '../../../web/src/model/network/presets';
import { modelFitProblem, dataShapeOf } from '../../../web/src/model/training/fit';
import { DEFAULT_TRAIN_SETTINGS } from '../../../web/src/model/training/settings';

describe('depth lab models', () => {
  it('the preset fits digits, a toy set with BCE, keeps the seed and is 10 × Linear(256) + Tanh and a head', () => {
    const current = { ...presetById('mnist-mlp')!.model, seed: 1234 };
    const digits = depthPresetFor(current, DEFAULT_TRAIN_SETTINGS);
    expect(digits.seed).toBe(1234);
    expect(modelFitProblem(digits, dataShapeOf('digits'), 'cross-entropy')).toBeNull();
    const specs = layerSpecs(digits);
    expect(specs.map((s) => s.kind).join(',')).toBe(`${'linear,tanh,'.repeat(10)}linear`);
    expect(specs[0]).toEqual({ kind: 'linear', in: 64, out: 256, bias: true, init: 'lecun' });
    const circle = depthPresetFor(current, { ...DEFAULT_TRAIN_SETTINGS, dataset: 'circle', loss: 'bce' });
    expect(modelFitProblem(circle, dataShapeOf('circle'), 'bce')).toBeNull();
    expect(layerSpecs(circle).at(-1)).toMatchObject({ in: 256, out: 1 });
  });

  it('withInit switches every Linear and nothing else', () => {
    const model = presetById('course-dropout')!.model;
    const he = withInit(model, 'he');
    expect(layerSpecs(he).flatMap((s) => (s.kind === 'linear' ? [s.init] : []))).toEqual(['he', 'he', 'he']);
    expect(he.blocks.map((b) => b.kind)).toEqual(model.blocks.map((b) => b.kind));
    expect(withInit(he, 'he')).toBe(he);
  });
});
