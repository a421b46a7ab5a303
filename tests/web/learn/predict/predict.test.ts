// Reading predictions and judging them against the course network's own summary.
import { describe, expect, it } from 'vitest';
import { summarizeInTs } from '../../../../web/src/engine/summary/summary-ts.ts';
import { readBytes, readFraction, readInteger, readShape } from '../../../../web/src/learn/predict/answers.ts';
import { type QuestionId, questionsFor } from '../../../../web/src/learn/predict/questions.ts';
import type { LayerSpec } from '../../../../web/src/vocabulary/layer-spec.ts';

const COURSE: LayerSpec[] = [
  { kind: 'linear', in: 784, out: 256, bias: true, init: 'lecun' },
  { kind: 'relu' },
  { kind: 'dropout', p: 0.2 },
  { kind: 'linear', in: 256, out: 128, bias: true, init: 'lecun' },
  { kind: 'relu' },
  { kind: 'linear', in: 128, out: 10, bias: true, init: 'lecun' },
];

function course(specs = COURSE, training = true) {
  const figures = summarizeInTs({ layers: specs, input: { batch: 32, features: [784] }, seed: 1, training, values: false } as never);
  return new Map(questionsFor(specs, figures, training).map((q) => [q.id, q]));
}

function judge(id: QuestionId, answer: string, specs = COURSE) {
  const q = course(specs).get(id);
  if (!q) throw new Error(`no question ${id}`);
  const r = q.judge(answer);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('reading answers', () => {
  it('sizes in every unit, with separators', () => {
    expect(readBytes('940,584 bytes')).toEqual({ ok: true, value: [940584] });
    expect(readBytes('919 KB')).toEqual({ ok: true, value: [919000, 919 * 1024] });
    expect(readBytes('0.92MB')).toEqual({ ok: true, value: [920000, 0.92 * 1024 ** 2] });
    expect(readBytes('918.5 KiB')).toEqual({ ok: true, value: [918.5 * 1024] });
    expect(readBytes('940 584 B')).toEqual({ ok: true, value: [940584] });
    expect(readBytes('12 furlongs')).toMatchObject({ ok: false, message: expect.stringMatching(/units B, bytes, KB, KiB, MB, MiB/) });
  });
  it('integers, shapes and fractions', () => {
    expect(readInteger('235,146')).toEqual({ ok: true, value: 235146 });
    expect(readInteger('1,29')).toMatchObject({ ok: false });
    expect(readInteger('2.5')).toMatchObject({ ok: false });
    expect(readShape('(32, 256)')).toEqual({ ok: true, value: [32, 256] });
    expect(readShape('32x256')).toEqual({ ok: true, value: [32, 256] });
    expect(readShape('(10,)')).toEqual({ ok: true, value: [10] });
    expect(readShape('(32, a)')).toMatchObject({ ok: false });
    expect(readFraction('80%')).toEqual({ ok: true, value: 0.8 });
    expect(readFraction('4/5')).toEqual({ ok: true, value: 0.8 });
    expect(readFraction('.8')).toEqual({ ok: true, value: 0.8 });
    expect(readInteger('9'.repeat(500))).toMatchObject({ ok: false, message: expect.stringMatching(/at most 200/) });
  });
});

describe('judging against the course network (784→256→128→10, batch 32, Dropout 0.2)', () => {
  it('right answers, in the forms people write them', () => {
    expect(judge('shape', '(32, 256)').correct).toBe(true);
    expect(judge('params', '200,960').correct).toBe(true);
    expect(judge('total', '235146').correct).toBe(true);
    for (const a of ['919 KB', '0.92 MB', '940,584 bytes', '918.5 KiB']) expect(judge('memory', a).correct, a).toBe(true);
    expect(judge('macs', String(32 * (784 * 256 + 256 * 128 + 128 * 10))).correct).toBe(true);
    expect(judge('keep', '80%').correct).toBe(true);
    expect(judge('scale', '1.25').correct).toBe(true);
    expect(judge('mode', 'train-only').correct).toBe(true);
    expect(judge('init', 'he').correct).toBe(true);
  });
  it('wrong answers name the slip they match', () => {
    expect(judge('shape', '(784, 256)').slip).toMatch(/W's shape/);
    expect(judge('shape', '(32, 784)').slip).toMatch(/input shape/);
    expect(judge('params', '200704').slip).toMatch(/forgot the bias/);
    expect(judge('params', String(200704 * 32)).slip).toMatch(/W times the batch/);
    expect(judge('total', String(235146 - 394)).slip).toMatch(/forgot the biases/);
    expect(judge('memory', '235,146 bytes').slip).toMatch(/4 bytes/);
    expect(judge('memory', '1.8 MB').slip).toMatch(/float64/);
    expect(judge('macs', String(784 * 256 + 256 * 128 + 128 * 10)).slip).toMatch(/one sample/);
    expect(judge('keep', '0.2').slip).toMatch(/You used p/);
    expect(judge('scale', '5').slip).toMatch(/p instead of 1 − p/);
    expect(judge('mode', 'both').slip).toMatch(/left on at inference/);
    expect(judge('init', 'lecun').slip).toMatch(/ReLU halves/);
    expect(judge('memory', '800 KB')).toMatchObject({ correct: false, slip: null });
  });
  it('a Tanh stack wants LeCun; a network without Dropout asks no keep or scale, and its output never changes', () => {
    const tanh: LayerSpec[] = [{ kind: 'linear', in: 784, out: 64, bias: false, init: 'lecun' }, { kind: 'tanh' }];
    expect(judge('init', 'lecun', tanh).correct).toBe(true);
    expect(judge('params', '50176', tanh)).toMatchObject({ correct: true, formula: 'in·out = 784·64 (no bias)' });
    expect(course(tanh).has('keep')).toBe(false);
    expect(judge('mode', 'neither', tanh).correct).toBe(true);
  });
});
