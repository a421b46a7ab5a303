// The optimizer's memory in the 512 MiB training budget: counted before anything is allocated,
// on the page (the controller refuses before asking the worker) and in the worker (a Trainer,
// or a new optimizer for a running one, is refused before the module allocates a byte).
// One network sits between the three optimizers' needs: it fits SGD with or without momentum
// but not Adam, whose two moments per parameter push it over.
import { beforeAll, describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import { modelFromSpecs } from '../../../web/src/model/network/network';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import type { BlockSpec } from '../../../web/src/vocabulary/blocks';
import { budgetProblem, trainMemory } from '../../../web/src/train/budget';
import { TrainController } from '../../../web/src/train/page/controller';
import { TrainHost } from '../../../web/src/train/worker/host';
import type { FromWorker, ToWorker } from '../../../web/src/train/protocol';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../web/src/model/training/settings';
import { useModule } from '../support/module';
import { linear, primeTrainingBuffers, relu, setupFor } from './support';

const MiB = 2 ** 20;
// 25.2 M parameters (96.1 MiB): weights, their packed copy, gradients and activations 366.6 MiB,
// with SGD momentum's one more copy 462.7 MiB, with Adam's two 558.8 MiB.
const WIDE: LayerSpec[] = [linear(2, 4096), relu, linear(4096, 6144), relu, linear(6144, 2)];
const WIDE_BLOCKS: BlockSpec[] = [
  { kind: 'linear', outFeatures: 4096, inFeatures: null, bias: true, init: 'lecun' },
  { kind: 'relu' },
  { kind: 'linear', outFeatures: 6144, inFeatures: null, bias: true, init: 'lecun' },
  { kind: 'relu' },
  { kind: 'linear', outFeatures: 2, inFeatures: null, bias: true, init: 'lecun' },
];
const xor = toyDataset({ kind: 'xor', seed: 42, noise: 0.1 });
const xorValues = xor.train.x.length + xor.test.x.length;

describe('the optimizer state in the training budget', () => {
  it('Adam counts two copies of every parameter, SGD momentum one, plain SGD none', () => {
    const sgd0 = trainMemory(WIDE, [2], 32, 'sgd', 0, xorValues);
    const sgd = trainMemory(WIDE, [2], 32, 'sgd', 0.9, xorValues);
    const adam = trainMemory(WIDE, [2], 32, 'adam', 0.9, xorValues);
    const adamw = trainMemory(WIDE, [2], 32, 'adamw', 0, xorValues);
    expect(sgd0.parameters).toBe(2 * 4096 + 4096 + 4096 * 6144 + 6144 + 6144 * 2 + 2);
    expect([sgd0.optimizerBytes, sgd.optimizerBytes, adam.optimizerBytes, adamw.optimizerBytes]).toEqual([0, 1, 2, 2].map((k) => k * sgd0.parameterBytes));
    expect(adam.total - sgd0.total).toBe(2 * sgd0.parameterBytes);
    expect(budgetProblem(sgd0)).toBeNull();
    expect(budgetProblem(sgd)).toBeNull();
    expect(sgd.total).toBeLessThan(512 * MiB);
    expect(adam.total).toBeGreaterThan(512 * MiB);
    expect(budgetProblem(adam)).toMatch(/^Training this network would need 55\d\.\d MiB \(weights 96\.1 MiB, their packed copy 96\.2 MiB, gradients 96\.1 MiB, optimizer state 192\.2 MiB, .*over the 512\.0 MiB budget/);
  });

  it('the page refuses Adam for that network before sending the worker anything, says why, and keeps the network', () => {
    const model = modelFromSpecs(WIDE_BLOCKS, { input: { batch: 32, features: [2] } });
    const sent: ToWorker[] = [];
    let replaced = 0;
    const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, dataset: 'xor', optimizer: 'adam' };
    const controller = new TrainController(
      {
        client: () => ({ send: (m) => sent.push(m), snapshot: () => Promise.reject(new Error('no')), weights: () => Promise.reject(new Error('no')), dispose: () => undefined }),
        model: () => model,
        replaceModel: () => replaced++,
        dataBase: 'http://x/data/',
        now: () => 0,
      },
      { settings, steps: 0 },
    );
    // Shown before Play: the panel's memory line.
    expect(controller.current.memory).toMatch(/optimizer state 192\.2 MiB/);
    controller.play();
    controller.step();
    expect(sent).toEqual([]);
    expect(controller.current.state).toMatchObject({ status: 'error', step: 0 });
    expect(controller.current.state.message).toMatch(/^Training cannot start: Training this network would need 55\d\.\d MiB .*optimizer state 192\.2 MiB/);
    expect(replaced).toBe(0);
    expect(controller.current.settings.optimizer).toBe('adam');
    // SGD with momentum fits: the same network starts.
    controller.setSettings({ optimizer: 'sgd' });
    expect(controller.current.memory).toBeNull();
    controller.play();
    expect(sent[0]).toMatchObject({ type: 'setup', setup: { layers: WIDE, settings: { optimizer: 'sgd', momentum: 0.9 } } });
  });
});

describe('the worker refuses Adam for that network before allocating (real module, about 500 MB)', () => {
  // The test checks the heap itself, after a first run of this shape grew the kernels' scratch.
  const fx = useModule({ checkHeap: false });
  beforeAll(() => primeTrainingBuffers(fx.ll));

  it('a running SGD-momentum run asked to switch to Adam says why, allocates nothing and keeps its weights and optimizer', async () => {
    const { ll } = fx;
    const posted: FromWorker[] = [];
    const tasks: (() => void)[] = [];
    const drain = (): void => {
      for (let i = 0; i < 100 && tasks.length > 0; i++) tasks.shift()!();
    };
    const lastOf = <T extends FromWorker['type']>(type: T) => posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
    const settings = { ...DEFAULT_TRAIN_SETTINGS, dataset: 'xor' as const, optimizer: 'sgd' as const, momentum: 0.9, lr: 0.01 };
    const stepOnce = async (host: TrainHost): Promise<void> => {
      host.handle({ type: 'setup', setup: setupFor(WIDE, [2], settings), steps: 0, seq: 1 });
      await new Promise((r) => setTimeout(r, 0));
      expect(lastOf('loaded')).toBeDefined();
      host.handle({ type: 'step', seq: 2 });
      drain();
      expect(lastOf('progress')?.progress.step).toBe(1);
    };
    const newHost = () => new TrainHost({ ll, post: (m) => posted.push(m), loadData: async () => xor, schedule: (fn) => tasks.push(fn), now: () => 0 });
    // A first run of this shape grows the kernels' scratch for it (kept for the process).
    const warm = newHost();
    await stepOnce(warm);
    warm.dispose();
    const empty = ll.memoryInUse();
    const host = newHost();
    try {
      await stepOnce(host);
      // What the budget counted for SGD momentum is what the module really holds, or more.
      const used = ll.memoryInUse() - empty;
      const counted = trainMemory(WIDE, [2], 32, 'sgd', 0.9, 0);
      expect(used).toBeGreaterThan(counted.parameterBytes + counted.packedBytes + counted.gradientBytes + counted.optimizerBytes);
      expect(used).toBeLessThanOrEqual(counted.total);
      const before = ll.memoryInUse();
      host.handle({ type: 'optimizer', settings: { ...settings, optimizer: 'adam' } });
      expect(lastOf('error')?.message).toMatch(/^Training this network would need 55\d\.\d MiB .*optimizer state 192\.2 MiB.*over the 512\.0 MiB budget/);
      expect(ll.memoryInUse()).toBe(before);
      host.handle({ type: 'memory', id: 7 });
      expect(lastOf('memory')).toMatchObject({ id: 7, memory: { inUse: before, step: 1, working: false } });
      // The run goes on with its SGD optimizer (momentum kept): one more step, no new bytes.
      host.handle({ type: 'step', seq: 3 });
      drain();
      expect(lastOf('progress')?.progress.step).toBe(2);
      expect(ll.memoryInUse()).toBe(before);
    } finally {
      host.dispose();
    }
    expect(ll.memoryInUse()).toBe(empty);
  });
});
