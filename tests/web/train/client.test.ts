// The page's side of the training worker: crash reports, the silence watchdog, request time
// limits, and type checks on what the worker sends. A fake worker and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrainClient, type WorkerLike } from '../../../web/src/train/page/client';
import type { FromWorker, ToWorker } from '../../../web/src/train/protocol';

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent<unknown>);
  }
}

function setup(): { client: TrainClient; workers: FakeWorker[]; messages: FromWorker[]; crashes: string[] } {
  const workers: FakeWorker[] = [];
  const messages: FromWorker[] = [];
  const crashes: string[] = [];
  const client = new TrainClient(
    { message: (m) => messages.push(m), crashed: (r) => crashes.push(r) },
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    1000,
  );
  return { client, workers, messages, crashes };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TrainClient', () => {
  it('starts the worker on first use and passes checked messages on', () => {
    const { client, workers, messages, crashes } = setup();
    expect(workers).toHaveLength(0);
    client.send({ type: 'play', seq: 1 });
    expect(workers[0]!.sent).toEqual([{ type: 'play', seq: 1 }]);
    workers[0]!.reply({ type: 'ready' });
    expect(messages).toEqual([{ type: 'ready' }]);
    workers[0]!.reply({ type: 'delete everything' });
    expect(crashes[0]).toMatch(/does not know/);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('an error event (a crash, out of memory) is reported and the next message starts a fresh worker', () => {
    const { client, workers, crashes } = setup();
    client.send({ type: 'pause', seq: 1 });
    workers[0]!.onerror?.({ message: 'RangeError: WebAssembly.Memory(): could not allocate memory', preventDefault: () => undefined } as ErrorEvent);
    expect(crashes).toEqual(['RangeError: WebAssembly.Memory(): could not allocate memory']);
    client.send({ type: 'play', seq: 2 });
    expect(workers).toHaveLength(2);
  });

  it('a worker that goes silent while it should be working counts as hung; a paused one does not', () => {
    const { client, workers, crashes } = setup();
    client.send({ type: 'play', seq: 1 });
    workers[0]!.reply({ type: 'ready' });
    vi.advanceTimersByTime(900);
    workers[0]!.reply({ type: 'progress', progress: { running: true } });
    vi.advanceTimersByTime(900);
    expect(crashes).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(crashes).toEqual(['it sent nothing for 1 s']);

    const paused = setup();
    paused.client.send({ type: 'play', seq: 1 });
    paused.workers[0]!.reply({ type: 'progress', progress: { running: false } });
    vi.advanceTimersByTime(60_000);
    expect(paused.crashes).toEqual([]);
  });

  it("a worker started for values only must say it is ready, then may stay quiet; values answer by id", async () => {
    const { client, workers, crashes } = setup();
    const request = { layers: [], input: { batch: 1, features: [2], data: 'normal' as const }, training: false, seed: 1, values: true };
    const answered = client.values(request);
    const sent = workers[0]!.sent[0];
    expect(sent).toMatchObject({ type: 'values', request });
    const snapshot = { trainedSteps: 5 };
    workers[0]!.reply({ type: 'values', id: sent && 'id' in sent ? sent.id : -1, snapshot, error: null });
    await expect(answered).resolves.toEqual(snapshot);
    workers[0]!.reply({ type: 'ready' });
    vi.advanceTimersByTime(60_000);
    expect(crashes).toEqual([]);
    const failing = client.values(request);
    const again = workers[0]!.sent[1];
    workers[0]!.reply({ type: 'values', id: again && 'id' in again ? again.id : -1, snapshot: null, error: 'layer 0 Linear(3, 4) expects 3' });
    await expect(failing).rejects.toThrow('layer 0 Linear(3, 4) expects 3');
    // An element names itself, so the worker gives it an engine of its own; the page does not.
    void client.values(request, 'element-3').catch(() => undefined);
    expect(workers[0]!.sent[2]).toMatchObject({ type: 'values', request, owner: 'element-3' });
    expect(workers[0]!.sent[0]).not.toHaveProperty('owner');
    const silent = setup();
    silent.client.send({ type: 'lr', lr: 0.1 }); // starts a worker that never says anything
    vi.advanceTimersByTime(1_100);
    expect(silent.crashes).toEqual(['it sent nothing for 1 s']);
  });

  it('an idle worker that answered its last request may stay quiet (as a real one: ready, then the answer)', async () => {
    const { client, workers, crashes } = setup();
    const request = { layers: [], input: { batch: 1, features: [2], data: 'normal' as const }, training: false, seed: 1, values: true };
    const answered = client.values(request);
    const sent = workers[0]!.sent[0];
    workers[0]!.reply({ type: 'ready' });
    workers[0]!.reply({ type: 'values', id: sent && 'id' in sent ? sent.id : -1, snapshot: { trainedSteps: null }, error: null });
    await answered;
    vi.advanceTimersByTime(60_000);
    expect(crashes).toEqual([]);
    expect(workers).toHaveLength(1);
  });

  it('where no worker can run, none is started: work is answered with the reason, requests fail with it', async () => {
    const made: FakeWorker[] = [];
    const messages: FromWorker[] = [];
    const crashes: string[] = [];
    const reason = 'This browser has WebAssembly turned off: shapes and counts work; values and training need it.';
    const client = new TrainClient({ message: (m) => messages.push(m), crashed: (r) => crashes.push(r) }, () => (made.push(new FakeWorker()), made.at(-1)!), 1000, reason);
    client.start();
    client.send({ type: 'play', seq: 1 });
    client.send({ type: 'lr', lr: 0.1 });
    await Promise.resolve();
    expect(messages).toEqual([{ type: 'error', message: reason }]);
    await expect(client.memory()).rejects.toThrow('This browser has WebAssembly turned off: shapes and counts work; values and training need it');
    vi.advanceTimersByTime(60_000);
    expect(made).toHaveLength(0);
    expect(crashes).toEqual([]);
  });

  it('requests answer by id and fail after their time limit', async () => {
    const { client, workers } = setup();
    const answered = client.weights();
    const sent = workers[0]!.sent[0];
    expect(sent?.type).toBe('weights');
    workers[0]!.reply({ type: 'weights', id: sent && 'id' in sent ? sent.id : -1, step: 3, weights: [new Float32Array([1])] });
    await expect(answered).resolves.toEqual({ step: 3, weights: [new Float32Array([1])] });
    const memory = client.memory();
    const asked = workers[0]!.sent[1];
    expect(asked?.type).toBe('memory');
    const heap = { inUse: 1000, heap: 16 * 2 ** 20, emvalHandles: 5, step: null, working: false };
    workers[0]!.reply({ type: 'memory', id: asked && 'id' in asked ? asked.id : -1, memory: heap });
    await expect(memory).resolves.toEqual(heap);
    const late = setup();
    const never = late.client.snapshot({ firstLayer: true });
    late.workers[0]!.reply({ type: 'ready' });
    const check = expect(never).rejects.toThrow(/did not answer a snapshot request within 15 s|sent nothing/);
    vi.advanceTimersByTime(16_000);
    await check;
  });

  it('a refused request fails on its own and reaches no one else (the run goes on)', async () => {
    const { client, workers, messages } = setup();
    const asked = client.snapshot({ firstLayer: true });
    const sent = workers[0]!.sent[0];
    workers[0]!.reply({ type: 'refused', id: sent && 'id' in sent ? sent.id : -1, message: 'no training run to take a snapshot of yet' });
    await expect(asked).rejects.toThrow('the training worker could not answer: no training run to take a snapshot of yet');
    expect(messages).toEqual([]);
  });
});

describe('TrainClient channels (one per embedded element)', () => {
  it('wraps an owner’s messages, hands its answers to it alone, and drops its run on dispose', async () => {
    const { client, workers, messages } = setup();
    const a = client.channel('a');
    const heard: FromWorker[] = [];
    a.events.target = { message: (m) => heard.push(m), crashed: () => undefined };
    a.send({ type: 'play', seq: 1 });
    expect(workers[0]!.sent.at(-1)).toEqual({ type: 'routed', owner: 'a', message: { type: 'play', seq: 1 } });
    const weights = a.weights();
    const asked = workers[0]!.sent.at(-1) as Extract<ToWorker, { type: 'routed' }>;
    expect(asked.message.type).toBe('weights');
    const id = (asked.message as Extract<ToWorker, { type: 'weights' }>).id;
    workers[0]!.reply({ type: 'routed', owner: 'a', message: { type: 'weights', id, step: 3, weights: [] } });
    await expect(weights).resolves.toEqual({ step: 3, weights: [] });
    workers[0]!.reply({ type: 'routed', owner: 'a', message: { type: 'loading', received: 1, total: 2 } });
    workers[0]!.reply({ type: 'routed', owner: 'gone', message: { type: 'loading', received: 1, total: 2 } });
    expect(heard).toEqual([{ type: 'loading', received: 1, total: 2 }]);
    expect(messages).toEqual([]);
    a.dispose();
    expect(workers[0]!.sent.at(-1)).toEqual({ type: 'drop', owner: 'a' });
  });

  it('tells every channel when the worker crashes', () => {
    const { client, workers } = setup();
    const reasons: string[] = [];
    for (const owner of ['a', 'b']) client.channel(owner).events.target = { message: () => undefined, crashed: (r) => reasons.push(`${owner}: ${r}`) };
    client.start();
    workers[0]!.reply({ type: 'routed', owner: 'a', message: { type: 'routed', owner: 'b', message: { type: 'ready' } } });
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/^a: it sent a routed message this page does not know/);
  });
});
