import { describe, expect, it } from 'vitest';
import { layerSpecs, resolveShapesLite, updateBlock } from '../../../web/src/model/network/network.ts';
import { dataShapeOf, modelFitProblem } from '../../../web/src/model/training/fit.ts';
import { DEFAULT_TRAIN_SETTINGS } from '../../../web/src/model/training/settings.ts';
import { DEFAULT_PRESET_ID, PRESETS, defaultModel, presetById } from '../../../web/src/model/network/presets.ts';

function preset(id: string) {
  const p = presetById(id);
  if (p === undefined) throw new Error(`no preset ${id}`);
  return p;
}

describe('presets', () => {
  it('have unique ids and names', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.name)).size).toBe(PRESETS.length);
    expect(PRESETS.map((p) => p.name)).toEqual(['MNIST MLP', 'Course 3-layer with dropout', 'Course network on digits', 'Tiny 3→4→2', 'CNN-free image MLP', 'Empty']);
    expect(presetById('nope')).toBeUndefined();
  });

  it('MNIST MLP gives linear 784→256, 256→128, 128→10', () => {
    const m = preset('mnist-mlp').model;
    expect(m.input).toEqual({ batch: 32, features: [784], data: 'normal' });
    expect(layerSpecs(m)).toEqual([
      { kind: 'linear', in: 784, out: 256, bias: true, init: 'lecun' },
      { kind: 'relu' },
      { kind: 'linear', in: 256, out: 128, bias: true, init: 'lecun' },
      { kind: 'relu' },
      { kind: 'linear', in: 128, out: 10, bias: true, init: 'lecun' },
    ]);
  });

  it("the course network is the module's 784→256→128→10 with Dropout(0.5) and Dropout(0.3): 235,146 parameters", () => {
    const m = preset('course-dropout').model;
    expect(m.input).toEqual({ batch: 32, features: [784], data: 'normal' });
    const specs = layerSpecs(m);
    expect(specs).toEqual([
      { kind: 'linear', in: 784, out: 256, bias: true, init: 'lecun' },
      { kind: 'relu' },
      { kind: 'dropout', p: 0.5 },
      { kind: 'linear', in: 256, out: 128, bias: true, init: 'lecun' },
      { kind: 'relu' },
      { kind: 'dropout', p: 0.3 },
      { kind: 'linear', in: 128, out: 10, bias: true, init: 'lecun' },
    ]);
    const parameters = specs.reduce((sum, s) => sum + (s.kind === 'linear' ? s.in * s.out + (s.bias ? s.out : 0) : 0), 0);
    expect(parameters).toBe(235_146);
  });

  it('a first visit starts with the course network fitted to the default data set (digits, 64 inputs)', () => {
    const m = defaultModel();
    expect(m.training).toBe(true);
    expect(presetById(DEFAULT_PRESET_ID)?.model).toBe(m);
    expect(m.input.features).toEqual([64]);
    expect(m.blocks.map((b) => b.kind)).toEqual(preset('course-dropout').model.blocks.map((b) => b.kind));
    expect(modelFitProblem(m, dataShapeOf(DEFAULT_TRAIN_SETTINGS.dataset), DEFAULT_TRAIN_SETTINGS.loss)).toBeNull();
  });

  it("tiny is the course's seed example: x = [[1, 2, 3]] through 3→4→2 and a Sigmoid", () => {
    const m = preset('tiny').model;
    expect(m.input).toEqual({ batch: 1, features: [3], data: 'typed', values: [1, 2, 3] });
    expect(layerSpecs(m)).toEqual([
      { kind: 'linear', in: 3, out: 4, bias: true, init: 'lecun' },
      { kind: 'relu' },
      { kind: 'linear', in: 4, out: 2, bias: true, init: 'lecun' },
      { kind: 'sigmoid' },
    ]);
  });

  it('the image MLP flattens 28×28 first', () => {
    const m = preset('image-mlp').model;
    expect(m.input.features).toEqual([28, 28]);
    expect(layerSpecs(m)).toEqual([
      { kind: 'flatten' },
      { kind: 'linear', in: 784, out: 128, bias: true, init: 'lecun' },
      { kind: 'relu' },
      { kind: 'linear', in: 128, out: 10, bias: true, init: 'lecun' },
    ]);
    expect(resolveShapesLite(m).output).toEqual([32, 10]);
  });

  it('empty has no blocks and the default input', () => {
    const m = preset('empty').model;
    expect(m.blocks).toEqual([]);
    expect(m.input).toEqual({ batch: 32, features: [784], data: 'normal' });
  });

  it('cannot be changed in place, and edits leave them alone', () => {
    const m = preset('mnist-mlp').model;
    expect(() => {
      m.blocks.push({ kind: 'relu', id: 'x' });
    }).toThrow();
    const edited = updateBlock(m, 'b1', { outFeatures: 3 });
    expect(edited.blocks[0]).toMatchObject({ outFeatures: 3 });
    expect(preset('mnist-mlp').model.blocks[0]).toMatchObject({ outFeatures: 256 });
  });
});
