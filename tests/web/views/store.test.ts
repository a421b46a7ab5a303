import { describe, expect, test } from 'vitest';
import type { RunRequest } from '../../../web/src/engine/engine.ts';
import type { Snapshot } from '../../../web/src/engine/snapshot.ts';
import { Store, VALUES_RETRIES, runRequest } from '../../../web/src/app/store.ts';
import { StaleAnswer, type ValuesClient } from '../../../web/src/engine/values-client.ts';
import { estimateMultiplyAdds, isBigNetwork } from '../../../web/src/app/cost.ts';
import { addBlock, createModel, setInput, setSeed, setTraining, updateBlock } from '../../../web/src/model/network/network.ts';
import { presetById } from '../../../web/src/model/network/presets.ts';
import { freshSeed } from '../../../web/src/views/shell/mode-panel.ts';
import { FakeHost } from './fake-host.ts';

const mnist = presetById('mnist-mlp')!.model;

function fakeSnapshot(request: RunRequest): Snapshot {
  return {
    inputShape: [request.input.batch, ...request.input.features],
    input: null,
    outputShape: null,
    blocks: [],
    totals: { parameters: 0, parameterBytes: 0, activationBytes: 0, inputBytes: 0, multiplyAdds: 0 },
    error: null,
    failure: null,
    valuesComputed: request.values,
    valuesSkipped: null,
    forwardMs: request.values ? 1 : null,
    runMs: 1,
    memory: { inUse: 0, heap: 0 },
    kernel: 'fake',
    trainedSteps: null,
  };
}

function setup(isBig = false, fail = false) {
  const host = new FakeHost();
  const requests: RunRequest[] = [];
  const runner = {
    run(request: RunRequest): Snapshot {
      requests.push(request);
      if (fail) throw new Error('out of memory');
      return fakeSnapshot(request);
    },
  };
  const store = new Store(runner, mnist, host, { isBig: () => isBig, now: () => 0 });
  const seen: { computing: boolean; values: boolean | undefined }[] = [];
  store.subscribe((s) => seen.push({ computing: s.computingValues, values: s.snapshot?.valuesComputed }));
  return { host, requests, store, seen };
}

describe('Store', () => {
  test('the first frame runs the initial model once', () => {
    const { host, requests } = setup();
    host.flushFrames();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.values).toBe(true);
    expect(requests[0]!.layers).toHaveLength(5);
  });

  test('edits in one frame coalesce into one run of the latest model', () => {
    const { host, requests, store } = setup();
    host.flushFrames();
    store.edit((m) => setSeed(m, 1));
    store.edit((m) => setSeed(m, 2));
    store.edit((m) => setTraining(m, false));
    host.flushFrames();
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ seed: 2, training: false });
  });

  test('an edit that changes nothing does not run', () => {
    const { host, requests, store } = setup();
    host.flushFrames();
    store.edit((m) => m);
    host.flushFrames();
    expect(requests).toHaveLength(1);
  });

  test('big networks: shapes first, values in a later task; a new edit cancels it', () => {
    const { host, requests, store, seen } = setup(true);
    host.flushFrames();
    expect(requests.map((r) => r.values)).toEqual([false]);
    expect(seen.at(-1)).toEqual({ computing: true, values: false });
    store.edit((m) => setSeed(m, 7));
    host.flushTimers(); // cancelled: nothing runs
    expect(requests).toHaveLength(1);
    host.flushFrames();
    host.flushTimers();
    expect(requests.map((r) => [r.values, r.seed])).toEqual([
      [false, 42],
      [false, 7],
      [true, 7],
    ]);
    expect(seen.at(-1)).toEqual({ computing: false, values: true });
  });

  test('replace bumps the generation', () => {
    const { store } = setup();
    const before = store.current.generation;
    store.replace(presetById('tiny')!.model);
    expect(store.current.generation).toBe(before + 1);
    store.edit((m) => setSeed(m, 3));
    expect(store.current.generation).toBe(before + 1);
  });

  test('an engine failure with no snapshot yet is reported and shows none', () => {
    const { host, store } = setup(false, true);
    host.flushFrames();
    expect(store.current.engineError).toBe('out of memory');
    expect(store.current.snapshot).toBeNull();
  });

  test('an engine failure is reported and keeps the last snapshot', () => {
    const host = new FakeHost();
    let failing = false;
    const runner = {
      run(request: RunRequest): Snapshot {
        if (failing) throw new Error('out of memory');
        return fakeSnapshot(request);
      },
    };
    const store = new Store(runner, mnist, host, { isBig: () => false, now: () => 0 });
    host.flushFrames();
    const good = store.current.snapshot;
    expect(good).not.toBeNull();
    expect(good!.inputShape).toEqual([32, 784]);
    failing = true;
    store.edit((m) => setInput(m, { batch: 8 }));
    host.flushFrames();
    expect(store.current.engineError).toBe('out of memory');
    expect(store.current.model.input.batch).toBe(8);
    expect(store.current.snapshot).toBe(good);
    failing = false;
    store.edit((m) => setSeed(m, 5));
    host.flushFrames();
    expect(store.current.engineError).toBeNull();
    expect(store.current.snapshot!.inputShape).toEqual([8, 784]);
  });
});

/** A values client whose answers a test resolves by hand. */
class FakeValues implements ValuesClient {
  calls: { request: RunRequest; resolve(s: Snapshot): void; reject(e: unknown): void }[] = [];
  disposed = false;
  compute(request: RunRequest): Promise<Snapshot> {
    return new Promise((resolve, reject) => this.calls.push({ request, resolve, reject }));
  }
  dispose(): void {
    this.disposed = true;
  }
}

function setupAsync() {
  const host = new FakeHost();
  const requests: RunRequest[] = [];
  const runner = {
    run(request: RunRequest): Snapshot {
      requests.push(request);
      return fakeSnapshot(request);
    },
  };
  const values = new FakeValues();
  const store = new Store(runner, mnist, host, { isBig: () => true, now: () => 0, values });
  const seen: { computing: boolean; values: boolean | undefined; seed: number }[] = [];
  store.subscribe((s) => seen.push({ computing: s.computingValues, values: s.snapshot?.valuesComputed, seed: s.model.seed }));
  return { host, requests, store, seen, values };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Store with the worker computing values', () => {
  test('big networks: shapes on this thread, values from the client', async () => {
    const { host, requests, seen, values } = setupAsync();
    host.flushFrames();
    host.flushTimers();
    expect(requests.map((r) => r.values)).toEqual([false]); // nothing synchronous for values
    expect(values.calls.map((c) => c.request.values)).toEqual([true]);
    expect(seen.at(-1)).toMatchObject({ computing: true, values: false });
    values.calls[0]!.resolve(fakeSnapshot(values.calls[0]!.request));
    await settle();
    expect(seen.at(-1)).toMatchObject({ computing: false, values: true });
    expect(requests).toHaveLength(1);
  });

  test('a newer edit makes the pending answer stale', async () => {
    const { host, requests, store, seen, values } = setupAsync();
    host.flushFrames();
    host.flushTimers();
    store.edit((m) => setSeed(m, 7));
    const renders = seen.length;
    values.calls[0]!.resolve(fakeSnapshot(values.calls[0]!.request)); // for seed 42: ignored
    await settle();
    expect(seen).toHaveLength(renders);
    host.flushFrames();
    host.flushTimers();
    expect(requests.map((r) => [r.values, r.seed])).toEqual([
      [false, 42],
      [false, 7],
    ]);
    expect(values.calls.map((c) => c.request.seed)).toEqual([42, 7]);
    expect(seen.at(-1)).toMatchObject({ computing: true, seed: 7 });
    values.calls[1]!.resolve(fakeSnapshot(values.calls[1]!.request));
    await settle();
    expect(seen.at(-1)).toEqual({ computing: false, values: true, seed: 7 });
  });

  test('a StaleAnswer rejection is ignored; an answer after dispose is dropped', async () => {
    const { host, store, seen, values } = setupAsync();
    host.flushFrames();
    host.flushTimers();
    const renders = seen.length;
    values.calls[0]!.reject(new StaleAnswer());
    await settle();
    expect(seen).toHaveLength(renders);
    store.dispose();
    values.calls[0]!.resolve(fakeSnapshot(values.calls[0]!.request));
    await settle();
    expect(seen).toHaveLength(renders);
  });

  test('a failing worker: this request is computed here; the client stays (its worker restarts)', async () => {
    const { host, requests, store, seen, values } = setupAsync();
    host.flushFrames();
    host.flushTimers();
    values.calls[0]!.reject(new Error('the training worker stopped: it failed to load'));
    await settle();
    expect(values.disposed).toBe(false);
    expect(requests.map((r) => r.values)).toEqual([false, true]);
    expect(seen.at(-1)).toMatchObject({ computing: false, values: true });
    store.edit((m) => setSeed(m, 9));
    host.flushFrames();
    host.flushTimers();
    expect(values.calls.map((c) => c.request.seed)).toEqual([42, 9]);
    expect(requests.map((r) => [r.values, r.seed])).toEqual([
      [false, 42],
      [true, 42],
      [false, 9],
    ]);
  });
});

/** A snapshot with one Linear whose weights say which copy they came from. */
function trainedSnapshot(request: RunRequest, trainedSteps: number | null, mean: number): Snapshot {
  const stats = { count: 1, mean, std: 0, min: mean, max: mean, zeros: 0 };
  const block = {
    index: 0,
    name: 'Linear(784, 256)',
    inputShape: [32, 784],
    outputShape: [32, 256],
    parameters: 1,
    multiplyAdds: 1,
    parameterBytes: 4,
    activationBytes: 4,
    error: null,
    weights: { stats, histogram: { start: mean, width: 1, counts: [1] }, small: null },
    values: null,
    dropout: null,
  };
  return { ...fakeSnapshot(request), blocks: [block], trainedSteps };
}

describe('Store during a training run (the worker owns the weights)', () => {
  function setupRun() {
    const host = new FakeHost();
    const requests: RunRequest[] = [];
    // This page's copy: the seed's weights (mean 0).
    const runner = { run: (request: RunRequest): Snapshot => (requests.push(request), trainedSnapshot(request, null, 0)) };
    const values = new FakeValues();
    const store = new Store(runner, mnist, host, { isBig: () => false, now: () => 0, values });
    const seen: { computing: boolean; steps: number | null; mean: number | undefined; problem: string | null }[] = [];
    store.subscribe((s) => seen.push({ computing: s.computingValues, steps: s.snapshot?.trainedSteps ?? null, mean: s.snapshot?.blocks[0]?.weights?.stats.mean, problem: s.valuesProblem }));
    host.flushFrames();
    return { host, requests, store, seen, values };
  }

  test('before training a small network runs here; once it started its values come from the worker', async () => {
    const { host, requests, store, seen, values } = setupRun();
    expect(requests.map((r) => r.values)).toEqual([true]);
    expect(values.calls).toHaveLength(0);
    store.startTrainingRun();
    host.flushFrames();
    host.flushTimers();
    expect(requests.map((r) => r.values)).toEqual([true, false]);
    expect(values.calls).toHaveLength(1);
    values.calls[0]!.resolve(trainedSnapshot(values.calls[0]!.request, 120, 5));
    await settle();
    expect(seen.at(-1)).toEqual({ computing: false, steps: 120, mean: 5, problem: null });
  });

  test('refreshValues asks the worker again without a run here; an edit keeps the trained weights until the answer', async () => {
    const { host, requests, store, seen, values } = setupRun();
    store.startTrainingRun();
    host.flushFrames();
    host.flushTimers();
    values.calls[0]!.resolve(trainedSnapshot(values.calls[0]!.request, 10, 1));
    await settle();
    store.refreshValues();
    expect(values.calls).toHaveLength(2);
    expect(requests).toHaveLength(2);
    values.calls[1]!.resolve(trainedSnapshot(values.calls[1]!.request, 20, 2));
    await settle();
    expect(seen.at(-1)).toMatchObject({ steps: 20, mean: 2 });
    // Training mode off: same weights; the shapes frame must not show the seed's (mean 0).
    store.edit((m) => setTraining(m, false));
    host.flushFrames();
    expect(seen.at(-1)).toEqual({ computing: true, steps: 20, mean: 2, problem: null });
    // A different network (a new seed) starts from the seed's weights: those are right.
    store.edit((m) => setSeed(m, 5));
    host.flushFrames();
    expect(seen.at(-1)).toMatchObject({ steps: null, mean: 0 });
  });

  test('refreshes while an answer is out wait for it (a slow worker still shows every answer), then one more goes', async () => {
    const { host, store, seen, values } = setupRun();
    store.startTrainingRun();
    host.flushFrames();
    host.flushTimers();
    store.refreshValues();
    store.refreshValues();
    expect(values.calls).toHaveLength(1);
    values.calls[0]!.resolve(trainedSnapshot(values.calls[0]!.request, 100, 1));
    await settle();
    expect(seen.at(-1)).toMatchObject({ steps: 100 });
    expect(values.calls).toHaveLength(2);
    values.calls[1]!.resolve(trainedSnapshot(values.calls[1]!.request, 130, 2));
    await settle();
    expect(seen.at(-1)).toMatchObject({ steps: 130 });
    expect(values.calls).toHaveLength(2);
  });

  test('a worker that stops mid-run: no stale values, a plain note, and the next refresh brings them back', async () => {
    const { host, requests, store, seen, values } = setupRun();
    store.startTrainingRun();
    host.flushFrames();
    host.flushTimers();
    values.calls[0]!.reject(new Error('the training worker stopped: it ran out of memory'));
    await settle();
    expect(requests.map((r) => r.values)).toEqual([true, false]); // nothing computed on the seed's copy
    expect(seen.at(-1)).toEqual({ computing: false, steps: null, mean: undefined, problem: 'Values unavailable: the training worker stopped: it ran out of memory.' });
    store.refreshValues();
    values.calls[1]!.resolve(trainedSnapshot(values.calls[1]!.request, 50, 3));
    await settle();
    expect(seen.at(-1)).toEqual({ computing: false, steps: 50, mean: 3, problem: null });
  });
});

describe('Store with no WASM on its thread (the page: every value from the worker)', () => {
  /** The runner stands for the TypeScript summary: shapes, no weights, no heap or kernel. */
  function setupPage() {
    const host = new FakeHost();
    const requests: RunRequest[] = [];
    const runner = { run: (request: RunRequest): Snapshot => (requests.push(request), { ...trainedSnapshot(request, null, 0), blocks: trainedSnapshot(request, null, 0).blocks.map((b) => ({ ...b, weights: null })), kernel: '', memory: { inUse: 0, heap: 0 } }) };
    const values = new FakeValues();
    const store = new Store(runner, mnist, host, { isBig: () => false, now: () => 0, values, valuesHere: false });
    host.flushFrames();
    return { host, requests, store, values };
  }
  const worker = (request: RunRequest, mean: number): Snapshot => ({ ...trainedSnapshot(request, null, mean), valuesComputed: true, kernel: 'wasm-simd128', memory: { inUse: 100, heap: 200 } });

  test('a small network too: shapes here, never a values run here, values from the worker', async () => {
    const { requests, store, values } = setupPage();
    expect(requests.map((r) => r.values)).toEqual([false]);
    expect(values.calls.map((c) => c.request.values)).toEqual([true]);
    expect(store.current.computingValues).toBe(true);
    values.calls[0]!.resolve(worker(values.calls[0]!.request, 1));
    await settle();
    expect(store.current.computingValues).toBe(false);
    expect(store.current.snapshot!.kernel).toBe('wasm-simd128');
  });

  test("an edit keeps each block's seed weights while its spec, position and seed stay, and the worker's heap and kernel", async () => {
    const { host, store, values } = setupPage();
    values.calls[0]!.resolve(worker(values.calls[0]!.request, 1));
    await settle();
    store.edit((m) => setTraining(m, false)); // the same weights
    host.flushFrames();
    expect(store.current.snapshot!.blocks[0]!.weights?.stats.mean).toBe(1);
    expect(store.current.snapshot!.kernel).toBe('wasm-simd128');
    expect(store.current.snapshot!.memory).toEqual({ inUse: 100, heap: 200 });
    store.edit((m) => setSeed(m, 5)); // other weights: none until the worker's come
    host.flushFrames();
    expect(store.current.snapshot!.blocks[0]!.weights).toBeNull();
  });

  test('"computing values…" only once values have been pending SLOW_VALUES_MS; a quick answer never shows it', async () => {
    const { host, store, values } = setupPage();
    expect(store.current.valuesSlow).toBe(false);
    host.flushTimers(); // the slow timer
    expect(store.current).toMatchObject({ computingValues: true, valuesSlow: true });
    values.calls[0]!.resolve(worker(values.calls[0]!.request, 1));
    await settle();
    expect(store.current).toMatchObject({ computingValues: false, valuesSlow: false });
    store.edit((m) => setSeed(m, 3));
    host.flushFrames();
    values.calls[1]!.resolve(worker(values.calls[1]!.request, 2));
    await settle();
    host.flushTimers(); // the slow timer was cleared by the answer
    expect(store.current).toMatchObject({ computingValues: false, valuesSlow: false });
  });

  test('a worker that stops: nothing computed here, a plain note, and a retry brings the values back', async () => {
    const { host, requests, store, values } = setupPage();
    values.calls[0]!.reject(new Error('the training worker stopped: it failed to load'));
    await settle();
    expect(requests.map((r) => r.values)).toEqual([false]);
    expect(store.current.valuesProblem).toBe('Values unavailable: the training worker stopped: it failed to load.');
    expect(values.calls).toHaveLength(1);
    host.flushTimers(); // VALUES_RETRY_MS later
    expect(values.calls).toHaveLength(2);
    values.calls[1]!.resolve(worker(values.calls[1]!.request, 4));
    await settle();
    expect(store.current).toMatchObject({ valuesProblem: null, computingValues: false });
    expect(store.current.snapshot!.blocks[0]!.weights?.stats.mean).toBe(4);
  });

  test(`retries stop after ${VALUES_RETRIES} failures until the next edit`, async () => {
    const { host, store, values } = setupPage();
    for (let i = 0; i <= VALUES_RETRIES; i++) {
      values.calls[i]!.reject(new Error('the training worker stopped: it ran out of memory'));
      await settle();
      host.flushTimers();
    }
    expect(values.calls).toHaveLength(VALUES_RETRIES + 1);
    store.edit((m) => setSeed(m, 8));
    host.flushFrames();
    expect(values.calls).toHaveLength(VALUES_RETRIES + 2);
  });

  test('a network failing at block 2 still gets the values of the blocks before it; one failing at block 0 asks nothing', () => {
    const host = new FakeHost();
    let failAt = 2;
    const failing = (request: RunRequest): Snapshot => ({ ...fakeSnapshot(request), error: `layer ${failAt} boom`, failure: { block: failAt, message: 'boom' } });
    const values = new FakeValues();
    const store = new Store({ run: failing }, mnist, host, { now: () => 0, values, valuesHere: false });
    host.flushFrames();
    expect(values.calls).toHaveLength(1);
    failAt = 0;
    store.edit((m) => setSeed(m, 4));
    host.flushFrames();
    expect(values.calls).toHaveLength(1);
    expect(store.current.computingValues).toBe(false);
  });

  test('without a values client it refuses to start (it could show no values at all)', () => {
    expect(() => new Store({ run: fakeSnapshot }, mnist, new FakeHost(), { valuesHere: false })).toThrow(/needs a values client/);
  });
});
