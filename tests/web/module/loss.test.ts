// Losses as JavaScript sees them: values and gradients on small inputs against the definitions
// written here in double precision, null `correct` for MSE, messages.
import { describe, expect, it } from 'vitest';
import { errorOf, useModule } from '../support/module';

describe('losses', () => {
  const m = useModule();

  it('CrossEntropyLoss: mean over the batch of logsumexp(z) - z[target], gradient (softmax - onehot) / B', () => {
    const { ll, scope } = m;
    const z = [1, 2, 0.5, -1, 0, 3];
    const t = [1, 2];
    const loss = scope.own(new ll.CrossEntropyLoss());
    const value = loss.forward(scope.own(ll.Tensor.fromArray(z, [2, 3])), scope.own(ll.Tensor.fromArray(t, [2])));
    let want = 0;
    const grad: number[] = [];
    for (let b = 0; b < 2; b++) {
      const row = z.slice(b * 3, b * 3 + 3);
      const sum = row.reduce((s, v) => s + Math.exp(v), 0);
      want += Math.log(sum) - row[t[b]!]!;
      row.forEach((v, c) => grad.push((Math.exp(v) / sum - (c === t[b] ? 1 : 0)) / 2));
    }
    expect(value).toBeCloseTo(want / 2, 6);
    const g = scope.own(loss.backward()).toArray();
    grad.forEach((v, i) => expect(g[i]).toBeCloseTo(v, 6));
    expect(loss.correct()).toBe(2); // arg max 1 and 2
    expect(loss.predictions()).toBe(2);
    expect(loss.name()).toBe('CrossEntropyLoss()');
  });

  it('MSELoss: mean over every element, no notion of correct', () => {
    const { ll, scope } = m;
    const loss = scope.own(new ll.MSELoss());
    const value = loss.forward(scope.own(ll.Tensor.fromArray([1, 2, 3, 4], [2, 2])), scope.own(ll.Tensor.fromArray([0, 2, 5, 4], [2, 2])));
    expect(value).toBeCloseTo((1 + 0 + 4 + 0) / 4, 6);
    expect(Array.from(scope.own(loss.backward()).toArray())).toEqual([0.5, 0, -1, 0]);
    expect(loss.correct()).toBeNull();
  });

  it('BCEWithLogitsLoss: stable at logits of ±1000, targets must be probabilities', () => {
    const { ll, scope } = m;
    const loss = scope.own(new ll.BCEWithLogitsLoss());
    const value = loss.forward(scope.own(ll.Tensor.fromArray([1000, -1000, 0], [3])), scope.own(ll.Tensor.fromArray([1, 1, 0.5], [3])));
    expect(value).toBeCloseTo((0 + 1000 + Math.log(2)) / 3, 3);
    expect(Array.from(scope.own(loss.backward()).toArray()).every(Number.isFinite)).toBe(true);
    expect(errorOf(() => loss.forward(scope.own(ll.Tensor.fromArray([0], [1])), scope.own(ll.Tensor.fromArray([2], [1]))))).toBe(
      'BCEWithLogitsLoss(): target 2 at index 0 is not a probability in [0, 1]',
    );
  });

  it('backward before any forward is an Error, and the loss stays usable', () => {
    const { ll, scope } = m;
    const loss = scope.own(new ll.CrossEntropyLoss());
    expect(errorOf(() => loss.backward())).toBe('CrossEntropyLoss() backward needs a forward first');
    expect(loss.forward(scope.own(ll.Tensor.fromArray([0, 0], [1, 2])), scope.own(ll.Tensor.fromArray([0], [1])))).toBeCloseTo(Math.LN2, 6);
  });
});
