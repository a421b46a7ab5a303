// Parity with the native build: the native tool (tests/cpp/tools/reference_outputs.cpp, built
// by `npm run build:native`) prints weights, masks and outputs for fixed seeds; the WASM module
// must give the same weights and masks bit for bit, and outputs within 1e-6 relative.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../web/src/engine/layerlab';
import { useModule } from '../support/module';
import { REFERENCE_TOOL, makeLayer as make, referenceOutputs } from '../support/reference';

describe('parity with the native build', () => {
  const m = useModule();
  it('has the native reference tool (run `npm run build:native`)', () => {
    expect(existsSync(REFERENCE_TOOL), REFERENCE_TOOL).toBe(true);
  });
  const cases = referenceOutputs()?.cases ?? [];

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
