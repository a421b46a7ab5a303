// Reading class X(nn.Module) definitions: layers from __init__, order from forward, names,
// candidates, and a property: any network written as such a class imports back unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockSpec } from '../../../web/src/vocabulary/blocks.ts';
import { candidatePreview } from '../../../web/src/model/import/import-preview.ts';
import { fromPyTorch } from '../../../web/src/model/import/import.ts';
import { type NetworkModel, layerSpecs, resolveShapesLite, stripIds } from '../../../web/src/model/network/network.ts';
import { linear, networkModel } from './arbitraries.ts';

function read(text: string): { blocks: BlockSpec[]; names: (string | null)[]; problems: string[]; candidates: string[]; model: NetworkModel } {
  const result = fromPyTorch(text);
  const first = result.candidates[0];
  if (first === undefined) throw new Error(`no model: ${JSON.stringify(result.problems)}`);
  return {
    blocks: stripIds(first.model).blocks,
    names: first.layerNames,
    problems: first.problems.map((p) => `${p.line}: ${p.message}`),
    candidates: result.candidates.map((c) => c.name),
    model: first.model,
  };
}

describe('classes', () => {
  it('takes the order from forward, not from __init__, and reports module names', () => {
    const { blocks, names, problems } = read(`
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self, n_in: int = 20, n_out: int = 3) -> None:
        super().__init__()
        self.out = nn.Linear(64, n_out)
        self.hidden = nn.Linear(in_features=n_in, out_features=64, bias=False)
        self.unused = nn.Linear(5, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.hidden(x), inplace=True)
        return F.softmax(self.out(x), dim=1)
`);
    expect(problems).toEqual([]);
    expect(blocks).toEqual([linear(64, { bias: false }), { kind: 'relu' }, linear(3), { kind: 'softmax' }]);
    expect(names).toEqual(['hidden', null, 'out', null]);
  });

  it('classes used inside another are parts: the whole comes first, their forward is spliced in', () => {
    const { blocks, names, candidates, problems } = read(`
class Block(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.fc = nn.Linear(n_in, n_out)

    def forward(self, x):
        return torch.relu(self.fc(x))

class Net(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.b1 = Block(784, hidden)
        self.b2 = Block(hidden, 10)

    def forward(self, x):
        h = self.b2(self.b1(x))
        return h, x
`);
    expect(candidates).toEqual(['Net()', 'Block()']);
    expect(blocks).toEqual([linear(32), { kind: 'relu' }, linear(10), { kind: 'relu' }]);
    expect(names).toEqual(['b1.fc', null, 'b2.fc', null]);
    expect(problems).toEqual(['16: Net.forward returns 2 values; only the first is read']);
  });

  it('a parameter without a default is named with what to do', () => {
    const { problems, blocks } = read('class Net(nn.Module):\n    def __init__(self, n_in):\n        super().__init__()\n        self.fc = nn.Linear(n_in, 4)\n    def forward(self, x):\n        return self.fc(x)\n');
    expect(blocks).toEqual([]);
    expect(problems).toEqual(['4: nn.Linear(n_in, 4): n_in has no value (Net() is made without it and it has no default; give it one, e.g. n_in=784); left out']);
  });

  it('without forward, the layers come in the order __init__ sets them', () => {
    const { problems, blocks } = read('class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(4, 3)\n        self.b = nn.Tanh()\n');
    expect(blocks).toEqual([linear(3), { kind: 'tanh' }]);
    expect(problems).toEqual(['1: Net has no forward(); its layers are taken in the order __init__ sets them']);
  });

  it('reads the main block, the input it is called with, F.dropout without training=, views that are no Flatten', () => {
    const { problems, blocks, model, candidates } = read(`class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)
    def forward(self, x):
        x = F.dropout(x, 0.2)
        x = x.view(-1, 100)
        x = x.view(x.size(0), -1)
        return self.fc(x)

if __name__ == "__main__":
    net = Net()
    net.train(False)
    net(torch.zeros(2, 1, 28, 28))
`);
    expect(candidates).toEqual(['net']);
    expect(model.input.features).toEqual([1, 28, 28]);
    expect(model.training).toBe(false);
    expect(blocks).toEqual([{ kind: 'dropout', p: 0.2 }, { kind: 'flatten' }, linear(10)]);
    expect(problems).toEqual([
      "6: F.dropout(x, 0.2): without training=self.training this drops in eval mode too; layerlab's Dropout follows the mode",
      '7: x.view(-1, 100) on a (2, 1, 28, 28) input is not a Flatten: each sample has 784 values, not 100; left out',
    ]);
  });

  it('loops, branches and tensor arithmetic are named; the straight line around them imports', () => {
    const { problems, blocks } = read(`class Net(nn.Module):
    def __init__(self, sizes=[8, 16, 4]):
        super().__init__()
        self.layers = []
        for a, b in zip(sizes, sizes[1:]):
            self.layers.append(nn.Linear(a, b))
        self.head = nn.Sequential(*self.layers)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        if x.dim() > 2:
            x = x.flatten(1)
        y = self.fc(x)
        y = y + x.mean()
        y *= 2
        return torch.sigmoid(y)
`);
    expect(blocks).toEqual([linear(4), { kind: 'sigmoid' }]);
    expect(problems).toEqual([
      '11: "if x.dim() > 2:" in forward is not read (layerlab reads forward as one straight line of layers); its lines are skipped',
      '14: y + x.mean(): arithmetic on tensors is not a layer layerlab has; the line is skipped',
      '15: y *= 2: arithmetic on tensors is not a layer layerlab has; the line is skipped',
    ]);
  });

  it('several top-level models are all offered; a Sequential of them chains them', () => {
    const result = fromPyTorch('enc = nn.Sequential(nn.Linear(8, 2))\ndec = nn.Sequential(nn.Linear(2, 8), nn.Sigmoid())\nae = nn.Sequential(enc, dec)\n');
    expect(result.candidates.map((c) => c.name)).toEqual(['ae', 'enc', 'dec']);
    expect(result.candidates.map((c) => c.layerNames)).toEqual([['0.0', '1.0', '1.1'], ['0'], ['0', '1']]);
    expect(result.candidates[2]?.model.input.features).toEqual([2]);
  });
});

/** The network written as a class: each block a layer set in __init__ or a functional call in forward. */
function asClass(m: NetworkModel): string {
  const specs = layerSpecs(m);
  const init: string[] = [];
  const forward = specs.map((s, i) => {
    switch (s.kind) {
      case 'linear': {
        init.push(`        self.fc${i} = nn.Linear(in_features=${s.in}, out_features=${s.out}, bias=${s.bias ? 'True' : 'False'})`);
        const weight = `self.fc${i}.weight`;
        init.push({ lecun: `        nn.init.normal_(${weight}, 0, (1 / ${s.in}) ** 0.5)`, xavier: `        nn.init.xavier_uniform_(${weight})`, he: `        nn.init.kaiming_normal_(${weight})`, zeros: `        nn.init.zeros_(${weight})` }[s.init]);
        return `x = self.fc${i}(x)`;
      }
      case 'dropout':
        return `x = F.dropout(x, p=${s.p}, training=self.training)`;
      case 'relu':
        return 'x = F.relu(x)';
      case 'sigmoid':
        return 'x = torch.sigmoid(x)';
      case 'tanh':
        return 'x = x.tanh()';
      case 'softmax':
        return 'x = F.softmax(x, dim=-1)';
      case 'flatten':
        return 'x = torch.flatten(x, 1)';
    }
  });
  return [
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    ...init,
    '',
    '    def forward(self, x):',
    ...forward.map((line) => `        ${line}`),
    '        return x',
    '',
    'net = Net()',
    m.training ? 'net.train()' : 'net.eval()',
    `y = net(torch.randn(${[m.input.batch, ...m.input.features].join(', ')}))`,
  ].join('\n');
}

describe('property', () => {
  it('every network the model can hold, written as a class, imports back to itself', () => {
    fc.assert(
      fc.property(networkModel, (m) => {
        const perSample = (shape: number[]) => shape.slice(1).reduce((a, b) => a * b, 1);
        fc.pre(resolveShapesLite(m).blocks.every((b) => perSample(b.output) <= Number.MAX_SAFE_INTEGER));
        const result = fromPyTorch(asClass(m));
        expect(result.problems).toEqual([]);
        const shapes = resolveShapesLite(m).blocks;
        const want = stripIds(m).blocks.map((b, i) => (b.kind === 'linear' && b.inFeatures === shapes[i]?.expectedInFeatures ? { ...b, inFeatures: null } : b));
        const got = result.model === undefined ? null : stripIds(result.model);
        expect(got?.blocks).toEqual(want);
        expect(got?.input).toEqual({ ...m.input, data: 'normal' });
        expect(got?.training).toBe(m.training);
      }),
      { numRuns: 300 },
    );
  });
});

describe('preview', () => {
  it('shows the summary and each layer with its module name before anything is used', () => {
    const [candidate] = fromPyTorch(`model = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(784, 128)), ('relu1', nn.ReLU()),
    ('fc2', nn.Linear(128, 10, bias=False)),
]))
nn.init.zeros_(model.fc2.weight)
`).candidates;
    if (candidate === undefined) throw new Error('no candidate');
    expect(candidatePreview(candidate)).toEqual({
      summary: 'model: 3 blocks, input (32, 784), 101,760 parameters',
      layers: ['Linear(784, 128)  (fc1)', 'ReLU  (relu1)', 'Linear(128, 10, bias=False, init=zeros)  (fc2)'],
    });
  });
});
