import { describe, expect, it } from 'vitest';
import { loadWeightsSnippet, stateDictArrays, toPyTorchTrained } from '../../../web/src/model/export/export-weights.ts';
import { MODE_LINES, toPyTorch } from '../../../web/src/model/export/export.ts';
import { modelFromSpecs } from '../../../web/src/model/network/network.ts';

describe('toPyTorchTrained', () => {
  it("is export.ts's code followed by the lines that load model.npz, ending in evaluation mode", () => {
    const model = modelFromSpecs([{ kind: 'linear', outFeatures: 2, bias: true, init: 'lecun', inFeatures: null }], { input: { batch: 1, features: [3] }, training: false });
    expect(loadWeightsSnippet()).toBe(
      'import numpy as np\nimport torch\n\nsd = {k: torch.from_numpy(v) for k, v in np.load("model.npz").items()}\nmodel.load_state_dict(sd)\n\n' + MODE_LINES.join('\n') + '\n',
    );
    expect(toPyTorchTrained(model)).toBe(`${toPyTorch(model).replace(`\n${MODE_LINES.join('\n')}\n`, '')}\n# the trained weights (model.npz, written by layerlab next to this file)\n${loadWeightsSnippet()}`);
    expect(toPyTorchTrained(model).match(/^model\.(eval|train)\(\)/gm)).toEqual(['model.eval()']);
  });
});

describe('stateDictArrays', () => {
  it('orders entries by layer and names the layer whose arrays do not fit', () => {
    const a = { index: 2, inFeatures: 1, outFeatures: 1, weight: new Float32Array([3]), bias: null };
    const b = { index: 0, inFeatures: 2, outFeatures: 1, weight: new Float32Array([1, 2]), bias: new Float32Array([0]) };
    expect(stateDictArrays([a, b]).map((x) => x.name)).toEqual(['0.weight', '0.bias', '2.weight']);
    expect(() => stateDictArrays([{ ...b, weight: new Float32Array(3) }])).toThrow('layer 0 (Linear 2→1): weight has 3 values, expected 2');
    expect(() => stateDictArrays([{ ...b, bias: new Float32Array(2) }])).toThrow('layer 0 (Linear 2→1): bias has 2 values, expected 1');
  });
});
