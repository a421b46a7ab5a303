import { describe, expect, it } from 'vitest';
import { errorOf, useModule } from '../support/module';

describe('Tensor', () => {
  const m = useModule();

  it('round-trips data and shape', () => {
    const data = Float32Array.from({ length: 6 }, (_, i) => i * 0.5 - 1);
    const t = m.scope.own(m.ll.Tensor.fromArray(data, [2, 3]));
    expect(t.shape()).toEqual([2, 3]);
    expect(t.size()).toBe(6);
    expect(t.toArray()).toEqual(data);
  });

  it('accepts plain arrays and every rank from 1 to 4', () => {
    for (const shape of [[4], [2, 2], [1, 2, 2], [1, 1, 2, 2]]) {
      const t = m.scope.own(m.ll.Tensor.fromArray([1, 2, 3, 4], shape));
      expect(t.shape()).toEqual(shape);
    }
  });

  it('returns copies: later changes on either side do not leak through', () => {
    const data = new Float32Array([1, 2, 3]);
    const t = m.scope.own(m.ll.Tensor.fromArray(data, [3]));
    data[0] = 99;
    const out = t.toArray();
    expect(out[0]).toBe(1);
    out[1] = 42;
    expect(t.toArray()[1]).toBe(2);
  });

  it('allows an empty batch', () => {
    const t = m.scope.own(m.ll.Tensor.fromArray(new Float32Array(0), [0, 784]));
    expect(t.shape()).toEqual([0, 784]);
    expect(t.toArray().length).toBe(0);
  });

  it('rejects bad shapes and counts with the C++ message', () => {
    const { Tensor } = m.ll;
    expect(errorOf(() => Tensor.fromArray(new Float32Array(3), [2, 2]))).toBe(
      'Tensor.fromArray: shape (2, 2) needs 4 values but got 3',
    );
    expect(errorOf(() => Tensor.fromArray(new Float32Array(1), []))).toBe(
      'Tensor.fromArray: shape must have 1 to 4 dimensions but got 0',
    );
    expect(errorOf(() => Tensor.fromArray(new Float32Array(32), [1, 2, 2, 2, 4]))).toBe(
      'Tensor.fromArray: shape must have 1 to 4 dimensions but got 5',
    );
    expect(errorOf(() => Tensor.fromArray(new Float32Array(2), [-2]))).toBe(
      'Tensor.fromArray: shape dimension 0 must be at least 0 but got -2',
    );
    expect(errorOf(() => Tensor.fromArray(new Float32Array(2), [1.5]))).toBe(
      'Tensor.fromArray: shape dimension 0 must be a whole number but got 1.5',
    );
    // WebAssembly's size_t has 32 bits: 2^32 + 2 would have become 2 (and fitted these 2 values).
    expect(errorOf(() => Tensor.fromArray(new Float32Array(2), [2 ** 32 + 2]))).toBe(
      'Tensor.fromArray: shape dimension 0 must be at most 4294967295 but got 4294967298',
    );
    expect(errorOf(() => Tensor.fromArray(new Float32Array(2), [2 ** 20, 2 ** 20]))).toBe(
      'Tensor.fromArray: tensor of shape (1048576, 1048576) would need 4398046511104 bytes, over the 2 GiB limit per tensor',
    );
    expect(errorOf(() => Tensor.fromArray('abc' as unknown as Float32Array, [3]))).toBe(
      'Tensor.fromArray: data must be a Float32Array or an array of numbers but got the string "abc"',
    );
  });
});
