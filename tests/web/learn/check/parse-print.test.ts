// The reader of printed arrays, on NumPy's own prints (written by /usr/bin/python3 with NumPy)
// and on hostile or malformed pastes.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_NUMBERS, MAX_PASTE_CHARS, parsePrinted, type Printed } from '../../../../web/src/learn/check/parse-print.ts';
import { hasNumpy, PYTHON } from '../numpy.ts';

function read(text: string): Printed {
  const r = parsePrinted(text);
  if (!r.ok) throw new Error(`unexpected problem: ${r.problem.message}`);
  return r.value;
}

function problem(text: string): string {
  const r = parsePrinted(text);
  if (r.ok) throw new Error(`read as ${JSON.stringify([...r.value.values])}`);
  return r.problem.message;
}

// Each sample: the text NumPy printed and the values (as float64 via tolist) it printed from.
const NUMPY_SAMPLES = String.raw`
import json, numpy as np
rng = np.random.default_rng(7)
arrays = {
  'matrix': rng.normal(size=(3, 4)),
  'float32': rng.normal(size=(2, 5)).astype(np.float32),
  'scientific': rng.normal(size=(2, 3)) * 1e-6,
  'mixed magnitudes': np.array([[1e-9, 2.5, -3e7], [0.0, -0.0, 1.0]]),
  'vector': rng.normal(size=5),
  'integers': np.arange(6).reshape(2, 3),
  'dropout': (rng.random((20, 50)) >= 0.2) / 0.8,
  'special': np.array([[np.nan, np.inf, -np.inf, 1.5]]),
  'column': rng.normal(size=(4, 1)),
  'three-d': rng.normal(size=(2, 2, 3)),
}
out = []
for name, a in arrays.items():
  for precision in (8, 4):
    np.set_printoptions(precision=precision, threshold=100000, linewidth=75)
    for fmt in ('str', 'repr', 'list'):
      text = str(a) if fmt == 'str' else repr(a) if fmt == 'repr' else repr(a.tolist())
      out.append({'name': f'{name} {fmt} p{precision}', 'text': text, 'shape': list(a.shape), 'values': [None if not np.isfinite(v) else float(v) for v in a.astype(np.float64).ravel()], 'special': [str(v) for v in a.astype(np.float64).ravel()], 'precision': 8 if fmt == 'list' else precision})
for v in (np.float64(0.0625123), np.float32(0.25), np.int64(65792)):
  out.append({'name': f'scalar {type(v).__name__}', 'text': repr(v), 'shape': [], 'values': [float(v)], 'special': [str(float(v))], 'precision': 8})
print(json.dumps(out))
`;

interface Sample {
  name: string;
  text: string;
  shape: number[];
  values: (number | null)[];
  special: string[];
  precision: number;
}

describe.runIf(hasNumpy())('reading NumPy prints', () => {
  const samples = JSON.parse(execFileSync(PYTHON, ['-c', NUMPY_SAMPLES], { encoding: 'utf8', timeout: 60_000 })) as Sample[];

  it('NumPy wrote the expected formats (self-check of the sample script)', () => {
    expect(samples.find((s) => s.name === 'matrix repr p8')?.text).toMatch(/^array\(\[\[/);
    expect(samples.find((s) => s.name === 'float32 repr p8')?.text).toMatch(/dtype=float32\)$/);
    expect(samples.find((s) => s.name === 'scientific str p8')?.text).toMatch(/e-0\d/);
    expect(samples.find((s) => s.name === 'dropout str p8')?.text).not.toContain('...');
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const got = read(s.text);
    expect(got.shape).toEqual(s.shape);
    expect(got.values.length).toBe(s.values.length);
    s.values.forEach((want, i) => {
      const v = got.values[i]!;
      if (want === null) expect(String(v)).toBe(s.special[i] === 'nan' ? 'NaN' : s.special[i] === 'inf' ? 'Infinity' : '-Infinity');
      // The print rounds to `precision` decimals (or significant digits in scientific notation).
      else expect(Math.abs(v - want)).toBeLessThanOrEqual(Math.max(Math.abs(want) * 10 ** -(s.precision - 1), 10 ** -s.precision));
    });
  });

  it('a NumPy print shortened with "..." is refused with the fix', () => {
    const text = execFileSync(PYTHON, ['-c', 'import numpy as np; print(np.ones((40, 50)))'], { encoding: 'utf8', timeout: 60_000 });
    expect(problem(text)).toMatch(/Line 1, column \d+: .*NumPy shortened the array: run np\.set_printoptions\(threshold=100000\)/);
  });
});

describe('wrappers and plain text', () => {
  it('reads Tensor(...), torch-style keywords and nested wrappers', () => {
    expect(read('Tensor([[1.5, -2.0]])').values).toEqual(Float64Array.from([1.5, -2]));
    expect(read('tensor([[0.1000, 0.2000]], grad_fn=<AddmmBackward0>)').shape).toEqual([1, 2]);
    expect(read("Tensor(array([[1., 2.]]), requires_grad=True, device='cpu')").values).toEqual(Float64Array.from([1, 2]));
    expect(read('np.float64(0.0625)').shape).toEqual([]);
    expect(read('[[1e-3 -2.5E+02]]').values).toEqual(Float64Array.from([0.001, -250]));
    expect(read('[1, 2, 3,]').shape).toEqual([3]);
    expect(read('[]').shape).toEqual([0]);
  });
});

describe('unreadable and hostile input', () => {
  it('names the line and column and what was expected', () => {
    expect(problem('[[1, 2],\n [3, x]]')).toBe("Line 2, column 7: expected '(' after 'x', found ']]'.");
    expect(problem('[[1, 2],\n [3, 4]')).toMatch(/^Line 2, column 8: expected '\]' to close the list/);
    expect(problem('[[1, 2],\n [3]]')).toMatch(/^Line 1, column 1: the rows differ in length: item \[1\] has shape \(1\), item \[0\] has \(2\)/);
    expect(problem('[1 2] [3 4]')).toBe("Line 1, column 7: expected the end after one array, found '[3' (paste one printed result).");
    expect(problem('   \n  ')).toMatch(/found nothing/);
    expect(problem('y = [1, 2]')).toMatch(/^Line 1, column 3: expected '\(' after 'y'/);
    expect(problem('array([1, 2], dtype=)')).toMatch(/expected the value of dtype=/);
    expect(problem('[1.2.3]')).toMatch(/expected a number/);
  });

  it('refuses pastes over the size limit before reading them', () => {
    const huge = '['.padEnd(MAX_PASTE_CHARS + 1, '1');
    expect(problem(huge)).toMatch(/^The paste is 100,001 characters; at most 100,000 are read/);
  });

  it('refuses deep nesting and too many numbers with a message, not a stack overflow', () => {
    expect(problem('['.repeat(5000) + ']'.repeat(5000))).toMatch(`nested deeper than ${MAX_DEPTH} levels`);
    expect(problem('Tensor('.repeat(5000))).toMatch(`nested deeper than ${MAX_DEPTH} levels`);
    expect(problem(`[${'1 '.repeat(MAX_NUMBERS + 1)}]`)).toMatch(`more than ${MAX_NUMBERS} numbers`);
  });

  // Bounded generously (a shared 2-core machine): a backtracking regex would take minutes here.
  it('long hostile pastes under the limit are refused without backtracking', () => {
    for (const text of ['a.'.repeat(40_000), '['.repeat(8) + '1e'.repeat(30_000), "array([1], dtype='" + 'x'.repeat(90_000), '<'.repeat(90_000)]) {
      const t0 = performance.now();
      const r = parsePrinted(text);
      expect(r.ok).toBe(false);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });
});
