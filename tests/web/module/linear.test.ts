import { describe, expect, it } from 'vitest';
import { errorOf, useModule } from '../support/module';

/** y = x W + b by a plain loop, in float64. */
function naive(x: Float32Array, w: Float32Array, b: Float32Array | null, rows: number, inF: number, outF: number) {
  const y = new Float64Array(rows * outF);
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < outF; o++) {
      let acc = b ? b[o]! : 0;
      for (let i = 0; i < inF; i++) acc += x[r * inF + i]! * w[i * outF + o]!;
      y[r * outF + o] = acc;
    }
  return y;
}

describe('Linear', () => {
  const m = useModule();

  it('follows the contract snippet', () => {
    const { ll, scope } = m;
    ll.seed(42);
    const x = scope.own(ll.Tensor.fromArray(new Float32Array(32 * 784), [32, 784]));
    const lin = scope.own(new ll.Linear(784, 256, true));
    expect(lin.parameterCount()).toBe(200960);
    expect(scope.own(lin.weight()).shape()).toEqual([784, 256]);
    expect(scope.own(lin.bias()!).shape()).toEqual([256]);
    const params = scope.ownAll(lin.parameters());
    expect(params.map((p) => p.shape())).toEqual([[784, 256], [256]]);
    expect(scope.own(lin.forward(x)).shape()).toEqual([32, 256]);
    expect(lin.name()).toBe('Linear(784, 256)');
  });

  it('defaults bias to true, also for an explicit undefined, and has a null bias without one', () => {
    const { ll, scope } = m;
    expect(scope.own(new ll.Linear(3, 4)).hasBias()).toBe(true);
    expect(scope.own(new ll.Linear(3, 4, undefined)).hasBias()).toBe(true);
    const noBias = scope.own(new ll.Linear(3, 4, false));
    expect(noBias.bias()).toBeNull();
    expect(noBias.parameterCount()).toBe(12);
    expect(noBias.name()).toBe('Linear(3, 4, bias=False)');
    expect(scope.ownAll(noBias.parameters()).length).toBe(1);
  });

  it('matches a naive loop on several shapes, with and without bias', () => {
    const { ll, scope } = m;
    for (const [rows, inF, outF] of [[1, 7, 10], [5, 13, 3], [32, 784, 256], [3, 129, 65]] as const) {
      for (const bias of [true, false]) {
        const lin = scope.own(new ll.Linear(inF, outF, bias));
        const w = Float32Array.from({ length: inF * outF }, (_, i) => Math.sin(i) * 0.1);
        lin.setWeight(scope.own(ll.Tensor.fromArray(w, [inF, outF])));
        const b = bias ? Float32Array.from({ length: outF }, (_, i) => i * 0.01 - 0.02) : null;
        if (b) lin.setBias(scope.own(ll.Tensor.fromArray(b, [outF])));
        const x = Float32Array.from({ length: rows * inF }, (_, i) => Math.cos(i * 0.37));
        const y = scope.own(lin.forward(scope.own(ll.Tensor.fromArray(x, [rows, inF])))).toArray();
        const want = naive(x, w, b, rows, inF, outF);
        for (let i = 0; i < want.length; i++) {
          expect(Math.abs(y[i]! - want[i]!)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(want[i]!)));
        }
      }
    }
  });

  it('maps the last dimension of 1-D, 3-D and empty inputs', () => {
    const { ll, scope } = m;
    const lin = scope.own(new ll.Linear(4, 3));
    const cases: [number[], number[]][] = [[[4], [3]], [[2, 5, 4], [2, 5, 3]], [[0, 4], [0, 3]]];
    for (const [inShape, outShape] of cases) {
      const n = inShape.reduce((a, b) => a * b, 1);
      const x = scope.own(ll.Tensor.fromArray(new Float32Array(n), inShape));
      expect(scope.own(lin.forward(x)).shape()).toEqual(outShape);
      expect(lin.outputShape(inShape)).toEqual(outShape);
    }
  });

  it('draws weights from the seed: same seed, same weights', () => {
    const { ll, scope } = m;
    const weights = (seed: number, init?: 'lecun' | 'xavier' | 'he' | 'zeros') => {
      ll.seed(seed);
      return scope.own(scope.own(new ll.Linear(20, 30, true, init)).weight()).toArray();
    };
    expect(weights(7)).toEqual(weights(7));
    expect(weights(7)).not.toEqual(weights(8));
    expect(weights(7, 'he')).not.toEqual(weights(7, 'lecun'));
    expect(weights(7, 'zeros').every((v) => v === 0)).toBe(true);
  });

  it('rejects bad sizes with precise messages', () => {
    const { ll } = m;
    expect(errorOf(() => new ll.Linear(-1, 3))).toBe('Linear: in_features must be at least 1 but got -1');
    expect(errorOf(() => new ll.Linear(0, 3))).toBe('Linear: in_features must be at least 1 but got 0');
    expect(errorOf(() => new ll.Linear(3, 2.5))).toBe('Linear: out_features must be a whole number but got 2.5');
    expect(errorOf(() => new ll.Linear(NaN, 3))).toBe('Linear: in_features must be a whole number but got NaN');
    expect(errorOf(() => new ll.Linear(3, Infinity))).toBe('Linear: out_features must be a whole number but got Infinity');
    expect(errorOf(() => new ll.Linear(2 ** 60, 3))).toBe('Linear: in_features is too large: 1.15292150460685e+18');
    // Beyond WebAssembly's 32-bit size_t: refused, not wrapped (2^32 became 0 and divided by zero).
    expect(errorOf(() => new ll.Linear(2 ** 32, 3))).toBe('Linear: in_features must be at most 4294967295 but got 4294967296');
    expect(errorOf(() => new ll.Linear(3, 2 ** 32 + 1))).toBe('Linear: out_features must be at most 4294967295 but got 4294967297');
    expect(errorOf(() => new ll.Linear(4294967295, 3))).toBe(
      'Linear(4294967295, 3) would need 51539607552 bytes of parameters, over the 2 GiB limit',
    );
    expect(errorOf(() => new ll.Linear('784' as unknown as number, 3))).toBe(
      'Linear: in_features must be a number but got the string "784"',
    );
    expect(errorOf(() => new ll.Linear(3, 4, 1 as unknown as boolean))).toBe('Linear: bias must be true or false but got 1');
    expect(errorOf(() => new ll.Linear(3, 4, true, 'glorot' as 'xavier'))).toBe(
      "Linear: init must be 'lecun', 'xavier', 'he' or 'zeros' but got the string \"glorot\"",
    );
  });

  it('reports shape mismatches naming the layer and both shapes', () => {
    const { ll, scope } = m;
    const lin = scope.own(new ll.Linear(256, 10));
    const x = scope.own(ll.Tensor.fromArray(new Float32Array(32 * 128), [32, 128]));
    expect(errorOf(() => lin.forward(x))).toBe('Linear(256, 10) expects last dimension 256 but got (32, 128)');
    expect(errorOf(() => lin.setWeight(x))).toBe('Linear(256, 10) weight must have shape (256, 10) but got (32, 128)');
    const nan = scope.own(ll.Tensor.fromArray([1, NaN, 3], [3]));
    const lin3 = scope.own(new ll.Linear(3, 1));
    expect(errorOf(() => lin3.forward(nan))).toBe('Linear(3, 1) got a non-finite input value (NaN) at flat index 1 of (3,)');
  });
});
