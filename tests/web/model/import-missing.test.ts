// Code pasted from a notebook often uses sizes set in an earlier cell. The importer must ask
// for them by name (and read the layers once given) instead of leaving the layers out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_LENGTH, fromPyTorch } from '../../../web/src/model/import/import.ts';
import { parameterCount } from '../../../web/src/model/import/import-preview.ts';
import { layerSpecs } from '../../../web/src/model/network/network.ts';
import { CORPUS, CORPUS_DIR, importEntry } from './corpus-table.ts';

// A tutorial's network with its hyperparameter cell (input_size = 784 ...) left out, as when
// the learner pastes only the cell that builds the model.
const CELL = /^(input_size|hidden_sizes|output_size) = (.*)\n/gm;
const TUTORIAL = readFileSync(`${CORPUS_DIR}hidden_sizes_sequential.py`, 'utf8');
const NOTEBOOK = TUTORIAL.replace(CELL, '');
const EARLIER_CELL = Object.fromEntries([...TUTORIAL.matchAll(CELL)].map((m) => [m[1]!, m[2]!]));

const given = (values: Record<string, string>) => new Map(Object.entries(values));

describe('names from an earlier cell', () => {
  it('asks for each missing name, once, in the order the layers need them, saying which are lists', () => {
    const result = fromPyTorch(NOTEBOOK);
    expect(result.missing).toEqual([
      { name: 'input_size', line: 7, list: false },
      { name: 'hidden_sizes', line: 7, list: true },
      { name: 'output_size', line: 11, list: false },
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'nn.Linear(input_size, hidden_sizes[0]): input_size and hidden_sizes are not defined in the pasted code (set in an earlier cell?): give their values to read this layer; left out',
      'nn.Linear(hidden_sizes[0], hidden_sizes[1]): hidden_sizes is not defined in the pasted code (set in an earlier cell?): give its value to read this layer; left out',
      'nn.Linear(hidden_sizes[1], output_size): hidden_sizes and output_size are not defined in the pasted code (set in an earlier cell?): give their values to read this layer; left out',
    ]);
  });

  it('reads every layer once the values are given, as with the earlier cell in the code', () => {
    expect(EARLIER_CELL).toEqual({ input_size: '784', hidden_sizes: '[128, 64]', output_size: '10' });
    const result = fromPyTorch(NOTEBOOK, given({ ...EARLIER_CELL, output_size: ' 10 ' }));
    expect(result.missing).toEqual([]);
    expect(result.problems).toEqual([]);
    const whole = importEntry(CORPUS.find((e) => e.file === 'hidden_sizes_sequential.py')!).picked!;
    expect(result.model).toEqual(whole.model);
    expect(parameterCount(layerSpecs(result.model!))).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
  });

  it('follows a missing name through arithmetic and into a class, and asks for Dropout p too', () => {
    const result = fromPyTorch(`import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(n_in * 2, width)
        self.drop = nn.Dropout(p=rate)
        self.fc2 = nn.Linear(width, -n_out)
    def forward(self, x):
        return self.fc2(self.drop(self.fc1(x)))
`);
    expect(result.missing.map((m) => m.name)).toEqual(['n_in', 'width', 'rate', 'n_out']);
    const read = fromPyTorch('import torch.nn as nn\nm = nn.Sequential(nn.Linear(n_in * 2, width), nn.Dropout(p=rate))\n', given({ n_in: '392', width: '16', rate: '0.25' }));
    expect(layerSpecs(read.model!)).toEqual([
      { kind: 'linear', in: 784, out: 16, bias: true, init: 'lecun' },
      { kind: 'dropout', p: 0.25 },
    ]);
  });

  it('names a given value it cannot read and keeps asking for it', () => {
    const result = fromPyTorch(NOTEBOOK, given({ input_size: '784', hidden_sizes: '[128, 64', output_size: 'ten' }));
    expect(result.problems.filter((p) => p.line === 0).map((p) => p.message)).toEqual([
      'The value given for hidden_sizes ("[128, 64") is not one Python value like 784 or [128, 64]',
      'The value given for output_size ("ten") is a name, not a value like 784 or [128, 64]',
    ]);
    expect(result.missing.map((m) => m.name)).toEqual(['hidden_sizes', 'output_size']);
    const long = fromPyTorch(NOTEBOOK, given({ input_size: `[${'1, '.repeat(MAX_IMPORT_LENGTH / 3)}1]` }));
    expect(long.problems[0]?.message).toMatch(/^The value given for input_size is too long \(\d+ characters, at most 100000\)$/);
    expect(long.missing.map((m) => m.name)).toEqual(['input_size', 'hidden_sizes', 'output_size']);
  });

  it('asks only for plain names layers use: not defined ones, dotted ones, classes or inputs', () => {
    const result = fromPyTorch(`import torch.nn as nn
size = 32
model = nn.Sequential(Linear(size, 8), nn.Linear(8, cfg.width))
y = model(x)
`);
    expect(result.missing).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual(['nn.Linear(8, cfg.width): out_features must be a whole number like 256 (got cfg.width, which is not defined in the pasted code); left out']);
  });
});
