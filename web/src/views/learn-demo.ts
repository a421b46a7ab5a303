// A demo of every learning view with fixed data, for the browser test (tests/browser/
// flows-learn.mjs imports this module into the dev page) and for eyeballing: weights as
// pictures, confusion matrix and mistakes, a decision boundary of a network trained here on
// the circle set, the depth lab at initialisation and over a few training steps, the dropout
// comparison and the export buttons. Everything comes from fixed seeds.
import { toyDataset } from '../data/toy.ts';
import { createRng } from '../data/rng.ts';
import { HandleScope } from '../engine/handles.ts';
import { inputValues } from '../engine/input-data.ts';
import { loadLayerlab } from '../engine/loader.ts';
import type { LayerlabModule } from '../engine/layerlab';
import { DEEP_TANH_PRESET } from '../learn/depth-preset.ts';
import { type DepthBatch, depthAtInit } from '../learn/depth-wasm.ts';
import { depthSeriesOfSteps, type DepthStep } from '../learn/depth.ts';
import { depthVerdict } from '../learn/depth-verdict.ts';
import { type LayerUpdate, layerUpdates } from '../train/update-probe.ts';
import type { EpochMetrics } from '../learn/dropout-compare.ts';
import { wasmBatchPredict } from '../learn/predict-wasm.ts';
import { linearValuesOf, type LinearValues } from '../model/export-weights.ts';
import { layerSpecs, modelFromSpecs } from '../model/network.ts';
import { DecisionBoundary } from './learn-boundary.ts';
import { ConfusionView, MistakesView } from './learn-confusion.ts';
import { DepthLab } from './learn-depth.ts';
import { DropoutComparison } from './learn-dropout.ts';
import { ExportTrained } from './learn-export.ts';
import { WeightPictures } from './learn-weights.ts';
import { el } from './dom.ts';

export interface DemoReport {
  /** Redraw times of 256 units of 28×28, ms. */
  weightRedraws: number[];
  boundaryTrainAccuracy: number;
  depthReadings: Record<string, string>;
}

/** Oriented gratings under a Gaussian window, one per unit: what first-layer weights often look like. */
export function demoWeights(side: number, units: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const w = new Float32Array(side * side * units);
  for (let j = 0; j < units; j++) {
    const angle = rng.uniform(0, Math.PI);
    const freq = rng.uniform(1.5, 4) / side;
    const cx = rng.uniform(0.3, 0.7) * side;
    const cy = rng.uniform(0.3, 0.7) * side;
    const sigma = rng.uniform(0.15, 0.3) * side;
    const amp = rng.uniform(0.02, 0.08);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const u = (c - cx) * Math.cos(angle) + (r - cy) * Math.sin(angle);
        const env = Math.exp(-((c - cx) ** 2 + (r - cy) ** 2) / (2 * sigma * sigma));
        w[(r * side + c) * units + j] = amp * env * Math.cos(2 * Math.PI * freq * u) + rng.uniform(-0.004, 0.004);
      }
    }
  }
  return w;
}

/** 8×8 renderings of the digits 0–9 (the page's font, downsampled), ink = 1. */
function digitImages(): Float32Array {
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 8;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const out = new Float32Array(10 * 64);
  for (let d = 0; d < 10; d++) {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 8, 8);
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 9px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(d), 4, 4.5);
    const px = ctx.getImageData(0, 0, 8, 8).data;
    for (let p = 0; p < 64; p++) out[d * 64 + p] = px[p * 4]! / 255;
  }
  return out;
}

function demoEpochs(gapEnd: number, testEnd: number): EpochMetrics[] {
  return Array.from({ length: 12 }, (_, i) => {
    const t = 1 - Math.exp(-(i + 1) / 3);
    const test = 0.55 + (testEnd - 0.55) * t;
    const train = Math.min(0.999, test + gapEnd * t * t);
    return { epoch: i + 1, trainAccuracy: train, testAccuracy: test, trainLoss: 1.6 * (1 - train) + 0.02, testLoss: 1.6 * (1 - test) + 0.05 };
  });
}

/** Trains Linear(2,8)–Tanh–Linear(8,2) on the circle set, draws its boundary, returns its weights. */
function boundaryDemo(ll: LayerlabModule, view: DecisionBoundary): { accuracy: number; linears: LinearValues[]; model: ReturnType<typeof modelFromSpecs> } {
  const data = toyDataset({ kind: 'circle', seed: 7, samples: 300, noise: 0.1 });
  const model = modelFromSpecs(
    [
      { kind: 'linear', outFeatures: 8, bias: true, init: 'xavier', inFeatures: null },
      { kind: 'tanh' },
      { kind: 'linear', outFeatures: 2, bias: true, init: 'xavier', inFeatures: null },
    ],
    { input: { batch: data.train.n, features: [2] }, training: false },
  );
  const scope = new HandleScope();
  try {
    ll.seed(7);
    const layers = [new ll.Linear(2, 8, true, 'xavier'), new ll.Tanh(), new ll.Linear(8, 2, true, 'xavier')];
    const net = scope.own(new ll.Sequential());
    for (const l of scope.ownAll(layers)) net.add(l);
    const loss = scope.own(new ll.CrossEntropyLoss());
    const opt = scope.own(new ll.Adam(net, { lr: 0.05 }));
    const x = scope.own(ll.Tensor.fromArray(data.train.x, [data.train.n, 2]));
    const y = scope.own(ll.Tensor.fromArray(Float32Array.from(data.train.y), [data.train.n]));
    let last = { loss: 0, correct: 0 as number | null, predictions: 1 };
    for (let step = 0; step < 400; step++) last = ll.trainStep(net, loss, opt, x, y);
    view.renderPredict(wasmBatchPredict(ll, net), data.domain ?? 6, 64, { train: data.train, test: data.test, classNames: data.classNames });
    return { accuracy: (last.correct ?? 0) / last.predictions, linears: linearValuesOf(layers, layerSpecs(model)), model };
  } finally {
    scope.dispose();
  }
}

/**
 * Depth statistics of the deep Tanh preset before and during a few SGD steps on one batch,
 * each judged as the page judges a run: with the losses so far and the step just taken.
 */
function depthTrainingSteps(ll: LayerlabModule, batch: DepthBatch): DepthStep[] {
  const specs = layerSpecs(DEEP_TANH_PRESET.model);
  const kinds = specs.map((s) => s.kind);
  const scope = new HandleScope();
  try {
    const net = scope.own(new ll.Sequential());
    specs.forEach((s, i) => {
      ll.seed(1000 + i);
      if (s.kind === 'linear') net.add(scope.own(new ll.Linear(s.in, s.out, s.bias, 'xavier')));
      else net.add(scope.own(new ll.Tanh()));
    });
    const loss = scope.own(new ll.CrossEntropyLoss());
    const opt = scope.own(new ll.SGD(net, { lr: 0.05, momentum: 0.9 }));
    const x = scope.own(ll.Tensor.fromArray(batch.x, [...batch.shape]));
    const t = scope.own(ll.Tensor.fromArray(batch.target, [...batch.targetShape]));
    const values = (): Float32Array[] => {
      const copies = new HandleScope(); // freed at once: 21 steps of copies would hold ~120 MB
      try {
        return copies.ownAll(net.parameters()).map((p) => p.toArray());
      } finally {
        copies.dispose();
      }
    };
    const hasBias = specs.flatMap((s) => (s.kind === 'linear' ? [s.bias] : []));
    const steps: DepthStep[] = [];
    const losses: number[] = [];
    let updates: LayerUpdate[] | null = null;
    for (let step = 0; step <= 20; step++) {
      if (step % 10 === 0) {
        const blocks = net.depthStats(x, loss, t);
        steps.push({ step, blocks, reading: depthVerdict({ kinds, blocks, updates, losses: [...losses], optimizer: 'sgd' }) });
      }
      const before = values();
      losses.push(ll.trainStep(net, loss, opt, x, t).loss);
      updates = layerUpdates(before, values(), hasBias);
    }
    return steps;
  } finally {
    scope.dispose();
  }
}

export async function mountLearnDemo(container: HTMLElement): Promise<DemoReport> {
  const ll = await loadLayerlab();
  const section = (title: string, ...children: Node[]): HTMLElement => el('section', { class: 'learn-demo-section', 'data-demo': title }, [el('h2', { text: title }), ...children]);

  const weights28 = new WeightPictures('First Linear(784, 256): each unit’s weights as a 28×28 image');
  const weights8 = new WeightPictures('First Linear(64, 32): each unit’s weights as an 8×8 image');
  const confusion = new ConfusionView();
  const mistakes = new MistakesView();
  const boundary = new DecisionBoundary('Decision boundary: circle set, Linear(2, 8) – Tanh – Linear(8, 2)');
  const depthInit = new DepthLab();
  const depthTrain = new DepthLab();
  const dropout = new DropoutComparison();
  let trained: { model: ReturnType<typeof modelFromSpecs>; linears: LinearValues[] } | null = null;
  const exporter = new ExportTrained(() => {
    if (!trained) throw new Error('nothing trained yet');
    return trained;
  });
  container.replaceChildren(
    section('Weights as pictures', el('div', { class: 'learn-row' }, [weights28.root, weights8.root])),
    section('Confusion matrix and mistakes', el('div', { class: 'learn-row' }, [confusion.root, mistakes.root])),
    section('Decision boundary', boundary.root),
    section('Depth lab', depthInit.root, depthTrain.root),
    section('Dropout comparison', dropout.root),
    section('Export', exporter.root),
  );

  // 1. weights: time full redraws of 256 tiles of 28×28 (a new array each time, as training sends)
  const w28 = demoWeights(28, 256, 1);
  const weightRedraws: number[] = [];
  for (let k = 0; k < 30; k++) {
    const w = k === 0 ? w28 : w28.map((v, i) => v * (1 + 0.01 * Math.sin(i + k)));
    const t0 = performance.now();
    weights28.render({ weight: w, inFeatures: 784, outFeatures: 256, imageShape: [28, 28] });
    weightRedraws.push(performance.now() - t0);
  }
  weights28.render({ weight: w28, inFeatures: 784, outFeatures: 256, imageShape: [28, 28] });
  weights8.render({ weight: demoWeights(8, 32, 2), inFeatures: 64, outFeatures: 32, imageShape: [8, 8] });

  // 2. confusion + mistakes on 100 rendered digits with a fixed set of errors
  const glyphs = digitImages();
  const actual = Array.from({ length: 100 }, (_, i) => i % 10);
  const confusions: Record<number, number> = { 3: 8, 13: 8, 7: 1, 24: 9, 35: 3, 48: 3, 59: 5, 61: 7, 86: 0 };
  const predicted = actual.map((a, i) => confusions[i] ?? a);
  const images = new Float32Array(100 * 64);
  actual.forEach((a, i) => images.set(glyphs.subarray(a * 64, a * 64 + 64), i * 64));
  const names = Array.from({ length: 10 }, (_, i) => String(i));
  confusion.render({ predicted, actual, classNames: names });
  mistakes.render({ predicted, actual, classNames: names, images, imageShape: [8, 8], limit: 8 });

  // 3. decision boundary of a network trained right here
  const b = boundaryDemo(ll, boundary);
  trained = { model: b.model, linears: b.linears };

  // 4. depth lab at init (all four schemes) and during a few training steps
  const specs = layerSpecs(DEEP_TANH_PRESET.model);
  const kinds = specs.map((s) => s.kind);
  const batch: DepthBatch = {
    x: inputValues('normal', [64, 784], 3),
    shape: [64, 784],
    target: Float32Array.from({ length: 64 }, (_, i) => i % 10),
    targetShape: [64],
    loss: 'cross-entropy',
  };
  const atInit = depthAtInit(ll, specs, batch, 42);
  depthInit.render({ series: atInit, kinds, when: 'at initialisation, 10 × Linear(256) + Tanh' });
  depthTrain.render({ series: depthSeriesOfSteps(depthTrainingSteps(ll, batch)), kinds, when: 'during training (Xavier, SGD with momentum)' });

  // 5. dropout comparison
  dropout.render({ withDropout: demoEpochs(0.02, 0.88), withoutDropout: demoEpochs(0.1, 0.85) });

  return {
    weightRedraws,
    boundaryTrainAccuracy: b.accuracy,
    depthReadings: Object.fromEntries(atInit.map((s) => [s.label, depthVerdict({ kinds, blocks: s.blocks }).text])),
  };
}
