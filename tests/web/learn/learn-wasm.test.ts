// The learning views' WASM adapters against the real module; useModule checks every handle is freed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputValues } from '../../../web/src/engine/input-data.ts';
import { mixSeed } from '../../../web/src/engine/layer-builder.ts';
import { depthAtInit } from '../../../web/src/learn/depth-wasm.ts';
import { depthVerdict } from '../../../web/src/learn/depth-verdict.ts';
import { DEEP_TANH_PRESET } from '../../../web/src/learn/depth-preset.ts';
import { probabilityGrid } from '../../../web/src/learn/decision-grid.ts';
import { wasmBatchPredict } from '../../../web/src/learn/predict-wasm.ts';
import { linearValuesOf } from '../../../web/src/engine/weights.ts';
import { stateDictArrays, transpose, weightsNpz } from '../../../web/src/model/export/export-weights.ts';
import { layerSpecs, modelFromSpecs } from '../../../web/src/model/network/network.ts';
import { useModule } from '../support/module.ts';
import { linearValuesOfNetwork } from '../support/network-weights.ts';
import { PYTHON, hasNumpy } from './numpy.ts';

const HAS_NUMPY = hasNumpy();

const f = useModule();

function batch(features: number, n: number, seed: number) {
  const x = inputValues('normal', [n, features], seed);
  const target = Float32Array.from({ length: n }, (_, i) => i % 10);
  return { x, shape: [n, features], target, targetShape: [n], loss: 'cross-entropy' as const };
}

describe('depthAtInit', () => {
  const specs = layerSpecs(DEEP_TANH_PRESET.model);
  // The first backward pass grows buffers the module keeps for good (174,256 bytes measured,
  // then 0 on every later call); warm up so the heap check sees only what a call leaks.
  beforeAll(() => void depthAtInit(f.ll, specs, batch(784, 32, 7), 42, ['lecun']));

  it('gives one series per init scheme with a row per block, and frees every handle', () => {
    const series = depthAtInit(f.ll, specs, batch(784, 32, 7), 42);
    expect(series.map((s) => s.label)).toEqual(['LeCun normal', 'Xavier uniform', 'He normal', 'Zeros']);
    for (const s of series) expect(s.blocks).toHaveLength(21);
    const [lecun, , he, zeros] = series;
    // zeros: every Linear outputs its bias (0), so activations and the gradients below the head are 0
    expect(zeros!.blocks.slice(0, 20).every((b) => b.outputStd === 0 && b.gradStd === 0)).toBe(true);
    expect(zeros!.blocks[20]!.gradStd).toBeGreaterThan(0);
    // He's N(0, 2/in) holds Tanh's spread up where LeCun's N(0, 1/in) lets it shrink, and
    // pushes more units onto the flat ends; zeros leave every hidden unit the same
    expect(he!.blocks[19]!.outputStd).toBeGreaterThan(lecun!.blocks[19]!.outputStd);
    expect(he!.blocks[19]!.saturated).toBeGreaterThan(lecun!.blocks[19]!.saturated!);
    expect(zeros!.blocks.slice(0, 20).every((b) => b.unitRange === 0)).toBe(true);
    expect(lecun!.blocks.slice(0, 20).every((b) => b.unitRange > 0)).toBe(true);
    expect(lecun!.blocks[0]!.saturated).toBeNull(); // a Linear block
    const kinds = specs.map((s) => s.kind);
    expect(series.map((s) => depthVerdict({ kinds, blocks: s.blocks }).verdict)).toEqual(['steady', 'steady', 'saturating', 'symmetric']);
  });

  it('builds LeCun layers exactly as the page seeds them', () => {
    const small = layerSpecs(modelFromSpecs([{ kind: 'linear', outFeatures: 3, bias: true, init: 'lecun', inFeatures: null }], { input: { batch: 2, features: [4] } }));
    const [series] = depthAtInit(f.ll, small, { ...batch(4, 2, 1), target: new Float32Array([0, 2]) }, 42, ['lecun']);
    f.ll.seed(mixSeed(42, 0));
    const lin = f.scope.own(new f.ll.Linear(4, 3, true, 'lecun'));
    const x = f.scope.own(f.ll.Tensor.fromArray(batch(4, 2, 1).x, [2, 4]));
    const y = f.scope.own(lin.forward(x)).toArray();
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    expect(series!.blocks[0]!.outputMean).toBeCloseTo(mean, 5);
  });
});

describe('export of trained weights', () => {
  it('reads each Linear out of a Sequential and transposes W to PyTorch (out, in)', () => {
    const model = modelFromSpecs(
      [
        { kind: 'linear', outFeatures: 3, bias: true, init: 'lecun', inFeatures: null },
        { kind: 'relu' },
        { kind: 'linear', outFeatures: 2, bias: false, init: 'he', inFeatures: null },
      ],
      { input: { batch: 1, features: [4] } },
    );
    const { ll, scope } = f;
    const net = scope.own(new ll.Sequential());
    const a = scope.own(new ll.Linear(4, 3, true, 'lecun'));
    const b = scope.own(new ll.Linear(3, 2, false, 'he'));
    net.add(a);
    net.add(scope.own(new ll.ReLU()));
    net.add(b);
    const values = linearValuesOfNetwork(net, model);
    expect(values.map((v) => [v.index, v.inFeatures, v.outFeatures, v.bias === null])).toEqual([
      [0, 4, 3, false],
      [2, 3, 2, true],
    ]);
    const wa = scope.own(a.weight()).toArray();
    expect(values[0]!.weight).toEqual(wa);
    const arrays = stateDictArrays(values);
    expect(arrays.map((x) => [x.name, x.shape])).toEqual([
      ['0.weight', [3, 4]],
      ['0.bias', [3]],
      ['2.weight', [2, 3]],
    ]);
    // PyTorch's weight[o, i] is layerlab's W[i, o]
    expect(arrays[0]!.data[1 * 4 + 2]).toBe(wa[2 * 3 + 1]);
    expect(transpose(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3)).toEqual(new Float32Array([1, 4, 2, 5, 3, 6]));
  });

  it('names the layer whose parameters do not match the model', () => {
    const { ll, scope } = f;
    const specs = layerSpecs(modelFromSpecs([{ kind: 'linear', outFeatures: 3, bias: true, init: 'lecun', inFeatures: null }], { input: { batch: 1, features: [5] } }));
    expect(() => linearValuesOf([scope.own(new ll.Linear(4, 3))], specs)).toThrow('layer 0 should be Linear(5, 3) but holds a weight of shape (4, 3)');
  });
});

describe('wasmBatchPredict', () => {
  it('runs the whole grid through one forward pass of a known network', () => {
    const { ll, scope } = f;
    // logits (0, x): P(class 1) = sigmoid(x), independent of y
    const lin = scope.own(new ll.Linear(2, 2, true, 'zeros'));
    lin.setWeight(scope.own(ll.Tensor.fromArray([0, 1, 0, 0], [2, 2])));
    const grid = probabilityGrid(wasmBatchPredict(ll, lin), 2, 2);
    const s = 1 / (1 + Math.exp(1));
    expect([...grid.probability].map((p) => Number(p.toFixed(6)))).toEqual([s, 1 - s, s, 1 - s].map((p) => Number(p.toFixed(6))));
  });
});

describe('model.npz computes what layerlab computes', () => {
  it.skipIf(!HAS_NUMPY)('numpy: relu(x W0ᵀ + b0) W2ᵀ from the exported arrays equals the network output', () => {
    const { ll, scope } = f;
    const model = modelFromSpecs(
      [
        { kind: 'linear', outFeatures: 5, bias: true, init: 'he', inFeatures: null },
        { kind: 'relu' },
        { kind: 'linear', outFeatures: 3, bias: false, init: 'xavier', inFeatures: null },
      ],
      { input: { batch: 4, features: [6] } },
    );
    ll.seed(9);
    const first = scope.own(new ll.Linear(6, 5, true, 'he'));
    first.setBias(scope.own(ll.Tensor.fromArray([0.5, -0.25, 1, 0, -1], [5]))); // non-zero, so the test sees it
    const layers = [first, scope.own(new ll.ReLU()), scope.own(new ll.Linear(5, 3, false, 'xavier'))];
    const net = scope.own(new ll.Sequential());
    for (const l of layers) net.add(l);
    const xValues = inputValues('normal', [4, 6], 3);
    const y = scope.own(net.forward(scope.own(ll.Tensor.fromArray(xValues, [4, 6])))).toArray();
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-export-'));
    try {
      const file = join(dir, 'model.npz');
      writeFileSync(file, weightsNpz(linearValuesOfNetwork(net, model)));
      const script = [
        'import json, sys, numpy as np',
        'sd = dict(np.load(sys.argv[1]))',
        'x = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(4, 6)',
        'h = np.maximum(x @ sd["0.weight"].T + sd["0.bias"], 0)',
        'print(json.dumps({"keys": sorted(sd), "y": (h @ sd["2.weight"].T).ravel().tolist()}))',
      ].join('\n');
      const out = JSON.parse(execFileSync(PYTHON, ['-c', script, file, JSON.stringify([...xValues])], { encoding: 'utf8', timeout: 30_000 }));
      expect(out.keys).toEqual(['0.bias', '0.weight', '2.weight']);
      expect(out.y).toHaveLength(12);
      out.y.forEach((v: number, i: number) => expect(v).toBeCloseTo(y[i]!, 5));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
