import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockSpec } from '../../../web/src/vocabulary/blocks.ts';
import { toPyTorch } from '../../../web/src/model/export/export.ts';
import { MAX_IMPORT_LENGTH, fromPyTorch } from '../../../web/src/model/import/import.ts';
import { type NetworkModel, modelFromSpecs, resolveShapesLite, stripIds } from '../../../web/src/model/network/network.ts';
import { PRESETS } from '../../../web/src/model/network/presets.ts';
import { blockSpec, linear, networkModel } from './arbitraries.ts';

function imported(text: string): { model: NetworkModel; problems: { line: number; message: string }[] } {
  const result = fromPyTorch(text);
  if (result.model === undefined) throw new Error(`no model: ${JSON.stringify(result.problems)}`);
  return { model: result.model, problems: result.problems };
}

function specs(model: NetworkModel): BlockSpec[] {
  return stripIds(model).blocks;
}

/** The network as import can know it: an unlinked Linear that happens to match comes back linked. */
function normalised(model: NetworkModel): ReturnType<typeof stripIds> {
  const shapes = resolveShapesLite(model).blocks;
  const stripped = stripIds(model);
  return {
    ...stripped,
    input: { ...stripped.input, data: 'normal' },
    training: false,
    seed: 42,
    view: { heatmaps: true, histograms: true, masks: true },
    blocks: stripped.blocks.map((b, i) => (b.kind === 'linear' && b.inFeatures === shapes[i]?.expectedInFeatures ? { ...b, inFeatures: null } : b)),
  };
}

describe('round trip through toPyTorch', () => {
  // The exported code ends in model.eval() whatever the page's mode (it is code to predict
  // with), so the mode comes back as evaluation; everything else comes back as it was.
  it('gives back every preset exactly, in evaluation mode', () => {
    for (const preset of PRESETS) {
      const { model, problems } = imported(toPyTorch(preset.model));
      expect(problems).toEqual([]);
      // The code carries the input's shape, not its values (the Tiny preset's typed x), and
      // leaves the model in evaluation mode.
      const { values: _values, ...shapeOnly } = preset.model.input;
      expect(stripIds(model)).toEqual({ ...stripIds({ ...preset.model, input: { ...shapeOnly, data: 'normal' } }), training: false });
    }
  });

  it('gives back random networks: blocks, options, unlinked in features and input', () => {
    fc.assert(
      fc.property(networkModel, (m) => {
        // Beyond 2^53 elements per sample sizes are no longer exact numbers; no engine
        // budget comes anywhere near that. Flatten multiplies later shapes too, so every
        // block's output counts, not just the input.
        const perSample = (shape: number[]) => shape.slice(1).reduce((a, b) => a * b, 1);
        fc.pre(perSample([0, ...m.input.features]) <= Number.MAX_SAFE_INTEGER);
        fc.pre(resolveShapesLite(m).blocks.every((b) => perSample(b.output) <= Number.MAX_SAFE_INTEGER));
        const { model, problems } = imported(toPyTorch(m));
        expect(problems).toEqual([]);
        expect(stripIds(model)).toEqual(normalised(m));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hand-written PyTorch', () => {
  it('reads the usual spellings', () => {
    const { model, problems } = imported(`
import torch
from torch import nn

net = torch.nn.Sequential(
    nn.Linear(in_features=784, out_features=256),  # hidden
    nn.ReLU(inplace=True),
    nn.Dropout(0.3), nn.Linear(256, 128, bias=False),
    torch.nn.Sigmoid(), Tanh(),
    nn.Dropout(p=0.1, inplace=False),
    nn.Linear(128, out_features=10, bias=True),
    nn.Softmax(dim=1),
    nn.Softmax(-1),
    nn.Flatten(start_dim=1, end_dim=-1),
)
net.eval()
`);
    expect(problems).toEqual([]);
    expect(model.input).toEqual({ batch: 32, features: [784], data: 'normal' });
    expect(model.training).toBe(false);
    expect(specs(model)).toEqual([
      linear(256),
      { kind: 'relu' },
      { kind: 'dropout', p: 0.3 },
      linear(128, { bias: false }),
      { kind: 'sigmoid' },
      { kind: 'tanh' },
      { kind: 'dropout', p: 0.1 },
      linear(10),
      { kind: 'softmax' },
      { kind: 'softmax' },
      { kind: 'flatten' },
    ]);
  });

  it('reads a bare Sequential without assignment, on one line, and a list argument', () => {
    expect(specs(imported('Sequential(Linear(3, 4), ReLU(), Linear(4, 2))').model)).toEqual([linear(4), { kind: 'relu' }, linear(2)]);
    expect(specs(imported('model = Sequential([Linear(3, 4), ReLU(),])').model)).toEqual([linear(4), { kind: 'relu' }]);
    expect(imported('nn.Sequential()').model.blocks).toEqual([]);
    expect(imported('nn.Sequential(nn.Linear(5, \\\n 2))').model.input.features).toEqual([5]);
  });

  it('guesses the input from the first Linear and keeps later mismatches unlinked', () => {
    const { model, problems } = imported('model = nn.Sequential(nn.ReLU(), nn.Linear(100, 50), nn.Linear(60, 10), nn.Linear(10, 2))');
    expect(problems).toEqual([]);
    expect(model.input).toEqual({ batch: 32, features: [100], data: 'normal' });
    expect(specs(model)).toEqual([{ kind: 'relu' }, linear(50), linear(10, { inFeatures: 60 }), linear(2)]);
    expect(imported('nn.Sequential(nn.ReLU())').model.input.features).toEqual([784]);
  });

  it('a linked Linear may take more than a hand-set size may be', () => {
    const big = imported('# input shape: (2, 3, 256, 256)\nnn.Sequential(nn.Flatten(), nn.Linear(196608, 10))');
    expect(big.problems).toEqual([]);
    expect(specs(big.model)).toEqual([{ kind: 'flatten' }, linear(10)]);
    const unlinked = imported('nn.Sequential(nn.Linear(3, 4), nn.Linear(100000, 2))');
    expect(unlinked.problems).toEqual([{ line: 1, message: 'In features must be at most 65,536 (got 100000) and does not match its input (4); left out' }]);
    const guess = imported('nn.Sequential(nn.Linear(100000, 2))');
    expect(guess.problems.map((p) => p.message)).toEqual([
      'the input cannot be guessed from this Linear (Input features must be at most 65,536 (got 100000)); using 784',
      'In features must be at most 65,536 (got 100000) and does not match its input (784); left out',
    ]);
    expect(guess.model.input.features).toEqual([784]);
  });

  it('reads init schemes written in several ways', () => {
    const { model, problems } = imported(`
model = nn.Sequential(nn.Linear(100, 50), nn.Linear(50, 40), nn.Linear(40, 30), nn.Linear(30, 20), nn.Linear(20, 10, bias=False))
torch.nn.init.kaiming_normal_(model[0].weight)
nn.init.xavier_uniform_(model[1].weight)
nn.init.zeros_(model[2].weight)
nn.init.normal_(model[3].weight, 0.0, std=0.1826)
nn.init.normal_(model[4].weight, mean=0, std=2 ** 0.5 / 20 ** 0.5)
nn.init.zeros_(model[0].bias)
`);
    expect(problems).toEqual([]);
    expect(specs(model).map((b) => (b.kind === 'linear' ? b.init : b.kind))).toEqual(['he', 'xavier', 'zeros', 'lecun', 'he']);
  });

  it('reads the input shape comment and train()', () => {
    const { model } = imported('# input shape: (8, 28, 28)\nmodel = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))\nmodel.train(True)\n');
    expect(model.input).toEqual({ batch: 8, features: [28, 28], data: 'normal' });
    expect(model.training).toBe(true);
    expect(specs(model)).toEqual([{ kind: 'flatten' }, linear(10)]);
  });
});

describe('what is not supported is reported, line by line', () => {
  it('unsupported layers, lambdas, unknown options and odd dims', () => {
    const { model, problems } = imported(`model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=3),
    nn.LSTM(10, 20),
    lambda x: x.view(-1),
    nn.Linear(784, 10, device="cpu"),
    nn.Linear(784, 10),
    nn.Softmax(dim=0),
    nn.Flatten(start_dim=0),
    nn.Dropout(p=1.5),
    nn.Linear(10.0, 5),
    nn.Linear(10, -5),
    nn.Linear(10, 5, bias=maybe),
    nn.Linear(10, 5, 7, 8),
    nn.Linear(10),
    custom_block(),
    nn.Identity(),
    nn.Linear(out_features=3, 10),
)`);
    expect(problems).toEqual([
      { line: 2, message: 'nn.Conv2d(1, 8, kernel_size=3): nn.Conv2d is not supported (layerlab has no convolutions; the Linear layers around it still import, with their in_features as written); left out' },
      { line: 3, message: 'nn.LSTM(10, 20): nn.LSTM is not supported (layerlab has only stacks of Linear layers and activations); left out' },
      { line: 4, message: 'lambda x: x.view(-1): a lambda is not read; left out' },
      { line: 5, message: 'nn.Linear(784, 10, device="cpu"): nn.Linear has no option device= in layerlab (it takes in_features, out_features, bias); left out' },
      { line: 7, message: "Softmax over dim 0 of a 2-dimensional input is not the last dimension; layerlab's Softmax works over the last one (dim=-1); left out" },
      { line: 8, message: "Flatten(start_dim=0, end_dim=-1) on a 2-dimensional input: layerlab's Flatten keeps only the batch dimension (start_dim=1, end_dim=-1); left out" },
      { line: 9, message: 'nn.Dropout(p=1.5): Dropout p must be a number from 0 to 1 (got 1.5); left out' },
      { line: 10, message: 'nn.Linear(10.0, 5): in_features must be a whole number like 256 (got 10.0); left out' },
      { line: 11, message: 'nn.Linear(10, -5): Out features must be a whole number ≥ 1 (got -5); left out' },
      { line: 12, message: 'nn.Linear(10, 5, bias=maybe): maybe is not defined in the pasted code (set in an earlier cell?): give its value to read this layer; left out' },
      { line: 13, message: 'nn.Linear(10, 5, 7, 8): nn.Linear takes at most 3 arguments (got 4); left out' },
      { line: 14, message: 'nn.Linear(10): nn.Linear needs out_features; left out' },
      { line: 15, message: 'custom_block(): custom_block is not defined in the pasted code and is not a torch.nn layer; left out' },
      { line: 17, message: 'nn.Linear(out_features=3, 10): a positional argument after a keyword argument is not read; left out' },
    ]);
    expect(specs(model)).toEqual([linear(10)]);
  });

  it('softmax over a non-last dim of a 3-d input, and implicit dims', () => {
    const { problems } = imported('# input shape: (2, 3, 4)\nnn.Sequential(nn.Softmax(dim=1), nn.Softmax(dim=2), nn.Softmax(), nn.Flatten(), nn.Softmax())');
    expect(problems.map((p) => p.message)).toEqual([
      "Softmax over dim 1 of a 3-dimensional input is not the last dimension; layerlab's Softmax works over the last one (dim=-1); left out",
      "Softmax over dim 0 (implicit) of a 3-dimensional input is not the last dimension; layerlab's Softmax works over the last one (dim=-1); left out",
    ]);
  });

  it('init lines that do not match a scheme; a name bound twice gives two candidates', () => {
    const result = fromPyTorch(`model = nn.Sequential(nn.Linear(100, 10, bias=False), nn.ReLU(),
    nn.Conv2d(1, 1, 1))
nn.init.kaiming_uniform_(model[0].weight)
nn.init.normal_(model[0].weight, std=0.5)
nn.init.normal_(model[0].weight, std=math.sqrt(0.01))
nn.init.kaiming_normal_(model[0].weight, mode="fan_out")
nn.init.xavier_uniform_(model[0].weight, gain=2)
nn.init.zeros_(model[0].bias)
nn.init.ones_(model[0].bias)
nn.init.zeros_(model[1].weight)
nn.init.zeros_(model[2].weight)
nn.init.zeros_(model[9].weight)
nn.init.zeros_(other[0].weight)
x = torch.randn(8, 100)
print(model(x))
model = nn.Sequential(nn.ReLU())
`);
    expect(result.candidates.map((c) => c.name)).toEqual(['model (line 1)', 'model (line 16)']);
    expect(result.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '2: nn.Conv2d(1, 1, 1): nn.Conv2d is not supported (layerlab has no convolutions; the Linear layers around it still import, with their in_features as written); left out',
      "3: nn.init.kaiming_uniform_(model[0].weight): kaiming_uniform_ is not one of layerlab's schemes (normal_ for LeCun, xavier_uniform_, kaiming_normal_, zeros_); line ignored",
      "4: nn.init.normal_(model[0].weight, std=0.5): std 0.5 matches neither LeCun (√(1/100)) nor He (√(2/100)); layerlab's default, LeCun, is used",
      '6: nn.init.kaiming_normal_(model[0].weight, mode="fan_out"): kaiming_normal_ matches layerlab\'s He init only with mode="fan_in" and nonlinearity="relu"; line ignored',
      '7: nn.init.xavier_uniform_(model[0].weight, gain=2): xavier_uniform_ with extra options does not match a layerlab scheme; line ignored',
      '8: nn.init.zeros_(model[0].bias): the layer has bias=False, so it has no bias to set; line ignored',
      '9: nn.init.ones_(model[0].bias): layerlab always starts biases at zero; ones_ on a bias is not supported; line ignored',
      '10: nn.init.zeros_(model[1].weight): nn.ReLU has no parameters; line ignored',
      '11: nn.init.zeros_(model[2].weight): that layer was left out; line ignored',
      "12: nn.init.zeros_(model[9].weight): the first argument must be a layer's .weight or .bias (got model[9]: the Sequential has 3 layers); line ignored",
      "13: nn.init.zeros_(other[0].weight): the first argument must be a layer's .weight or .bias (got other, which is not defined in the pasted code); line ignored",
    ]);
    // math.sqrt(0.01) is LeCun's std for 100 inputs; the input comes from model(x).
    expect(specs(result.model as NetworkModel)).toEqual([linear(10, { bias: false }), { kind: 'relu' }]);
    expect(result.model?.input).toEqual({ batch: 8, features: [100], data: 'normal' });
  });

  it('text without a model gives no model', () => {
    for (const text of ['', '   ', 'print("hello")', 'model = MyNet()', 'nn.Linear(3, 4)', 'class Config:\n    lr = 0.1\n']) {
      const result = fromPyTorch(text);
      expect(result.model).toBeUndefined();
      expect(result.candidates).toEqual([]);
      expect(result.problems.some((p) => p.line === 0 && p.message.startsWith('No model found'))).toBe(true);
    }
  });

  it('unclosed brackets, stray characters, bad strings, bad lines, huge text', () => {
    const unclosed = imported('model = nn.Sequential(\n  nn.Linear(3, 4),\n  nn.ReLU(),\n');
    expect(specs(unclosed.model)).toEqual([linear(4), { kind: 'relu' }]);
    expect(unclosed.problems).toEqual([{ line: 1, message: 'brackets are never closed (")" missing); reading what is there' }]);
    const stray = imported('model = nn.Sequential(nn.ReLU() $ , nn.Tanh(), nn.Dropout("0.5))');
    expect(stray.problems.map((p) => p.message)).toEqual(['unexpected "$"; ignored', 'unexpected ""0.5))"; ignored', 'brackets are never closed (")", ")" missing); reading what is there']);
    const broken = imported('hidden = = 3\nmodel = nn.Sequential(nn.Linear(4, 2))');
    expect(broken.problems).toEqual([{ line: 1, message: 'an expression is missing in "hidden = = 3"; line skipped' }]);
    const huge = fromPyTorch('#'.repeat(MAX_IMPORT_LENGTH + 1));
    expect(huge.model).toBeUndefined();
    expect(huge.problems[0]?.message).toContain('too long');
  });

  it('deeply nested brackets, arithmetic and classes do not overflow the stack', () => {
    const deep = `model = nn.Sequential(nn.Linear(4, 4))\nnn.init.normal_(model[0].weight, std=${'('.repeat(5000)}0.5${')'.repeat(5000)})`;
    const [problem, ...others] = fromPyTorch(deep).problems;
    expect(others).toEqual([]);
    expect(problem?.message).toMatch(/^nested too deeply in "nn\.init\.normal_\(model\[0\]\.weight, std=\(+…"; line skipped$/);
    const minus = `model = nn.Sequential(nn.Linear(4, 4))\nnn.init.normal_(model[0].weight, std=${'-'.repeat(5000)}0.5)`;
    expect(() => fromPyTorch(minus)).not.toThrow();
    const recursive = fromPyTorch('class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.inner = Net()\n        self.fc = nn.Linear(3, 4)\n    def forward(self, x):\n        return self.fc(x)\n');
    expect(specs(recursive.model as NetworkModel)).toEqual([linear(4)]);
  });
});

describe('properties', () => {
  const pythonish = fc
    .array(
      fc.oneof(
        fc.constantFrom('nn.', 'torch.', 'Sequential', 'Linear', 'ReLU', 'Softmax', 'Dropout', 'Flatten', 'init.', 'normal_', 'model', '[0]', '.weight', '.bias'),
        fc.constantFrom('(', ')', '[', ']', ',', '=', '\n', ' ', '#', '"', "'", '\\', '**', '/', '-', 'dim=', 'p=', 'bias=False', 'std=', 'True', 'None', 'lambda', ':'),
        fc.constantFrom('class Net(nn.Module):', 'def __init__(self, n=3):', 'def forward(self, x):', '\n    ', '\n        ', 'self.', 'x = ', 'return ', 'for i in ', 'if ', 'F.relu(x)', 'x.view(-1, ', 'Net()', '*', '"""', 'OrderedDict([', "('a', ", '+='),
        fc.integer({ min: -5, max: 100_000 }).map(String),
        fc.double().map(String),
        fc.string({ maxLength: 5 }),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(''));

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), pythonish), (text) => {
        const result = fromPyTorch(text);
        expect(Array.isArray(result.problems)).toBe(true);
        for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(0);
        // fromPyTorch catches its own bugs rather than take the page down; none may happen.
        expect(result.problems.filter((p) => p.message.startsWith('The text could not be read'))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('pasting an export with random edits around it never loses the clean layers', () => {
    fc.assert(
      fc.property(fc.array(blockSpec, { maxLength: 8 }), fc.string({ maxLength: 20 }), (blocks, junk) => {
        const m = modelFromSpecs(blocks);
        const result = fromPyTorch(`${toPyTorch(m)}\n# ${junk.replace(/\n/g, ' ')}\n`);
        expect(result.model === undefined ? null : stripIds(result.model).blocks).toEqual(normalised(m).blocks);
      }),
      { numRuns: 300 },
    );
  });
});

describe('doubling does not blow up', () => {
  it('lists, strings and Sequentials that double on every line stop at a ceiling, quickly', () => {
    const doubling = (line: string) => Array.from({ length: 60 }, () => line).join('\n');
    const started = performance.now();
    const lists = fromPyTorch(`layers = [nn.ReLU()]\n${doubling('layers = layers + layers')}\nmodel = nn.Sequential(*layers)`);
    const modules = fromPyTorch(`m = nn.Sequential(nn.ReLU())\n${doubling('m = nn.Sequential(m, m)')}`);
    const strings = fromPyTorch(`s = "ab"\n${doubling('s = s + s')}\nmodel = nn.Sequential(nn.Linear(2, 2))`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(lists.problems.some((p) => p.message.includes('longer than 10000 items'))).toBe(true);
    expect(modules.candidates.every((c) => c.model.blocks.length <= 64)).toBe(true);
    expect(strings.model?.blocks.length).toBe(1);
  });
});
