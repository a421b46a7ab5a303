import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../web/src/engine/layerlab';
import { errorOf, useModule } from '../support/module';

describe('activations, Softmax and Flatten', () => {
  const m = useModule();
  const run = (layer: Layer, data: number[], shape = [data.length]) => {
    const x = m.scope.own(m.ll.Tensor.fromArray(data, shape));
    const y = m.scope.own(layer.forward(x));
    return { shape: y.shape(), values: Array.from(y.toArray()) };
  };

  it('ReLU zeroes negatives', () => {
    const relu = m.scope.own(new m.ll.ReLU());
    expect(run(relu, [-2, -1, 0, 1, 2]).values).toEqual([0, 0, 0, 1, 2]);
    expect(relu.name()).toBe('ReLU()');
    expect(relu.parameterCount()).toBe(0);
  });

  it('Sigmoid is 0.5 at 0 and finite at ±1000', () => {
    const { values } = run(m.scope.own(new m.ll.Sigmoid()), [0, 2, 1000, -1000]);
    expect(values[0]).toBe(0.5);
    expect(values[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(values[2]).toBe(1);
    expect(values[3]).toBe(0);
  });

  it('Tanh matches Math.tanh', () => {
    const { values } = run(m.scope.own(new m.ll.Tanh()), [-3, -0.5, 0, 0.5, 3]);
    [-3, -0.5, 0, 0.5, 3].forEach((v, i) => expect(values[i]).toBeCloseTo(Math.tanh(v), 6));
  });

  it('Softmax rows sum to one, are shift-invariant and stable at ±1000', () => {
    const sm = m.scope.own(new m.ll.Softmax());
    const a = run(sm, [1, 2, 3, 0, 0, 0], [2, 3]).values;
    expect(a[0]! + a[1]! + a[2]!).toBeCloseTo(1, 6);
    expect(a[3]).toBeCloseTo(1 / 3, 6);
    const shifted = run(sm, [101, 102, 103], [1, 3]).values;
    shifted.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 6));
    expect(run(sm, [1000, -1000, 1000], [1, 3]).values).toEqual([0.5, 0, 0.5]);
    expect(sm.name()).toBe('Softmax(dim=-1)');
  });

  it('Flatten keeps the batch and flattens the rest', () => {
    const f = m.scope.own(new m.ll.Flatten());
    expect(f.outputShape([32, 28, 28])).toEqual([32, 784]);
    const data = Array.from({ length: 24 }, (_, i) => i);
    expect(run(f, data, [2, 3, 4])).toEqual({ shape: [2, 12], values: data });
    expect(errorOf(() => f.outputShape([784]))).toBe(
      'Flatten() expects at least 2 dimensions (batch, features...) but got (784,)',
    );
  });
});
