import { beforeAll, describe, expect, it } from 'vitest';
import { Engine, type RunRequest } from '../../../web/src/engine/engine';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { loadLayerlabNode } from '../../../web/src/engine/load-node';
import type { LayerSpec } from '../../../web/src/model/layer-specs';
import { type Snapshot, transferables } from '../../../web/src/engine/snapshot';
import { StaleAnswer, WorkerValuesClient } from '../../../web/src/engine/values-client';
import type { ValuesAnswer, ValuesQuestion } from '../../../web/src/engine/values-worker';

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

describe('two engines agree (what the values worker relies on)', () => {
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

/** A stand-in Worker: records questions; the test answers them. */
class FakeWorker {
  onmessage: ((event: MessageEvent<ValuesAnswer>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  questions: ValuesQuestion[] = [];
  terminated = false;
  postMessage(q: ValuesQuestion): void {
    this.questions.push(q);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(id: number, seed: number): void {
    this.onmessage?.({ data: { id, snapshot: { seed } as unknown as Snapshot } } as MessageEvent<ValuesAnswer>);
  }
}

describe('WorkerValuesClient', () => {
  const setup = () => {
    const workers: FakeWorker[] = [];
    const client = new WorkerValuesClient(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    });
    return { client, workers };
  };

  it('starts the worker on first use and resolves by id', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    const p = client.compute(request(1));
    expect(workers).toHaveLength(1);
    const q = workers[0]!.questions[0]!;
    expect(q.request.seed).toBe(1);
    workers[0]!.answer(q.id, 1);
    expect(await p).toEqual({ seed: 1 });
  });

  it('one request in flight; newer ones replace the queued one; stale answers are ignored', async () => {
    const { client, workers } = setup();
    const first = client.compute(request(1));
    const second = client.compute(request(2));
    const third = client.compute(request(3));
    await expect(first).rejects.toBeInstanceOf(StaleAnswer);
    await expect(second).rejects.toBeInstanceOf(StaleAnswer);
    const w = workers[0]!;
    expect(w.questions.map((q) => q.request.seed)).toEqual([1]); // busy: 3 waits
    w.answer(w.questions[0]!.id, 1); // stale: dropped, and 3 goes out
    expect(w.questions.map((q) => q.request.seed)).toEqual([1, 3]);
    w.answer(w.questions[1]!.id, 3);
    expect(await third).toEqual({ seed: 3 });
  });

  it('a worker error rejects the pending request and later ones; dispose terminates', async () => {
    const { client, workers } = setup();
    const p = client.compute(request(1));
    workers[0]!.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    await expect(p).rejects.toThrow(/boom/);
    await expect(client.compute(request(2))).rejects.toThrow(/boom/);
    const { client: c2, workers: w2 } = setup();
    const pending = c2.compute(request(1));
    c2.dispose();
    expect(w2[0]!.terminated).toBe(true);
    await expect(pending).rejects.toBeInstanceOf(StaleAnswer);
  });
});
