// The training run itself, as a plain class over the WASM module: the worker wraps it in
// messages, the tests drive it directly in Node. It owns every handle it makes.
//
// Determinism: the network is built exactly as the page's Engine builds it (layer i seeded by
// mixSeed(seed, i)), batches come from the seeded BatchIterator, and the module's RNG (dropout
// masks) is re-seeded from (seed, step) before every step, so step n does the same thing
// whatever came before it: a link that says "n steps" replays to the same weights.
import { type Dataset, type Split, featureCount } from '../../data/dataset.ts';
import { BatchGatherer, BatchIterator } from '../../data/batches.ts';
import { buildLayer, mixSeed } from '../../engine/layer-builder.ts';
import { HandleScope } from '../../engine/handles.ts';
import type { BlockStats, LayerlabModule, Linear, Loss, Optimizer, Sequential, Tensor } from '../../engine/layerlab';
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import { budgetProblem, EVAL_CHUNK, trainMemory } from '../budget.ts';
import { fitProblem } from '../../model/training/fit.ts';
import { evenSubset } from './eval-subset.ts';
import { classOneProbability, probabilityGrid } from '../../learn/decision-grid.ts';
import { misclassified } from '../../learn/confusion.ts';
import { depthAtInit } from '../../learn/depth-wasm.ts';
import type { DepthSeries } from '../../learn/depth.ts';
import { layerUpdates, UpdateProbe } from '../../learn/update-probe.ts';
import type { BoundarySnapshot, EpochRecord, MistakesSnapshot, RunSetup, SnapshotWants, TrainSnapshot } from '../protocol.ts';

const DROPOUT_STREAM = 0x7a17;
/** The largest boundary grid a snapshot may ask for (128² points, one forward pass in chunks). */
export const MAX_BOUNDARY_GRID = 128;
/** The most misclassified examples a snapshot may ask for. */
export const MAX_MISTAKES = 64;

/** How often (ms) the last-good copy of the weights is refreshed while running. */
const GOOD_COPY_MS = 250;
/**
 * A loss this many times the initial network's loss counts as diverged too: with ReLUs a
 * too-large learning rate often kills the units and leaves a large but finite loss (SGD at
 * lr 10 on digits goes 2.3, 13, 542, 1,920 and never reaches NaN).
 */
export const EXPLODED_FACTOR = 100;
/**
 * The yardstick is the initial network's mean loss over this many training samples, not the
 * first batch's: one sample's loss can be 0.008 where the mean is 2.3, and then an ordinary
 * batch-1 step looked like an explosion.
 */
const YARDSTICK_SAMPLES = 256;

export type StepOutcome =
  | { kind: 'ok' }
  /** Paused; weights are the last good ones. */
  | { kind: 'diverged'; message: string; restored: boolean }
  | { kind: 'error'; message: string };

interface GoodCopy {
  step: number;
  params: Float32Array[];
  at: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Trainer {
  readonly batchesPerEpoch: number;
  private readonly scope = new HandleScope();
  private readonly net: Sequential;
  private readonly linears: Linear[] = [];
  private readonly loss: Loss;
  private optimizer: Optimizer;
  private readonly batches: BatchIterator;
  private readonly gather: BatchGatherer;
  private readonly features: number;
  private readonly outWidth: number;
  private readonly targets: Float32Array;
  /** Scored in evaluation mode at every epoch's end (the dropout comparison's train figure). */
  private readonly trainSubset: Split;
  private good: GoodCopy | null = null;
  private sumLoss = 0;
  private sumCorrect = 0;
  private sumSeen = 0;
  private countedCorrect = true;
  private epochOfSums = 0;
  private lr: number;
  /** The initial network's mean training loss: the yardstick for an exploded loss. */
  private yardstick: number | null = null;
  private readonly probe = new UpdateProbe();
  private disposed = false;

  constructor(
    private readonly ll: LayerlabModule,
    private setup: RunSetup,
    private readonly data: Dataset,
  ) {
    const { layers, features, settings, seed } = setup;
    const fit = fitProblem(layers, features, data, settings.loss);
    if (fit) throw new Error(fit);
    const memory = trainMemory(layers, features, settings.batchSize, settings.optimizer, settings.momentum, data.train.x.length + data.test.x.length);
    const over = budgetProblem(memory);
    if (over) throw new Error(over);
    this.features = featureCount(data);
    this.outWidth = settings.loss === 'bce' ? 1 : data.numClasses;
    this.lr = settings.lr;
    try {
      this.net = this.scope.own(new ll.Sequential());
      layers.forEach((spec, i) => {
        const layer = this.scope.own(buildLayer(ll, spec, seed, i));
        this.net.add(layer);
        if (spec.kind === 'linear') this.linears.push(layer as Linear);
      });
      this.loss = this.scope.own(settings.loss === 'cross-entropy' ? new ll.CrossEntropyLoss() : settings.loss === 'bce' ? new ll.BCEWithLogitsLoss() : new ll.MSELoss());
      this.optimizer = this.makeOptimizer();
      this.batches = new BatchIterator({ n: data.train.n, batchSize: settings.batchSize, seed });
      this.batchesPerEpoch = this.batches.batchesPerEpoch;
      this.gather = new BatchGatherer(data.train, this.features, settings.batchSize);
      this.trainSubset = evenSubset(data.train, this.features);
      this.targets = new Float32Array(Math.max(settings.batchSize, EVAL_CHUNK) * (settings.loss === 'mse' ? this.outWidth : 1));
    } catch (error) {
      this.scope.dispose();
      throw error;
    }
  }

  get step(): number {
    return this.batches.position;
  }

  /** The network being trained, for the block cards' values (the Engine takes its own handles). */
  get network(): Sequential {
    return this.net;
  }

  get epoch(): number {
    return Math.floor(this.step / this.batchesPerEpoch);
  }

  /** Running means over the current epoch (NaN before its first step; accuracy null for MSE). */
  runningMeans(): { loss: number; accuracy: number | null } {
    if (this.sumSeen === 0) return { loss: Number.NaN, accuracy: this.countedCorrect ? Number.NaN : null };
    return { loss: this.sumLoss / this.sumSeen, accuracy: this.countedCorrect ? this.sumCorrect / this.sumSeen : null };
  }

  setLr(lr: number): void {
    this.lr = lr;
    this.optimizer.setLr(lr);
  }

  /** A new optimizer for the same weights (its moments start at zero), as when a PyTorch script makes one. */
  replaceOptimizer(settings: RunSetup['settings']): void {
    const memory = trainMemory(this.setup.layers, this.setup.features, settings.batchSize, settings.optimizer, settings.momentum, this.data.train.x.length + this.data.test.x.length);
    const over = budgetProblem(memory);
    if (over) throw new Error(over);
    this.setup = { ...this.setup, settings };
    this.lr = settings.lr;
    this.optimizer.delete();
    this.optimizer = this.makeOptimizer();
  }

  /**
   * One optimizer step on the next batch. On divergence the weights stay the last good ones
   * (the module refuses non-finite gradients before updating; an update that makes weights
   * non-finite is undone from the last good copy, with a fresh optimizer).
   * `onEpochEnd` receives the finished epoch's record (the test set evaluated as asked).
   */
  trainStep(testInTrainingMode: boolean, onEpochEnd: (record: EpochRecord) => void, now = performance.now()): StepOutcome & { loss?: number } {
    if (this.disposed) return { kind: 'error', message: 'the training run was disposed' };
    if (this.good === null || now - this.good.at > GOOD_COPY_MS) this.good = { step: this.step, params: this.parameters(), at: now };
    const stepBefore = this.step;
    let yardstick: number;
    try {
      yardstick = this.yardstick ??= Math.max(this.meanLoss(this.data.train, false, YARDSTICK_SAMPLES).loss, 1e-3);
    } catch (error) {
      return this.failed(errorText(error), stepBefore);
    }
    const before = this.probe.wanted ? this.parameters() : null;
    const batch = this.batches.next();
    const b = this.gather.gather(batch.indices);
    const scope = new HandleScope();
    let loss: number;
    try {
      const x = scope.own(this.ll.Tensor.fromArray(b.x, [b.size, ...this.setup.features]));
      const t = scope.own(this.targetTensor(b.y, b.size));
      this.ll.seed(mixSeed(this.setup.seed, DROPOUT_STREAM, stepBefore));
      const r = this.ll.trainStep(this.net, this.loss, this.optimizer, x, t);
      loss = r.loss;
      if (!(r.loss <= EXPLODED_FACTOR * yardstick)) {
        return this.undo(
          `the loss jumped to ${r.loss.toPrecision(3)}, over ${EXPLODED_FACTOR} × the initial network's ${yardstick.toPrecision(3)}`,
          stepBefore,
        );
      }
      if (before) this.probe.record({ step: this.step, layers: layerUpdates(before, this.parameters(), this.linears.map((l) => l.hasBias())) });
      if (batch.epoch !== this.epochOfSums) this.resetSums(batch.epoch);
      this.sumLoss += r.loss * b.size;
      this.sumSeen += b.size;
      if (r.correct === null) this.countedCorrect = false;
      else this.sumCorrect += r.correct;
    } catch (error) {
      return this.failed(errorText(error), stepBefore);
    } finally {
      scope.dispose();
    }
    if (batch.lastInEpoch) {
      const means = this.runningMeans();
      const test = this.evaluateTest(testInTrainingMode);
      // Both splits in evaluation mode, as the dropout comparison needs them for either run.
      const evalTrain = this.meanLoss(this.trainSubset, false, this.trainSubset.n);
      const evalTest = testInTrainingMode ? this.evaluateTest(false) : test;
      onEpochEnd({
        epoch: batch.epoch,
        step: this.step,
        trainLoss: means.loss,
        trainAccuracy: means.accuracy,
        testLoss: test.loss,
        testAccuracy: test.accuracy,
        testInTrainingMode,
        evaluation: { trainLoss: evalTrain.loss, trainAccuracy: evalTrain.accuracy, testLoss: evalTest.loss, testAccuracy: evalTest.accuracy, trainSamples: this.trainSubset.n },
      });
      this.resetSums(batch.epoch + 1);
    }
    return { kind: 'ok', loss };
  }

  /** Mean loss and accuracy (argmax, or logit > 0 for one output) over the test set. */
  evaluateTest(trainingMode: boolean): { loss: number; accuracy: number } {
    return this.meanLoss(this.data.test, trainingMode, this.data.test.n);
  }

  /** Mean loss and accuracy over the first `limit` samples of a split. */
  private meanLoss(split: Dataset['test'], trainingMode: boolean, limit: number): { loss: number; accuracy: number } {
    const n = Math.min(limit, split.n);
    let lossSum = 0;
    let correct = 0;
    this.inChunks(split.x, n, (x, start, size, scope) => {
      const labels = split.y.subarray(start, start + size);
      const t = scope.own(this.targetTensor(labels, size));
      if (trainingMode) this.ll.seed(mixSeed(this.setup.seed, DROPOUT_STREAM ^ 0xffff, this.step));
      const y = scope.own(this.net.forward(x, trainingMode));
      lossSum += this.loss.forward(y, t) * size;
      correct += this.countCorrect(y.toArray(), labels);
    });
    return { loss: lossSum / n, accuracy: correct / n };
  }

  /** Calls `fn` on `count` rows of `x` as tensors of at most EVAL_CHUNK rows, each freed after its call. */
  private inChunks(x: Float32Array, count: number, fn: (t: Tensor, start: number, size: number, scope: HandleScope) => void): void {
    for (let start = 0; start < count; start += EVAL_CHUNK) {
      const size = Math.min(EVAL_CHUNK, count - start);
      const scope = new HandleScope();
      try {
        const t = scope.own(this.ll.Tensor.fromArray(x.subarray(start * this.features, (start + size) * this.features), [size, ...this.setup.features]));
        fn(t, start, size, scope);
      } finally {
        scope.dispose();
      }
    }
  }

  /** Every parameter (weights then bias, per Linear), copied out. */
  parameters(): Float32Array[] {
    const out: Float32Array[] = [];
    const scope = new HandleScope();
    try {
      for (const lin of this.linears) {
        out.push(scope.own(lin.weight()).toArray());
        const bias = lin.bias();
        if (bias) out.push(scope.own(bias).toArray());
      }
    } finally {
      scope.dispose();
    }
    return out;
  }

  /** What the learning views ask for; each part only when wanted. */
  snapshot(wants: SnapshotWants): TrainSnapshot {
    const first = this.linears[0];
    const snap: TrainSnapshot = { step: this.step, firstLayer: null, testPredictions: null, depthStats: null };
    if (wants.firstLayer && first) {
      snap.firstLayer = { weight: this.parameters()[0] ?? new Float32Array(0), in: first.inFeatures(), out: first.outFeatures() };
    }
    const predictions = wants.testPredictions || wants.mistakes ? this.testPredictions() : null;
    if (wants.testPredictions) snap.testPredictions = predictions;
    if (wants.mistakes && predictions) snap.mistakes = this.mistakes(predictions, wants.mistakes);
    if (wants.depthStats) {
      snap.depthStats = this.depthStats();
      snap.updates = this.probe.last;
      this.probe.arm();
    }
    if (wants.boundary) snap.boundary = this.boundary(wants.boundary.size);
    if (wants.depthInit) snap.depthInit = this.depthInit();
    return snap;
  }

  /** The network's raw outputs (count, out) for `count` rows of `x`, in evaluation mode (Dropout off). */
  predict(x: Float32Array, count: number): Float32Array {
    const out = new Float32Array(count * this.outWidth);
    this.inChunks(x, count, (t, start, _size, scope) => out.set(scope.own(this.net.forward(t, false)).toArray(), start * this.outWidth));
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.clear();
    this.scope.dispose();
  }

  private makeOptimizer(): Optimizer {
    const { settings } = this.setup;
    const lr = this.lr;
    const wd = settings.weightDecay;
    const opt =
      settings.optimizer === 'sgd'
        ? new this.ll.SGD(this.net, { lr, momentum: settings.momentum, nesterov: settings.nesterov && settings.momentum > 0, weightDecay: wd })
        : settings.optimizer === 'adam'
          ? new this.ll.Adam(this.net, { lr, weightDecay: wd })
          : new this.ll.AdamW(this.net, { lr, weightDecay: wd });
    return this.scope.own(opt);
  }

  private resetSums(epoch: number): void {
    this.sumLoss = 0;
    this.sumCorrect = 0;
    this.sumSeen = 0;
    this.countedCorrect = true;
    this.epochOfSums = epoch;
  }

  /** Class indices (cross-entropy), 0/1 as (B, 1) (BCE), or one-hot rows (MSE). */
  private targetTensor(labels: Uint8Array, size: number): Tensor {
    const t = this.targetValues(labels, size);
    return this.ll.Tensor.fromArray(t.values, t.shape);
  }

  /** The targets' values (a view of a reused buffer) and shape. */
  private targetValues(labels: Uint8Array, size: number): { values: Float32Array; shape: number[] } {
    const { loss } = this.setup.settings;
    if (loss === 'mse') {
      const c = this.outWidth;
      const t = this.targets.subarray(0, size * c);
      t.fill(0);
      for (let i = 0; i < size; i++) t[i * c + (labels[i] ?? 0)] = 1;
      return { values: t, shape: [size, c] };
    }
    const t = this.targets.subarray(0, size);
    for (let i = 0; i < size; i++) t[i] = labels[i] ?? 0;
    return { values: t, shape: loss === 'bce' ? [size, 1] : [size] };
  }

  private countCorrect(y: Float32Array, labels: Uint8Array): number {
    const c = this.outWidth;
    let correct = 0;
    for (let i = 0; i < labels.length; i++) if (this.argmax(y, i, c) === labels[i]) correct++;
    return correct;
  }

  private argmax(y: Float32Array, row: number, c: number): number {
    if (c === 1) return (y[row] ?? 0) > 0 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < c; j++) if ((y[row * c + j] ?? 0) > (y[row * c + best] ?? 0)) best = j;
    return best;
  }

  private failed(message: string, stepBefore: number): StepOutcome {
    const diverged = /diverged|non-finite|not finite|NaN|inf/i.test(message);
    if (!diverged) {
      this.batches.seek(stepBefore);
      return { kind: 'error', message };
    }
    if (/became non-finite/.test(message)) return this.undo('the weights became infinite or NaN', stepBefore);
    this.batches.seek(stepBefore);
    return {
      kind: 'diverged',
      restored: false,
      message: `Training diverged at step ${stepBefore + 1}: the loss or the gradients became infinite or NaN, so that step was not taken. Training is paused with the weights after step ${stepBefore}, the last good ones. Lower the learning rate (now ${this.lr}), then Play.`,
    };
  }

  /**
   * The update ran and went wrong: the last good weights go back and the optimizer starts
   * afresh (its moments saw the bad step).
   */
  private undo(what: string, stepBefore: number): StepOutcome {
    const good = this.good ?? { step: stepBefore, params: this.parameters(), at: 0 };
    this.restore(good.params);
    this.batches.seek(good.step);
    this.resetSums(Math.floor(good.step / this.batchesPerEpoch));
    this.optimizer.delete();
    this.optimizer = this.makeOptimizer();
    return {
      kind: 'diverged',
      restored: true,
      message: `Training diverged at step ${stepBefore + 1}: ${what}. Training is paused; the weights were put back to those after step ${good.step}, the last good ones, and the optimizer starts afresh. Lower the learning rate (now ${this.lr}), then Play.`,
    };
  }

  private restore(params: Float32Array[]): void {
    const scope = new HandleScope();
    try {
      let k = 0;
      for (const lin of this.linears) {
        const w = params[k++];
        if (w) lin.setWeight(scope.own(this.ll.Tensor.fromArray(w, [lin.inFeatures(), lin.outFeatures()])));
        if (lin.hasBias()) {
          const b = params[k++];
          if (b) lin.setBias(scope.own(this.ll.Tensor.fromArray(b, [lin.outFeatures()])));
        }
      }
    } finally {
      scope.dispose();
    }
  }

  private testPredictions(): { predicted: Uint8Array; labels: Uint8Array } {
    const { test } = this.data;
    const y = this.predict(test.x, test.n);
    const predicted = new Uint8Array(test.n);
    for (let i = 0; i < test.n; i++) predicted[i] = this.argmax(y, i, this.outWidth);
    return { predicted, labels: test.y.slice() };
  }

  private mistakes(p: { predicted: Uint8Array; labels: Uint8Array }, limit: number): MistakesSnapshot {
    const wrong = misclassified(p.predicted, p.labels, Math.max(0, Math.min(MAX_MISTAKES, Math.floor(limit))));
    const f = this.features;
    const pixels = new Float32Array(wrong.length * f);
    wrong.forEach((i, k) => pixels.set(this.data.test.x.subarray(i * f, (i + 1) * f), k * f));
    return {
      indices: Uint32Array.from(wrong),
      predicted: Uint8Array.from(wrong, (i) => p.predicted[i] ?? 0),
      labels: Uint8Array.from(wrong, (i) => p.labels[i] ?? 0),
      pixels,
    };
  }

  /** 2-D sets only (null otherwise): P(class 1) over the set's square, and the points. */
  private boundary(size: number): BoundarySnapshot | null {
    const domain = this.data.domain;
    if (domain === undefined || this.features !== 2) return null;
    const n = Math.max(2, Math.min(MAX_BOUNDARY_GRID, Math.floor(size)));
    const grid = probabilityGrid((points, count) => classOneProbability(this.predict(points, count), count), domain, n);
    const { train, test } = this.data;
    return { size: n, domain, probability: grid.probability, train: { x: train.x.slice(), y: train.y.slice() }, test: { x: test.x.slice(), y: test.y.slice() } };
  }

  /** The first training batch through this network's specs at init, once per init scheme. */
  private depthInit(): DepthSeries[] {
    const b = this.firstBatch();
    const target = this.targetValues(b.y, b.size);
    return depthAtInit(
      this.ll,
      this.setup.layers,
      { x: b.x.slice(0, b.size * this.features), shape: [b.size, ...this.setup.features], target: target.values.slice(), targetShape: target.shape, loss: this.setup.settings.loss },
      this.setup.seed,
    );
  }

  /** The first mini-batch of the training set, in file order: what the depth views measure on. */
  private firstBatch(): ReturnType<BatchGatherer['gather']> {
    const size = Math.min(this.setup.settings.batchSize, this.data.train.n);
    return this.gather.gather(Uint32Array.from({ length: size }, (_, i) => i));
  }

  private depthStats(): BlockStats[] {
    const b = this.firstBatch();
    const scope = new HandleScope();
    try {
      const x = scope.own(this.ll.Tensor.fromArray(b.x, [b.size, ...this.setup.features]));
      const t = scope.own(this.targetTensor(b.y, b.size));
      this.ll.seed(mixSeed(this.setup.seed, DROPOUT_STREAM, this.step));
      return this.net.depthStats(x, this.loss, t);
    } finally {
      scope.dispose();
    }
  }
}
