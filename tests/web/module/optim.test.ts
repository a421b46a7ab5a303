// Optimizers as JavaScript sees them: options objects (defaults, typos, types), names, the
// learning rate, and PyTorch's first steps on one weight.
import { describe, expect, it } from 'vitest';
import type { Linear } from '../../../web/src/engine/layerlab';
import { errorOf, useModule } from '../support/module';

describe('optimizers', () => {
  const m = useModule();

  function oneWeight(): { lin: Linear; step: (grad: number) => number } {
    const { ll, scope } = m;
    const lin = scope.own(new ll.Linear(1, 1, false, 'zeros'));
    lin.setWeight(scope.own(ll.Tensor.fromArray([1], [1, 1])));
    return {
      lin,
      // A forward/backward that makes dL/dW = grad: x = 1, dL/dy = grad.
      step: (grad: number) => {
        lin.zeroGrad();
        scope.own(lin.forward(scope.own(ll.Tensor.fromArray([1], [1, 1])), true));
        scope.own(lin.backward(scope.own(ll.Tensor.fromArray([grad], [1, 1]))));
        return grad;
      },
    };
  }

  it('SGD with momentum follows PyTorch: the buffer starts at the first gradient', () => {
    const { ll, scope } = m;
    const { lin, step } = oneWeight();
    const opt = scope.own(new ll.SGD(lin, { lr: 0.1, momentum: 0.9 }));
    step(2);
    opt.step(); // buf = 2, w = 1 - 0.2
    step(1);
    opt.step(); // buf = 0.9·2 + 1 = 2.8, w = 0.8 - 0.28
    expect(scope.own(lin.weight()).toArray()[0]).toBeCloseTo(0.52, 6);
    expect(opt.name()).toBe('SGD(lr=0.1, momentum=0.9)');
  });

  it('Adam moves each weight by about lr on its first step; AdamW decays by default', () => {
    const { ll, scope } = m;
    const { lin, step } = oneWeight();
    const adam = scope.own(new ll.Adam(lin, { lr: 0.01 }));
    step(-3);
    adam.step();
    expect(scope.own(lin.weight()).toArray()[0]).toBeCloseTo(1.01, 6);
    const adamw = scope.own(new ll.AdamW(lin));
    expect(adamw.name()).toBe('AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)');
  });

  it('options are checked by name and type, and a typo is not silently ignored', () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    expect(errorOf(() => new ll.SGD(net, { learningRate: 0.1 } as never))).toBe(
      "SGD: unknown option 'learningRate' (known: lr, momentum, dampening, weightDecay, nesterov)",
    );
    expect(errorOf(() => new ll.SGD(net, { lr: '0.1' } as never))).toBe('SGD: lr must be a number but got the string "0.1"');
    expect(errorOf(() => new ll.SGD(net, { lr: 1e300 }))).toBe('SGD: lr must be a finite number >= 0 but got 1e+300');
    expect(errorOf(() => new ll.Adam(net, { betas: [0.9] as never }))).toBe(
      'Adam: betas must be an array of two numbers like [0.9, 0.999] but got object',
    );
    expect(errorOf(() => new ll.Adam(net, 5 as never))).toBe('Adam: options must be an object like { lr: 0.1 } but got 5');
    expect(errorOf(() => new ll.SGD(net, { momentum: 0, nesterov: true }))).toBe('SGD: nesterov needs a momentum > 0 and zero dampening');
  });

  it('setLr changes the learning rate, and refuses what the constructor refuses', () => {
    const { ll, scope } = m;
    const opt = scope.own(new ll.SGD(scope.own(new ll.Sequential()), { lr: 0.1 }));
    opt.setLr(0.05);
    expect(opt.lr()).toBe(0.05);
    expect(errorOf(() => opt.setLr(-1))).toBe('SGD: lr must be a finite number >= 0 but got -1');
    expect(opt.lr()).toBe(0.05);
  });

  it('a network edited after the optimizer was made is an Error at step', () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    net.add(scope.own(new ll.Linear(2, 2)));
    const opt = scope.own(new ll.SGD(net));
    net.add(scope.own(new ll.Linear(2, 2)));
    expect(errorOf(() => opt.step())).toBe(
      "SGD: the network's parameters changed since this optimizer was made (2 then, 4 now); make a new optimizer for the edited network",
    );
  });
});
