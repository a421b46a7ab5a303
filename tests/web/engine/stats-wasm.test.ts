// Tensor.stats and Linear.weightStats (C++, reading the values in place) against the JavaScript
// reference valueStats + histogram (web/src/engine/stats.ts): equal exactly, -0 and all, since
// the engine now shows the C++ numbers where it showed the JavaScript ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, HISTOGRAM_BINS, type RunRequest } from '../../../web/src/engine/engine';
import type { Linear } from '../../../web/src/engine/layerlab';
import { buildLayer } from '../../../web/src/engine/layer-builder';
import { histogram, valueStats } from '../../../web/src/engine/stats';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import { errorOf, useModule } from '../support/module';

const reference = (values: Float32Array, bins: number) => {
  const stats = valueStats(values);
  return { stats, histogram: histogram(values, bins, stats) };
};

// Finite float32 values with many repeats, exact zeros (both signs) and extremes of the range.
const value = fc.oneof(
  { weight: 6, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, -1, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45) },
);
const values = (maxLength: number) => fc.array(value, { maxLength }).map((a) => Float32Array.from(a));
const bins = fc.oneof(fc.constantFrom(1, 2, HISTOGRAM_BINS), fc.integer({ min: 1, max: 300 }));

/** Seeded normal values; a fixed generator so large sizes stay cheap to draw. */
function normals(n: number, seed: number, scale = 1, shift = 0): Float32Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = shift + scale * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

describe('Tensor.stats and Linear.weightStats', () => {
  const m = useModule();
  const tensorStats = (data: Float32Array, b: number) => m.scope.own(m.ll.Tensor.fromArray(data, [data.length])).stats(b);

  it('Tensor.stats equals valueStats + histogram exactly on random values and bins', () => {
    fc.assert(
      fc.property(values(300), bins, (data, b) => {
        expect(tensorStats(data, b)).toStrictEqual(reference(data, b));
      }),
      { seed: 20261203, numRuns: 400 },
    );
  });

  it('equals the reference at the edges: sizes 0, 1, 7, 4,096 and 200,003, equal values, zeros, a bin edge, one bin', () => {
    const cases: [string, Float32Array][] = [
      ['empty', new Float32Array(0)],
      ['one value', Float32Array.of(-2.5)],
      ['seven', normals(7, 1)],
      ['4,096 around 3', normals(4096, 2, 0.05, 3)],
      ['200,003 normals', normals(200_003, 3)],
      ['all equal', new Float32Array(1000).fill(0.1)],
      ['all zero', new Float32Array(64)],
      ['-0 before 0', Float32Array.of(-0, 0, -0)],
      ['0 before -0', Float32Array.of(0, -0)],
      ['negative only', normals(999, 4, 1e-3, -7.5)],
      ['ReLU-like', normals(5000, 5).map((v) => Math.max(0, v))],
      // With 2 bins 0.45 sits exactly on the edge: (v - min) / width is 1, v * (1 / width) is not.
      ['a value on a bin edge', Float32Array.of(0, 0.45, 0.9)],
    ];
    for (const [name, data] of cases) {
      for (const b of [1, 2, HISTOGRAM_BINS]) expect(tensorStats(data, b), `${name}, ${b} bins`).toStrictEqual(reference(data, b));
    }
  });

  it('a tensor of any rank is read in row-major order', () => {
    const data = normals(2 * 3 * 4 * 5, 6);
    const t = m.scope.own(m.ll.Tensor.fromArray(data, [2, 3, 4, 5]));
    expect(t.stats(HISTOGRAM_BINS)).toStrictEqual(reference(data, HISTOGRAM_BINS));
  });

  it('Linear.weightStats equals the reference on W, for random weights and the seeded init', () => {
    const { ll, scope } = m;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), bins, fc.infiniteStream(value), (inF, out, b, stream) => {
        const lin = scope.own(new ll.Linear(inF, out));
        const w = Float32Array.from(stream.take(inF * out));
        lin.setWeight(scope.own(ll.Tensor.fromArray(w, [inF, out])));
        expect(lin.weightStats(b)).toStrictEqual(reference(w, b));
      }),
      { seed: 7, numRuns: 150 },
    );
    for (const init of ['lecun', 'xavier', 'he', 'zeros'] as const) {
      ll.seed(11);
      const lin = scope.own(new ll.Linear(784, 256, true, init));
      expect(lin.weightStats(HISTOGRAM_BINS), init).toStrictEqual(reference(scope.own(lin.weight()).toArray(), HISTOGRAM_BINS));
    }
  });

  it('NaN and infinities: the same statistics; a value whose bin is NaN is in no bin (JS files it under the key "NaN")', () => {
    const cases = [
      Float32Array.of(1, NaN, 3, 2),
      Float32Array.of(NaN, NaN),
      Float32Array.of(-Infinity, 0, 2),
      Float32Array.of(1, Infinity, 5),
      Float32Array.of(Infinity, Infinity),
    ];
    for (const data of cases) {
      const got = tensorStats(data, 4);
      const want = reference(data, 4);
      expect(got.stats, String(data)).toStrictEqual(want.stats);
      expect(got.histogram, String(data)).toStrictEqual({ ...want.histogram, counts: Array.from(want.histogram.counts) });
    }
  });

  it('refuses bad bins by name, and the tensor and layer stay usable', () => {
    const { ll, scope } = m;
    const t = scope.own(ll.Tensor.fromArray([1, 2, 3], [3]));
    const lin = scope.own(new ll.Linear(2, 2));
    expect(errorOf(() => t.stats(0))).toBe('Tensor.stats: bins must be at least 1 but got 0');
    expect(errorOf(() => t.stats(2.5))).toBe('Tensor.stats: bins must be a whole number but got 2.5');
    expect(errorOf(() => t.stats('40' as unknown as number))).toBe('Tensor.stats: bins must be a number but got the string "40"');
    expect(errorOf(() => t.stats(65537))).toBe('Tensor.stats: bins must be from 1 to 65536 but got 65537');
    expect(errorOf(() => lin.weightStats(-1))).toBe('Linear.weightStats: bins must be at least 1 but got -1');
    expect(errorOf(() => lin.weightStats(2 ** 40))).toBe('Linear.weightStats: bins must be from 1 to 65536 but got 1099511627776');
    expect(t.stats(2).histogram.counts).toEqual([1, 2]);
    expect(lin.weightStats(1).stats.count).toBe(4);
  });
});

describe('Engine snapshots with the C++ statistics', () => {
  const m = useModule();
  const linear = (inF: number, out: number): LayerSpec => ({ kind: 'linear', in: inF, out, bias: true, init: 'lecun' });
  const request = (layers: LayerSpec[], features: number): RunRequest => ({
    layers,
    input: { batch: 32, features: [features], data: 'normal' },
    training: true,
    seed: 42,
    values: true,
  });

  // Every statistic of the snapshot against the JavaScript reference on the same arrays: the
  // outputs the snapshot holds, and W of each Linear rebuilt from the same seed.
  function expectReferenceStats(req: RunRequest): void {
    const engine = new Engine(m.ll);
    try {
      const snap = engine.run(req);
      expect(snap.valuesComputed).toBe(true);
      req.layers.forEach((spec, i) => {
        const block = snap.blocks[i]!;
        const output = block.values!.output;
        expect({ stats: block.values!.outputStats, histogram: block.values!.outputHistogram }, `block ${i} output`).toStrictEqual(reference(output, HISTOGRAM_BINS));
        if (spec.kind !== 'linear') return expect(block.weights).toBeNull();
        const lin = m.scope.own(buildLayer(m.ll, spec, req.seed, i)) as Linear;
        const w = m.scope.own(lin.weight()).toArray();
        const { small, ...weights } = block.weights!;
        expect(weights, `block ${i} W`).toStrictEqual(reference(w, HISTOGRAM_BINS));
        if (w.length > 64) return expect(small).toBeNull();
        expect(small!.weight).toStrictEqual(w);
        expect(small!.bias).toStrictEqual(m.scope.own(lin.bias()!).toArray());
      });
    } finally {
      engine.dispose();
    }
  }

  it('the MNIST MLP', () => {
    expectReferenceStats(request([linear(784, 256), { kind: 'relu' }, linear(256, 128), { kind: 'relu' }, linear(128, 10)], 784));
  });

  it('a tiny network with dropout and softmax (its W small enough to print)', () => {
    expectReferenceStats(request([linear(4, 3), { kind: 'relu' }, { kind: 'dropout', p: 0.5 }, linear(3, 2), { kind: 'softmax' }], 4));
  });
});
