import { describe, expect, it } from 'vitest';
import { errorOf, useModule } from '../support/module';

describe('Sequential', () => {
  const m = useModule();

  const mnist = () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    for (const layer of [new ll.Linear(784, 256), new ll.ReLU(), new ll.Linear(256, 128), new ll.ReLU(), new ll.Linear(128, 10)]) {
      net.add(layer);
      layer.delete(); // the network keeps its own reference
    }
    return net;
  };

  it('follows the contract snippet and keeps layers alive after JS deletes its handles', () => {
    const { ll, scope } = m;
    const net = mnist();
    const x = scope.own(ll.Tensor.fromArray(new Float32Array(32 * 784), [32, 784]));
    expect(net.size()).toBe(5);
    expect(scope.own(net.forward(x, false)).shape()).toEqual([32, 10]);
    expect(net.parameterCount()).toBe(235146);
    expect(scope.ownAll(net.parameters()).map((p) => p.shape())).toEqual([[784, 256], [256], [256, 128], [128], [128, 10], [10]]);
  });

  it('summarises every layer with torchinfo counts', () => {
    const rows = mnist().summary([32, 784]);
    expect(rows[0]).toEqual({
      index: 0,
      name: 'Linear(784, 256)',
      inputShape: [32, 784],
      outputShape: [32, 256],
      parameters: 200960,
      multiplyAdds: 6422528,
      parameterBytes: 803840,
      activationBytes: 32768,
      error: null,
    });
    expect(rows.map((r) => r.outputShape)).toEqual([[32, 256], [32, 256], [32, 128], [32, 128], [32, 10]]);
    expect(rows.reduce((a, r) => a + r.parameters, 0)).toBe(235146);
  });

  it('reports a mismatch in summary and forward, and marks later layers', () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    const layers = [new ll.Linear(784, 256), new ll.ReLU(), new ll.Linear(256, 128), new ll.Linear(256, 10), new ll.Softmax()];
    for (const layer of layers) net.add(scope.own(layer));
    const rows = net.summary([32, 784]);
    const message = 'layer 3 Linear(256, 10) expects last dimension 256 but got (32, 128)';
    expect(rows[3]).toMatchObject({ outputShape: null, error: message, inputShape: [32, 128], parameters: 2570 });
    expect(rows[4]).toMatchObject({ inputShape: null, outputShape: null, error: 'not computable: an earlier layer failed' });
    const x = scope.own(ll.Tensor.fromArray(new Float32Array(32 * 784), [32, 784]));
    expect(errorOf(() => net.forward(x))).toBe(message);
  });

  it('edits: insert, remove, move, at, clear', () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    net.add(scope.own(new ll.ReLU()));
    net.add(scope.own(new ll.Tanh()));
    net.insert(0, scope.own(new ll.Sigmoid()));
    const names = () => Array.from({ length: net.size() }, (_, i) => scope.own(net.at(i)).name());
    expect(names()).toEqual(['Sigmoid()', 'ReLU()', 'Tanh()']);
    net.move(0, 2);
    expect(names()).toEqual(['ReLU()', 'Tanh()', 'Sigmoid()']);
    net.remove(1);
    expect(names()).toEqual(['ReLU()', 'Sigmoid()']);
    const first = scope.own(net.at(0));
    expect(first).toBeInstanceOf(ll.ReLU);
    expect(errorOf(() => net.at(2))).toBe('Sequential: index 2 is out of range for 2 layers');
    // 2^32 would have wrapped to 0 in WebAssembly's size_t and handed back the first layer.
    expect(errorOf(() => net.at(2 ** 32))).toBe('Sequential: index must be at most 4294967295 but got 4294967296');
    expect(errorOf(() => net.remove(-1))).toBe('Sequential: remove index must be at least 0 but got -1');
    expect(errorOf(() => net.move(0, 1.5))).toBe('Sequential: move to must be a whole number but got 1.5');
    expect(names()).toEqual(['ReLU()', 'Sigmoid()']);
    net.clear();
    expect(net.size()).toBe(0);
  });

  it('traces every layer output, and training mode reaches Dropout', () => {
    const { ll, scope } = m;
    const net = scope.own(new ll.Sequential());
    net.add(scope.own(new ll.Linear(6, 4)));
    const drop = scope.own(new ll.Dropout(0.5));
    net.add(drop);
    const x = scope.own(ll.Tensor.fromArray(Float32Array.from({ length: 12 }, (_, i) => i + 1), [2, 6]));
    const evalTrace = scope.ownAll(net.forwardTrace(x, false)).map((t) => t.toArray());
    expect(evalTrace[1]).toEqual(evalTrace[0]);
    ll.seed(1);
    const trainTrace = scope.ownAll(net.forwardTrace(x, true)).map((t) => t.toArray());
    const mask = scope.own(drop.lastMask()).toArray();
    const wrong = trainTrace[1]!.filter((v, i) => v !== mask[i]! * Math.fround(trainTrace[0]![i]! * 2)).length;
    expect(wrong).toBe(0);
    expect(mask.some((v) => v === 0) && mask.some((v) => v === 1)).toBe(true);
  });

  it('summary rejects a bad input shape', () => {
    expect(errorOf(() => mnist().summary([1, 2, 3, 4, 784]))).toBe(
      'summary: input shape must have 1 to 4 dimensions but got 5',
    );
  });
});
