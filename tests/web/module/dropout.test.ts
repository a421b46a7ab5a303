import { describe, expect, it } from 'vitest';
import { errorOf, useModule } from '../support/module';

describe('Dropout', () => {
  const m = useModule();
  const ones = (shape: number[]) =>
    m.scope.own(m.ll.Tensor.fromArray(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape));

  it('in training keeps about 1-p of the units and scales survivors by exactly 1/(1-p)', () => {
    m.ll.seed(1); // deterministic masks: the 3-sigma bound is checked on a fixed draw
    for (const p of [0.1, 0.5, 0.8]) {
      const d = m.scope.own(new m.ll.Dropout(p));
      const y = m.scope.own(d.forward(ones([100, 1000]), true)).toArray();
      const mask = m.scope.own(d.lastMask()).toArray();
      const scale = Math.fround(1 / (1 - p));
      expect(d.scale()).toBe(scale);
      let kept = 0;
      let wrong = 0;
      for (let i = 0; i < y.length; i++) {
        if (!(y[i] === 0 || y[i] === scale) || mask[i] !== (y[i] === 0 ? 0 : 1)) wrong++;
        kept += mask[i]!;
      }
      expect(wrong).toBe(0);
      const n = y.length;
      expect(Math.abs(kept - n * (1 - p))).toBeLessThan(3 * Math.sqrt(n * p * (1 - p)));
    }
  });

  it('is the identity in evaluation and at p = 0, and gives zeros at p = 1', () => {
    const x = m.scope.own(m.ll.Tensor.fromArray([1.5, -2, 3, 0.25], [2, 2]));
    const half = m.scope.own(new m.ll.Dropout(0.5));
    expect(m.scope.own(half.forward(x, false)).toArray()).toEqual(x.toArray());
    expect(m.scope.own(half.forward(x)).toArray()).toEqual(x.toArray());
    expect(Array.from(m.scope.own(half.lastMask()).toArray())).toEqual([1, 1, 1, 1]);
    const none = m.scope.own(new m.ll.Dropout(0));
    expect(m.scope.own(none.forward(x, true)).toArray()).toEqual(x.toArray());
    const all = m.scope.own(new m.ll.Dropout(1));
    expect(Array.from(m.scope.own(all.forward(x, true)).toArray())).toEqual([0, 0, 0, 0]);
    expect(Array.from(m.scope.own(all.lastMask()).toArray())).toEqual([0, 0, 0, 0]);
  });

  it('defaults p to 0.5 and reports its name', () => {
    const d = m.scope.own(new m.ll.Dropout());
    expect(d.p()).toBe(0.5);
    expect(d.name()).toBe('Dropout(p=0.5)');
    d.setP(0.3);
    expect(d.name()).toBe('Dropout(p=0.3)');
  });

  it('draws the same mask for the same seed', () => {
    const d = m.scope.own(new m.ll.Dropout(0.5));
    const mask = (seed: number) => {
      m.ll.seed(seed);
      m.scope.own(d.forward(ones([16, 16]), true));
      return m.scope.own(d.lastMask()).toArray();
    };
    expect(mask(3)).toEqual(mask(3));
    expect(mask(3)).not.toEqual(mask(4));
  });

  it('rejects p outside [0, 1], NaN and non-numbers, and keeps p after a failed set', () => {
    expect(errorOf(() => new m.ll.Dropout(1.5))).toBe('Dropout: p must be in [0, 1] but got 1.5');
    expect(errorOf(() => new m.ll.Dropout(-0.1))).toBe('Dropout: p must be in [0, 1] but got -0.1');
    expect(errorOf(() => new m.ll.Dropout(NaN))).toBe('Dropout: p must be in [0, 1] but got NaN');
    expect(errorOf(() => new m.ll.Dropout('0.5' as unknown as number))).toBe(
      'Dropout: p must be a number but got the string "0.5"',
    );
    const d = m.scope.own(new m.ll.Dropout(0.2));
    expect(errorOf(() => d.setP(2))).toBe('Dropout: p must be in [0, 1] but got 2');
    expect(d.p()).toBe(0.2);
  });
});
