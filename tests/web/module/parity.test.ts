// Parity with the native build: the native tool (tests/cpp/tools/reference_outputs.cpp, built
// by `npm run build:native`) prints weights, masks and outputs for fixed seeds; the WASM module
// must give the same weights and masks bit for bit, and outputs within 1e-6 relative.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InitScheme, Layer, LayerlabModule } from '../../../web/src/engine/layerlab';
import { useModule } from '../support/module';

const TOOL = fileURLToPath(new URL('../../../build/native/layerlab_reference_outputs', import.meta.url));

interface LayerDesc { kind: string; in: number; out: number; bias: boolean; init: InitScheme; p: number }
interface Case {
  name: string; initSeed: number; forwardSeed: number; training: boolean; inputShape: number[];
  layers: LayerDesc[]; input: number[]; parameters: number[][]; masks: number[][]; outputs: number[][];
}

function make(ll: LayerlabModule, d: LayerDesc): Layer {
  switch (d.kind) {
    case 'linear': return new ll.Linear(d.in, d.out, d.bias, d.init);
    case 'relu': return new ll.ReLU();
    case 'sigmoid': return new ll.Sigmoid();
    case 'tanh': return new ll.Tanh();
    case 'softmax': return new ll.Softmax();
    case 'flatten': return new ll.Flatten();
    default: return new ll.Dropout(d.p);
  }
}

describe('parity with the native build', () => {
  const m = useModule();
  it('has the native reference tool (run `npm run build:native`)', () => {
    expect(existsSync(TOOL), TOOL).toBe(true);
  });
  const cases: Case[] = existsSync(TOOL)
    ? (JSON.parse(execFileSync(TOOL, { encoding: 'utf8', maxBuffer: 64 << 20 })) as { cases: Case[] }).cases
    : [];

  for (const c of cases) {
    it(`${c.name}: same weights, masks and outputs`, () => {
      const { ll, scope } = m;
      ll.seed(c.initSeed);
      const net = scope.own(new ll.Sequential());
      const dropouts: Layer[] = [];
      for (const d of c.layers) {
        const layer = scope.own(make(ll, d));
        net.add(layer);
        if (d.kind === 'dropout') dropouts.push(layer);
      }
      const params = scope.ownAll(net.parameters()).map((t) => t.toArray());
      expect(params.length).toBe(c.parameters.length);
      params.forEach((p, i) => expect(p).toEqual(Float32Array.from(c.parameters[i]!)));

      const x = scope.own(ll.Tensor.fromArray(Float32Array.from(c.input), c.inputShape));
      ll.seed(c.forwardSeed);
      const outputs = scope.ownAll(net.forwardTrace(x, c.training)).map((t) => t.toArray());
      dropouts.forEach((d, i) => {
        const mask = scope.own((d as unknown as { lastMask(): import('../../../web/src/engine/layerlab').Tensor }).lastMask());
        expect(mask.toArray()).toEqual(Float32Array.from(c.masks[i]!));
      });
      outputs.forEach((out, i) => {
        const want = Float32Array.from(c.outputs[i]!);
        expect(out.length).toBe(want.length);
        for (let j = 0; j < want.length; j++) {
          expect(Math.abs(out[j]! - want[j]!), `layer ${i} value ${j}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[j]!)));
        }
      });
    });
  }
});
