// Every named bug, made by a buggy layer written here (not from the module's own formulas), is
// recognised as that bug and no other, over random shapes and seeds; correct layers pass; the
// statistical checks (Dropout, init) are measured for false alarms and misses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BugId, bugsFor } from '../../../../web/src/learn/check/bugs.ts';
import { type CaseKind, type CheckCase, type DropoutCase, makeCase, type Matrix } from '../../../../web/src/learn/check/cases.ts';
import { recognise } from '../../../../web/src/learn/check/recognise.ts';
import { createRng, type Rng } from '../../../../web/src/data/rng.ts';
import NAMED_BUGS from './named-bugs.json';

// --- the learner's layers, correct and with each bug -------------------------------------

function linear(x: Matrix, W: Matrix, b: number[], bug: BugId | null): Matrix {
  const Wt = W[0]!.map((_, j) => W.map((r) => r[j]!)); // (out, in) → used as x @ W.T
  const M = bug === 'w-transposed' ? Wt : W;
  return x.map((row) =>
    M[0]!.map((_, j) => {
      let s = 0;
      for (let k = 0; k < row.length; k++) s += row[k]! * M[k]![j]!;
      if (bug !== 'bias-missing') s += b[j]!;
      if (bug === 'bias-twice') s += b[j]!;
      return s;
    }),
  );
}

function activation(x: Matrix, kind: 'relu' | 'sigmoid', bug: BugId | null): Matrix {
  const asRelu = (kind === 'relu') !== (bug === 'activation-swapped');
  return x.map((r) => r.map((v) => (asRelu ? Math.max(0, v) : 1 / (1 + Math.exp(-v)))));
}

function dropout(c: DropoutCase, bug: BugId | null, rng: Rng): Matrix {
  const training = c.kind === 'dropout-train' || bug === 'dropout-on-at-inference';
  return Array.from({ length: c.rows }, () =>
    Array.from({ length: c.cols }, () => {
      if (!training) return bug === 'dropout-scaled-at-inference' ? 1 / (1 - c.p) : 1;
      const u = rng.float();
      const keep = bug === 'dropout-keeps-p' ? u < c.p : u >= c.p;
      const scale = bug === 'dropout-no-scale' ? 1 : 1 / (1 - c.p);
      return keep ? scale : 0;
    }),
  );
}

function initStd(fanIn: number, fanOut: number, bug: BugId | null, rng: Rng): number {
  const scale = bug === 'init-variance-as-std' ? Math.sqrt(Math.sqrt(1 / fanIn)) : Math.sqrt(1 / fanIn);
  const n = fanIn * fanOut;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const w = rng.normal() * scale;
    sum += w;
    sq += w * w;
  }
  return Math.sqrt(sq / n - (sum / n) ** 2);
}

/** What the learner's notebook prints for the case. */
function run(c: CheckCase, bug: BugId | null, rng: Rng): Matrix | number {
  switch (c.kind) {
    case 'linear':
      return linear(c.x, c.W, c.b, bug);
    case 'relu':
    case 'sigmoid':
      return activation(c.x, c.kind, bug);
    case 'dropout-train':
    case 'dropout-eval':
      return dropout(c, bug, rng);
    case 'init':
      return initStd(c.in, c.out, bug, rng);
    case 'params':
      return c.in * c.out + (bug === 'params-missing-bias' ? 0 : c.out);
  }
}

/** Roughly NumPy's str (spaces) or repr (commas, array(...)). */
function print(v: Matrix | number, style: 'str' | 'repr' | 'list'): string {
  if (typeof v === 'number') return style === 'repr' ? `np.float64(${v})` : String(v);
  const num = (n: number): string => (Number.isInteger(n) ? `${n}.` : n.toFixed(8));
  if (style === 'str') return `[${v.map((r) => `[${r.map(num).join(' ')}]`).join('\n ')}]`;
  const rows = `[${v.map((r) => `[${r.map(num).join(', ')}]`).join(',\n       ')}]`;
  return style === 'repr' ? `array(${rows})` : rows.replace(/\.(?=[,\]])/g, '.0');
}

// --- properties ---------------------------------------------------------------------------

const shapeArb = fc.record({ batch: fc.integer({ min: 1, max: 5 }), in: fc.integer({ min: 1, max: 6 }), out: fc.integer({ min: 1, max: 6 }) });
const square = fc.record({ batch: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 2, max: 6 }) }).map(({ batch, n }) => ({ batch, in: n, out: n }));
const style = fc.constantFrom('str' as const, 'repr' as const, 'list' as const);
const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });

/** The module's named bugs per case (shared with the browser flows). */
const EXPECTED_BUGS = NAMED_BUGS as Record<CaseKind, BugId[]>;

describe('each named bug is recognised as itself and no other', () => {
  it("the page's cases can show exactly the bugs listed here", () => {
    for (const [kind, bugs] of Object.entries(EXPECTED_BUGS)) expect(bugsFor(makeCase(kind as CaseKind, 1))).toEqual(bugs);
  });

  for (const [kind, bugs] of Object.entries(EXPECTED_BUGS) as [CaseKind, BugId[]][]) {
    const shapes = kind === 'linear' ? square : shapeArb;
    const runs = kind === 'init' ? 8 : kind.startsWith('dropout') ? 60 : 100;
    for (const bug of [null, ...bugs]) {
      it(`${kind}: ${bug ?? 'correct layer'} (${runs} random cases)`, () => {
        fc.assert(
          fc.property(seed, shapes, style, seed, (s, shape, st, maskSeed) => {
            const c = makeCase(kind, s, shape);
            const text = print(run(c, bug, createRng(maskSeed, 99)), st);
            const v = recognise(c, text);
            if (bug === null) expect(v, text).toMatchObject({ status: 'correct' });
            else expect(v, text).toMatchObject({ status: 'bug', bug });
          }),
          { numRuns: runs },
        );
      });
    }
  }

  it('x·Wᵀ is only named when W is square and larger than 1×1 (otherwise it cannot run or changes nothing)', () => {
    fc.assert(
      fc.property(seed, shapeArb, (s, shape) => {
        const c = makeCase('linear', s, shape);
        expect(bugsFor(c).includes('w-transposed')).toBe(shape.in === shape.out && shape.in > 1);
        if (shape.in !== shape.out) expect(recognise(c, print(run(c, 'bias-missing', createRng(1)), 'repr'))).toMatchObject({ bug: 'bias-missing' });
      }),
      { numRuns: 100 },
    );
  });

  it('a wrong output that is no named bug is "wrong" with the first mismatch and its indices', () => {
    const c = makeCase('linear', 5) as Extract<CheckCase, { kind: 'linear' }>;
    const y = linear(c.x, c.W, c.b, null);
    y[1]![2] = y[1]![2]! + 0.5;
    const v = recognise(c, print(y, 'repr'));
    expect(v).toMatchObject({ status: 'wrong', mismatch: { index: [1, 2] } });
    expect(v.summary).toMatch(/first difference at \[1, 2\]/);
    expect(recognise(c, '[[1, 2]]').summary).toBe('Your output has shape (1, 2); expected (2, 3).');
  });
});

describe('the statistical checks, measured', () => {
  const RUNS = 400;
  // RUNS simulated runs per hypothesis; at 5 binomial stds a false alarm has probability ≈ 6e-7.
  it(`Dropout: no false alarms or misses in ${RUNS} runs of each layer, for every p offered`, () => {
    const tally = new Map<string, number>();
    for (let s = 0; s < RUNS; s++) {
      for (const kind of ['dropout-train', 'dropout-eval'] as const) {
        const c = makeCase(kind, s) as DropoutCase;
        for (const bug of [null, ...EXPECTED_BUGS[kind]]) {
          const v = recognise(c, print(run(c, bug, createRng(s, 7)), 'str'));
          const got = v.status === 'bug' ? v.bug : v.status;
          const key = `${kind} ${bug ?? 'correct'} → ${got}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
      }
    }
    const misread = [...tally].filter(([key]) => {
      const [made, got] = key.split(' → ') as [string, string];
      return !made.endsWith(got);
    });
    expect(misread).toEqual([]);
  });

  it('init: the std of a correct 256×512 init is within the tolerance, and a std at the edge is judged by it', () => {
    const c = makeCase('init', 1);
    expect(recognise(c, '0.0625')).toMatchObject({ status: 'correct' });
    expect(recognise(c, '0.0643')).toMatchObject({ status: 'correct' });
    expect(recognise(c, '0.0646')).toMatchObject({ status: 'wrong' });
    expect(recognise(c, '0.0884')).toMatchObject({ status: 'wrong' }); // sqrt(2/in): He, not the course's
    expect(recognise(c, '0.2500')).toMatchObject({ status: 'bug', bug: 'init-variance-as-std' });
  });

  it('Dropout: survivors of unequal value, all zeros, or the input back unchanged are explained', () => {
    const c = makeCase('dropout-train', 3) as DropoutCase;
    const ones = Array.from({ length: c.rows }, () => Array<number>(c.cols).fill(1));
    expect(recognise(c, print(ones, 'str')).summary).toMatch(/Your output equals the input: does forward read training\?/);
    ones[0]![0] = 2;
    expect(recognise(c, print(ones, 'str')).summary).toMatch(/The kept units differ \(from 1 to 2\)/);
    expect(recognise(c, print(ones.map((r) => r.map(() => 0)), 'str')).summary).toMatch(/^Every unit is 0/);
  });
});
