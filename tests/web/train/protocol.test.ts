// The worker protocol's checks, the training settings' ranges and their place in the URL.
import { describe, expect, it } from 'vitest';
import { decodeUrlState, encodeUrlState } from '../../../web/src/model/link/url-state';
import { createModel } from '../../../web/src/model/network/network';
import { isFromWorker, isToWorker, transferablesOf } from '../../../web/src/train/protocol';
import { changeKind, DEFAULT_TRAIN_SETTINGS, validateBatchSize, validateLr, validateSteps } from '../../../web/src/model/training/settings';
import { budgetProblem, trainMemory } from '../../../web/src/train/budget';
import { fitFix, modelFitProblem, dataShapeOf } from '../../../web/src/model/training/fit';
import { presetById } from '../../../web/src/model/network/presets';

describe('protocol', () => {
  it('accepts only known message types', () => {
    expect(isToWorker({ type: 'play', seq: 1 })).toBe(true);
    expect(isToWorker({ type: 'rm -rf' })).toBe(false);
    expect(isToWorker(null)).toBe(false);
    expect(isToWorker('play')).toBe(false);
    expect(isFromWorker({ type: 'progress' })).toBe(true);
    expect(isFromWorker({ type: 'play' })).toBe(false);
  });

  it('hands over the buffers of progress, weights and snapshots', () => {
    const losses = new Float32Array(3);
    const progress = { step: 3, epoch: 0, batchesPerEpoch: 1, trainLoss: 1, trainAccuracy: 1, stepLosses: losses, epochs: [], samplesPerSecond: 1, running: false, ack: 0, replayLeft: 0 };
    expect(transferablesOf({ type: 'progress', progress })).toEqual([losses.buffer]);
    const w = [new Float32Array(2), new Float32Array(1)];
    expect(transferablesOf({ type: 'weights', id: 1, step: 0, weights: w })).toEqual(w.map((a) => a.buffer));
    expect(transferablesOf({ type: 'ready' })).toEqual([]);
  });
});

describe('training settings', () => {
  it('hostile values are refused with a message naming the field', () => {
    expect(validateLr('1e300')).toEqual({ ok: false, error: 'Learning rate must be from 1e-7 to 100 (got 1e+300)' });
    expect(validateLr('NaN').ok).toBe(false);
    expect(validateBatchSize('0')).toEqual({ ok: false, error: 'Batch size must be from 1 to 4096 (got 0)' });
    expect(validateBatchSize('2.5').ok).toBe(false);
    expect(validateSteps('1e12').ok).toBe(false);
    expect(validateLr('0.01')).toEqual({ ok: true, value: 0.01 });
  });

  it('says which changes keep the run, make a new optimizer, or restart', () => {
    const s = DEFAULT_TRAIN_SETTINGS;
    expect(changeKind(s, { ...s })).toBe('none');
    expect(changeKind(s, { ...s, lr: 0.1 })).toBe('lr');
    expect(changeKind(s, { ...s, optimizer: 'sgd' })).toBe('optimizer');
    expect(changeKind(s, { ...s, weightDecay: 0.1 })).toBe('optimizer');
    expect(changeKind(s, { ...s, batchSize: 64 })).toBe('restart');
    expect(changeKind(s, { ...s, dataset: 'xor', lr: 0.1 })).toBe('restart');
  });
});

describe('training settings in the link', () => {
  it('round-trip, and defaults are not written', () => {
    const model = createModel();
    expect(encodeUrlState(model)).toBe(encodeUrlState(model, { settings: { ...DEFAULT_TRAIN_SETTINGS }, steps: 0 }));
    const training = { settings: { ...DEFAULT_TRAIN_SETTINGS, dataset: 'spiral' as const, noise: 0.2, optimizer: 'sgd' as const, nesterov: true, lr: 0.03, batchSize: 10, weightDecay: 0.0005, loss: 'bce' as const }, steps: 1234 };
    const hash = encodeUrlState(model, training);
    expect(hash).toContain('dataset=spiral&noise=0.2&loss=bce&opt=sgd&lr=0.03&nesterov=1&bs=10&wd=0.0005&steps=1234');
    const decoded = decodeUrlState(hash);
    expect(decoded.problems).toEqual([]);
    expect(decoded.training).toEqual(training);
  });

  it('hostile values are reported and replaced by defaults', () => {
    const { training, problems } = decodeUrlState('#net=relu&lr=1e300&bs=0&dataset=nope&steps=1e12&opt=<b>');
    expect(training).toEqual({ settings: DEFAULT_TRAIN_SETTINGS, steps: 0 });
    expect(problems.filter((p) => p.includes('using the default'))).toHaveLength(5);
    expect(problems.join('\n')).toContain('Learning rate must be from 1e-7 to 100 (got 1e+300)');
    expect(problems.join('\n')).toContain('Data set: unknown "nope"');
  });
});

describe('memory budget and fit', () => {
  it('counts gradients and the optimizer state before anything is allocated', () => {
    const layers = [{ kind: 'linear' as const, in: 1000, out: 1000, bias: true, init: 'lecun' as const }];
    const sgd0 = trainMemory(layers, [1000], 1, 'sgd', 0);
    const sgd = trainMemory(layers, [1000], 1, 'sgd', 0.9);
    const adam = trainMemory(layers, [1000], 1, 'adam', 0.9);
    expect(sgd0.gradientBytes).toBe(sgd0.parameterBytes);
    expect(sgd.optimizerBytes).toBe(sgd.parameterBytes);
    expect(adam.optimizerBytes).toBe(2 * adam.parameterBytes);
    expect(budgetProblem(adam)).toBeNull();
    const big = [{ kind: 'linear' as const, in: 8192, out: 4096, bias: true, init: 'lecun' as const }];
    // 128 MiB of weights: fine for inference, over 512 MiB with their packed copy, gradients and Adam's two copies.
    expect(budgetProblem(trainMemory(big, [8192], 32, 'sgd', 0))).toBeNull();
    expect(budgetProblem(trainMemory(big, [8192], 32, 'adam', 0.9))).toMatch(/^Training this network would need 68\d\.\d MiB .*their packed copy 128\.0 MiB.*optimizer state 256\.0 MiB.*over the 512\.0 MiB budget/);
  });

  it('the MNIST MLP does not fit digits; the one-click fix makes it fit', () => {
    const model = presetById('mnist-mlp')!.model;
    const digits = dataShapeOf('digits');
    expect(modelFitProblem(model, digits, 'cross-entropy')).toMatch(/64 features per sample.*784/);
    const fixed = fitFix(model, digits, 'cross-entropy')!;
    expect(modelFitProblem(fixed, digits, 'cross-entropy')).toBeNull();
    expect(fixed.input.features).toEqual([64]);
    const toy = dataShapeOf('xor');
    const bce = fitFix(fixed, toy, 'bce')!;
    expect(modelFitProblem(bce, toy, 'bce')).toBeNull();
    expect(modelFitProblem(bce, digits, 'bce')).toMatch(/two classes/);
  });
});
