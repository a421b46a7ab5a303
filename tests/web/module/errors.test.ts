import { describe, expect, it } from 'vitest';
import { useModule } from '../support/module';

// A JS exception thrown out of WASM would leave the stack pointer and heap behind; the
// bindings catch in C++ and rethrow in JS, so thousands of errors change nothing.
describe('errors', () => {
  const m = useModule();

  it('thousands of errors leave the heap where it was and the module usable', () => {
    const { ll, scope } = m;
    const lin = scope.own(new ll.Linear(4, 2));
    const bad = scope.own(ll.Tensor.fromArray(new Float32Array(6), [2, 3]));
    const good = scope.own(ll.Tensor.fromArray(new Float32Array(8).fill(1), [2, 4]));
    const reference = scope.own(lin.forward(good)).toArray();
    const before = ll.memoryInUse();
    let thrown = 0;
    for (let i = 0; i < 5000; i++) {
      for (const fn of [
        () => lin.forward(bad),
        () => new ll.Linear(-1, 2),
        () => new ll.Dropout(2),
        () => ll.Tensor.fromArray([1, 2], [3]),
        () => ll.seed(-5),
      ]) {
        try {
          fn();
        } catch (e) {
          if (e instanceof Error) thrown++;
        }
      }
    }
    expect(thrown).toBe(25000);
    expect(ll.memoryInUse()).toBe(before);
    expect(scope.own(lin.forward(good)).toArray()).toEqual(reference);
  });

  it('the WASM stack is left where it was: 50,000 failing calls cannot exhaust it', () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    net.add(scope.own(new ll.Linear(3, 3)));
    const bad = scope.own(ll.Tensor.fromArray(new Float32Array(4), [4]));
    for (let i = 0; i < 50000; i++) expect(() => net.forwardTrace(bad, true)).toThrow(/expects last dimension 3/);
    const ok = scope.own(ll.Tensor.fromArray(new Float32Array(3), [3]));
    expect(scope.ownAll(net.forwardTrace(ok, true)).length).toBe(1);
  });

  it('running out of WASM memory throws a clear Error instead of aborting', () => {
    const { ll, scope } = m;
    // 1 GiB of weights fits under the 2 GiB tensor limit, but not twice (the kernel keeps a
    // packed copy) in a heap that can grow to 2 GiB at most.
    const message = (() => {
      try {
        scope.own(new ll.Linear(16384, 16384, true, 'zeros'));
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(message).toMatch(/^out of memory: the WebAssembly heap \(\d+ MiB now, 2048 MiB at most\) has no room for this; the module is unchanged and still usable$/);
    const lin = scope.own(new ll.Linear(3, 2));
    const x = scope.own(ll.Tensor.fromArray([1, 2, 3], [3]));
    expect(scope.own(lin.forward(x)).shape()).toEqual([2]);
  });
});
