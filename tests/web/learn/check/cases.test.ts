// The cases' Python, run by NumPy: layers written the course's way (and with each named bug)
// print results that the page reads and judges as the reference (or as that bug). This holds
// the TypeScript reference values to NumPy's and the parser to NumPy's real prints.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type BugId, bugsFor } from '../../../../web/src/learn/check/bugs.ts';
import { CASE_KINDS, casePython, makeCase } from '../../../../web/src/learn/check/cases.ts';
import { recognise } from '../../../../web/src/learn/check/recognise.ts';
import { hasNumpy, PYTHON } from '../numpy.ts';

// The learner's notebook: the course's layers, with one named bug switched on (or none).
const LAYERS = String.raw`
import contextlib, io, json, sys
import numpy as np

def layers(bug, seed):
    class Linear:
        def __init__(self, fan_in, fan_out):
            std = np.sqrt(1 / fan_in)
            if bug == 'init-variance-as-std': std = np.sqrt(std)
            self.W = np.random.default_rng(seed).standard_normal((fan_in, fan_out)) * std
            self.b = np.zeros(fan_out)
        def forward(self, x, training=True):
            if bug == 'w-transposed': return x @ self.W.T + self.b
            if bug == 'bias-missing': return x @ self.W
            if bug == 'bias-twice': return x @ self.W + self.b + self.b
            return x @ self.W + self.b
        def parameters(self):
            return [self.W] if bug == 'params-missing-bias' else [self.W, self.b]
    def relu(x): return np.maximum(0, x)
    def sigmoid(x): return 1 / (1 + np.exp(-x))
    class ReLU:
        def forward(self, x, training=True): return sigmoid(x) if bug == 'activation-swapped' else relu(x)
    class Sigmoid:
        def forward(self, x, training=True): return relu(x) if bug == 'activation-swapped' else sigmoid(x)
    class Dropout:
        def __init__(self, p):
            self.p = p
            self.rng = np.random.default_rng(seed)
        def forward(self, x, training=True):
            if not training and bug != 'dropout-on-at-inference':
                return x / (1 - self.p) if bug == 'dropout-scaled-at-inference' else x
            u = self.rng.random(x.shape)
            mask = (u < self.p) if bug == 'dropout-keeps-p' else (u >= self.p)
            scale = 1.0 if bug == 'dropout-no-scale' else 1 / (1 - self.p)
            return x * mask * scale
    return {'Linear': Linear, 'ReLU': ReLU, 'Sigmoid': Sigmoid, 'Dropout': Dropout}

out = []
for job in json.load(sys.stdin):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(job['code'], layers(job['bug'], job['seed']))
    out.append(buf.getvalue())
print(json.dumps(out))
`;

interface Job {
  code: string;
  bug: BugId | null;
  seed: number;
}

describe.runIf(hasNumpy())('cases run by NumPy', () => {
  const jobs: (Job & { name: string; kind: string })[] = [];
  for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
    for (const kind of CASE_KINDS) {
      const c = makeCase(kind, seed);
      for (const bug of [null, ...bugsFor(c)]) jobs.push({ name: `${kind} ${bug ?? 'correct'} (case ${seed})`, kind, code: casePython(c), bug, seed });
    }
  }
  const printed = JSON.parse(
    execFileSync(PYTHON, ['-c', LAYERS], { input: JSON.stringify(jobs.map(({ code, bug, seed }) => ({ code, bug, seed }))), encoding: 'utf8', timeout: 120_000 }),
  ) as string[];

  it.each(jobs.map((j, i) => [j.name, j, i] as const))('%s', (_name, job, i) => {
    const c = makeCase(job.kind as (typeof CASE_KINDS)[number], job.seed);
    const v = recognise(c, printed[i]!);
    if (job.bug === null) expect(v, printed[i]).toMatchObject({ status: 'correct' });
    else expect(v, printed[i]).toMatchObject({ status: 'bug', bug: job.bug });
  });

  it('the Linear literals are exactly the values the page computed with (tenths survive the round trip)', () => {
    const c = makeCase('linear', 3);
    if (c.kind !== 'linear') throw new Error('not a linear case');
    const literals = casePython(c).split('\nlayer = ')[0]!;
    const code = `${literals}\nprint(repr(x.tolist())); print(repr(W.tolist())); print(repr(b.tolist()))`;
    const lines = execFileSync(PYTHON, ['-c', code], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([c.x, c.W, c.b]);
  });
});

describe('cases', () => {
  it('the same seed gives the same case and Python; another seed another', () => {
    expect(casePython(makeCase('linear', 11))).toBe(casePython(makeCase('linear', 11)));
    expect(casePython(makeCase('linear', 11))).not.toBe(casePython(makeCase('linear', 12)));
  });
});
