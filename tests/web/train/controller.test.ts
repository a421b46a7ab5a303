// The controller between the page and the worker, with a fake client: what it sends, what it
// refuses before sending, and what the link says.
import { describe, expect, it } from 'vitest';
import { presetById } from '../../../web/src/model/network/presets';
import type { NetworkModel } from '../../../web/src/model/network/network';
import { TrainController } from '../../../web/src/train/page/controller';
import type { FromWorker, ToWorker } from '../../../web/src/train/protocol';
import { DEFAULT_TRAIN_SETTINGS } from '../../../web/src/model/training/settings';
import type { TrainUrl } from '../../../web/src/model/link/url-state';

function make(model: NetworkModel, initial: TrainUrl = { settings: { ...DEFAULT_TRAIN_SETTINGS }, steps: 0 }) {
  const sent: ToWorker[] = [];
  let events: { message(m: FromWorker): void; crashed(reason: string): void } | null = null;
  let current = model;
  const urls: TrainUrl[] = [];
  const controller = new TrainController(
    {
      client: (e) => {
        events = e;
        return { send: (m) => sent.push(m), snapshot: () => Promise.reject(new Error('no')), weights: () => Promise.reject(new Error('no')), dispose: () => undefined };
      },
      model: () => current,
      replaceModel: (m) => {
        current = m;
        controller.modelChanged(m);
      },
      dataBase: 'http://x/data/',
      now: () => 0,
    },
    initial,
  );
  controller.onUrlChange((u) => urls.push(u));
  const setModel = (m: NetworkModel): void => {
    current = m;
    controller.modelChanged(m);
  };
  return { controller, sent, urls, worker: () => events!, model: () => current, setModel };
}

describe('TrainController', () => {
  it('refuses to start a network that does not fit, says why, and the one-click fix makes it fit', () => {
    const { controller, sent, model } = make(presetById('mnist-mlp')!.model);
    expect(controller.current.fit?.problem).toMatch(/64 features per sample/);
    controller.play();
    expect(sent).toEqual([]);
    expect(controller.current.state).toMatchObject({ status: 'error' });
    expect(controller.current.state.message).toMatch(/^Training cannot start: Digits/);
    controller.fit();
    expect(model().input.features).toEqual([64]);
    expect(controller.current.fit).toBeNull();
    controller.play();
    expect(sent.map((m) => m.type)).toEqual(['setup', 'eval-mode']);
    const setup = sent[0];
    expect(setup?.type === 'setup' && setup.setup.layers[0]).toEqual({ kind: 'linear', in: 64, out: 256, bias: true, init: 'lecun' });
  });

  it('a link with steps replays at once; a learning-rate change mid-run drops the steps from the link', () => {
    const digitsModel = presetById('mnist-mlp')!.model;
    const fitted = { ...digitsModel, input: { ...digitsModel.input, features: [64] } };
    const { controller, sent, urls, worker } = make(fitted, { settings: { ...DEFAULT_TRAIN_SETTINGS, lr: 0.01 }, steps: 40 });
    expect(sent[0]).toMatchObject({ type: 'setup', steps: 40, setup: { settings: { lr: 0.01 } } });
    worker().message({ type: 'loaded', dataset: { id: 'digits', name: 'Digits', inputShape: [64], numClasses: 10, train: 1437, test: 360, imageShape: [8, 8] }, batchesPerEpoch: 45 });
    worker().message({ type: 'progress', progress: { step: 40, epoch: 0, batchesPerEpoch: 45, trainLoss: 1, trainAccuracy: 0.5, stepLosses: new Float32Array(40), epochs: [], samplesPerSecond: 1, running: false, ack: 1, replayLeft: 0 } });
    expect(controller.current.state).toMatchObject({ status: 'paused', step: 40 });
    expect(controller.url().steps).toBe(40);
    controller.setSettings({ lr: 0.02 });
    expect(sent[sent.length - 1]).toEqual({ type: 'lr', lr: 0.02 });
    expect(controller.url()).toMatchObject({ steps: 0, settings: { lr: 0.02 } });
    expect(urls[urls.length - 1]).toBe(controller.url());
  });

  it('an edit that makes a running network unfit stops the worker, and its late progress leaves the counter at 0', () => {
    const digitsModel = presetById('mnist-mlp')!.model;
    const fitted = { ...digitsModel, input: { ...digitsModel.input, features: [64] } };
    const { controller, sent, worker, setModel } = make(fitted);
    controller.play();
    worker().message({ type: 'loaded', dataset: { id: 'digits', name: 'Digits', inputShape: [64], numClasses: 10, train: 1437, test: 360, imageShape: [8, 8] }, batchesPerEpoch: 45 });
    const stepsAt = (step: number, ack: number) => ({ type: 'progress' as const, progress: { step, epoch: 0, batchesPerEpoch: 45, trainLoss: 1, trainAccuracy: 0.5, stepLosses: new Float32Array(0), epochs: [], samplesPerSecond: 1, running: true, ack, replayLeft: 0 } });
    worker().message(stepsAt(120, 2));
    expect(controller.current.state).toMatchObject({ status: 'running', step: 120 });
    // The last Linear no longer has 10 outputs: the page refuses the new setup.
    setModel({ ...fitted, blocks: fitted.blocks.map((b, i) => (i === fitted.blocks.length - 1 && b.kind === 'linear' ? { ...b, outFeatures: 7 } : b)) });
    expect(controller.current.state).toMatchObject({ status: 'error', step: 0 });
    expect(sent.at(-1)).toEqual({ type: 'pause', seq: 3 });
    worker().message(stepsAt(150, 2));
    expect(controller.current.state).toMatchObject({ status: 'error', step: 0 });
    expect(controller.current.state.message).toMatch(/^Training cannot start: the last Linear has 7 outputs/);
    });

  it('the dropout comparison: switched on it is sent, resent after every setup, and the twin epochs gather per run', () => {
    const digitsModel = presetById('mnist-mlp')!.model;
    const fitted = { ...digitsModel, input: { ...digitsModel.input, features: [64] } };
    const { controller, sent, worker } = make(fitted);
    controller.setCompare(true);
    expect(sent).toEqual([{ type: 'compare', on: true }]);
    controller.play();
    expect(sent.slice(1).map((m) => m.type)).toEqual(['setup', 'eval-mode', 'compare']);
    const epoch = { epoch: 0, step: 45, trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy: 0.5, testInTrainingMode: false, evaluation: { trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy: 0.5, trainSamples: 1000 } };
    const progress = { step: 45, epoch: 1, batchesPerEpoch: 45, trainLoss: 1, trainAccuracy: 0.5, stepLosses: new Float32Array(0), epochs: [], samplesPerSecond: 1, running: true, ack: 1, replayLeft: 0 };
    worker().message({ type: 'progress', progress: { ...progress, compare: { step: 45, epochs: [epoch], problem: null } } });
    worker().message({ type: 'progress', progress: { ...progress, compare: { step: 46, epochs: [], problem: null } } });
    expect(controller.current.compare).toEqual({ on: true, epochs: [epoch], step: 46, problem: null });
    const run = controller.current.run;
    controller.reset();
    expect(controller.current.run).toBe(run + 1);
    expect(controller.current.compare).toEqual({ on: true, epochs: [], step: 0, problem: null });
    expect(sent.at(-1)).toEqual({ type: 'compare', on: true });
    controller.setCompare(false);
    expect(sent.at(-1)).toEqual({ type: 'compare', on: false });
    worker().message({ type: 'progress', progress: { ...progress, compare: { step: 47, epochs: [epoch], problem: null } } });
    expect(controller.current.compare.epochs).toEqual([]);
  });
});
