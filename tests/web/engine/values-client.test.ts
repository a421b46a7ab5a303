import { beforeAll, describe, expect, it } from 'vitest';
import { Engine, type RunRequest } from '../../../web/src/engine/engine';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { loadLayerlabNode } from '../../../web/src/engine/load-node';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import { type Snapshot, transferables } from '../../../web/src/engine/snapshot';
import { CoalescingValuesClient, StaleAnswer } from '../../../web/src/engine/values-client';

const linear = (inF: number, out: number): LayerSpec => ({ kind: 'linear', in: inF, out, bias: true, init: 'lecun' });
const request = (seed: number, values = true, layers: LayerSpec[] = [linear(64, 32), { kind: 'dropout', p: 0.4 }, { kind: 'relu' }, linear(32, 8)]): RunRequest => ({
  layers,
  input: { batch: 16, features: [64], data: 'normal' },
  training: true,
  seed,
  values,
});

/** Everything but timings and heap figures, which legitimately differ between engines. */
function comparable(s: Snapshot) {
  const { runMs: _r, forwardMs: _f, memory: _m, ...rest } = s;
  return rest;
}

describe('two engines agree (what the worker that computes values relies on)', () => {
  let ll: LayerlabModule;
  let other: LayerlabModule;
  beforeAll(async () => {
    ll = await loadLayerlabNode();
    other = await loadLayerlabNode(); // a second module instance, like the worker's
  });

  it('a page engine with a history of edits and a fresh engine in another module give the same snapshot', () => {
    const page = new Engine(ll);
    const worker = new Engine(other);
    try {
      page.run(request(1));
      page.run(request(7, false, [linear(64, 32), { kind: 'relu' }]));
      page.run(request(7, false)); // the first phase: shapes only, layers cached
      worker.run(request(3)); // the worker's own history differs too
      const a = page.run(request(7));
      const b = worker.run(request(7));
      expect(a.valuesComputed).toBe(true);
      expect(comparable(b)).toEqual(comparable(a));
    } finally {
      page.dispose();
      worker.dispose();
    }
  });

  it('transferables lists each output and mask buffer, never the cached input', () => {
    const engine = new Engine(ll);
    try {
      const s = engine.run(request(5));
      const buffers = transferables(s);
      expect(buffers).toHaveLength(4 + 1);
      expect(buffers).not.toContain(s.input!.buffer);
      const copy = structuredClone(s, { transfer: buffers });
      expect(comparable(copy)).toEqual(comparable(engine.run(request(5))));
    } finally {
      engine.dispose();
    }
  });
});

/** A stand-in for the worker: records questions; the test answers or fails them. */
function fakeAsk() {
  const questions: { request: RunRequest; resolve(s: Snapshot): void; reject(e: unknown): void }[] = [];
  const ask = (request: RunRequest) => new Promise<Snapshot>((resolve, reject) => questions.push({ request, resolve, reject }));
  const answer = (i: number) => questions[i]!.resolve({ seed: questions[i]!.request.seed } as unknown as Snapshot);
  return { questions, ask, answer };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('CoalescingValuesClient', () => {
  it('asks nothing until used, then resolves with the answer', async () => {
    const { questions, ask, answer } = fakeAsk();
    const client = new CoalescingValuesClient(ask);
    expect(questions).toHaveLength(0);
    const p = client.compute(request(1));
    expect(questions.map((q) => q.request.seed)).toEqual([1]);
    answer(0);
    expect(await p).toEqual({ seed: 1 });
  });

  it('one request in flight; newer ones replace the queued one; stale answers are dropped', async () => {
    const { questions, ask, answer } = fakeAsk();
    const client = new CoalescingValuesClient(ask);
    const first = client.compute(request(1));
    const second = client.compute(request(2));
    const third = client.compute(request(3));
    await expect(first).rejects.toBeInstanceOf(StaleAnswer);
    await expect(second).rejects.toBeInstanceOf(StaleAnswer);
    expect(questions.map((q) => q.request.seed)).toEqual([1]); // busy: 3 waits
    answer(0); // stale: dropped, and 3 goes out
    await settle();
    expect(questions.map((q) => q.request.seed)).toEqual([1, 3]);
    answer(1);
    expect(await third).toEqual({ seed: 3 });
  });

  it('a failure rejects that request only; the next one is asked again; dispose drops what waits', async () => {
    const { questions, ask, answer } = fakeAsk();
    const client = new CoalescingValuesClient(ask);
    const p = client.compute(request(1));
    questions[0]!.reject(new Error('the training worker stopped: boom'));
    await expect(p).rejects.toThrow(/boom/);
    const again = client.compute(request(2));
    answer(1);
    expect(await again).toEqual({ seed: 2 });
    const pending = client.compute(request(3));
    client.dispose();
    await expect(pending).rejects.toBeInstanceOf(StaleAnswer);
    await expect(client.compute(request(4))).rejects.toBeInstanceOf(StaleAnswer);
  });
});
