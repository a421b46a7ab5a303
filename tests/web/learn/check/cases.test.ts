// The cases' Python, run by NumPy: layers written the course's way (and with each named bug)
// print results that the page reads and judges as the reference (or as that bug). This holds
// the TypeScript reference values to NumPy's and the parser to NumPy's real prints.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type BugId, bugsFor } from '../../../../web/src/learn/check/bugs.ts';
import { CASE_KINDS, casePython, makeCase } from '../../../../web/src/learn/check/cases.ts';
import { recognise } from '../../../../web/src/learn/check/recognise.ts';
import { hasNumpy, PYTHON } from '../numpy.ts';

const LAYERS = fileURLToPath(new URL('./course_layers.py', import.meta.url));

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
    execFileSync(PYTHON, [LAYERS], { input: JSON.stringify(jobs.map(({ code, bug, seed }) => ({ code, bug, seed }))), encoding: 'utf8', timeout: 120_000 }),
  ) as string[];

  it.each(jobs.map((j, i) => [j.name, j, i] as const))('%s', (_name, job, i) => {
    const c = makeCase(job.kind as (typeof CASE_KINDS)[number], job.seed);
    const v = recognise(c, printed[i]!);
    if (job.bug === null) expect(v, printed[i]).toMatchObject({ status: 'correct' });
    else expect(v, printed[i]).toMatchObject({ status: 'bug', bug: job.bug });
  });

  it("every case runs in the course's own API (the stand-in library tests/python/course_layers.py) and passes", () => {
    const standIn = fileURLToPath(new URL('../../../python/', import.meta.url));
    for (const kind of CASE_KINDS) {
      const c = makeCase(kind, 9);
      const code = `import sys; sys.path.insert(0, ${JSON.stringify(standIn)})\nfrom course_layers import *\n${casePython(c)}`;
      const printed = execFileSync(PYTHON, ['-c', code], { encoding: 'utf8', timeout: 60_000 });
      expect(recognise(c, printed), `${kind}: ${printed}`).toMatchObject({ status: 'correct' });
    }
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
