// The messages between the page and the training worker. Each side sends only these shapes;
// isToWorker/isFromWorker check a message's type before it is used, so a stray message (or
// a bug) is reported, never acted on. Float32Arrays are transferred, not copied.
import type { RunRequest } from '../engine/engine.ts';
import type { BlockStats } from '../engine/layerlab';
import type { DepthSeries } from '../learn/depth.ts';
import type { MeasuredUpdate } from '../learn/update-probe.ts';
import { type Snapshot, transferables } from '../engine/snapshot.ts';
import type { LayerSpec } from '../vocabulary/layer-spec.ts';
import type { TrainSettings } from '../model/training/settings.ts';

/** Everything the worker needs to build a run: the same specs and seed give the same weights as the page. */
export interface RunSetup {
  layers: LayerSpec[];
  /** The features after the batch dimension, as the page's input: (64,), (8, 8), (784,). */
  features: number[];
  seed: number;
  settings: TrainSettings;
  /** The data folder's absolute URL, ending in "/" (image sets). */
  dataBase: string;
}

/** What the learning views may ask for (weights as pictures, confusion matrix, depth lab). */
export interface SnapshotWants {
  firstLayer?: boolean;
  testPredictions?: boolean;
  depthStats?: boolean;
  /** 2-D sets: evaluation-mode P(class 1) over a size × size grid of the set's square, with the points. */
  boundary?: { size: number };
  /** Up to this many misclassified test examples (image sets), with their pixels. */
  mistakes?: number;
  /** Depth statistics of this network at initialisation, once per init scheme (depth lab). */
  depthInit?: boolean;
}

export type ToWorker =
  /** Builds the network from the seed and loads the data; step 0. Then replays `steps` (a link). */
  | { type: 'setup'; setup: RunSetup; steps: number; seq: number }
  | { type: 'play'; seq: number }
  | { type: 'pause'; seq: number }
  /** Exactly one batch, then paused. */
  | { type: 'step'; seq: number }
  /** New learning rate, applied to the next step (the optimizer keeps its state). */
  | { type: 'lr'; lr: number }
  /** A new optimizer (type, momentum, weight decay) for the same weights: its state starts afresh. */
  | { type: 'optimizer'; settings: TrainSettings }
  /** Evaluate the test set in training mode (dropout on): the "left on at inference" error. */
  | { type: 'eval-mode'; training: boolean }
  | { type: 'snapshot'; id: number; wants: SnapshotWants }
  /** All parameters, in order (tests: a link reproduces the network exactly; export); `twin`: the no-dropout run's. */
  | { type: 'weights'; id: number; twin?: boolean }
  /** Dropout comparison: train a twin without Dropout (p = 0, same seed and batches) alongside, or stop it. */
  | { type: 'compare'; on: boolean }
  /**
   * The block cards' snapshot (shapes, weights, activations, masks) for the page's network:
   * computed on the training run's network when it is this one, so the cards show the weights
   * as they are now; otherwise on the weights the seed gives. `owner` names another asker
   * sharing the worker (each <layerlab-playground> element): it gets an engine, and a layer
   * cache, of its own; such networks never train.
   */
  | { type: 'values'; id: number; request: RunRequest; owner?: string }
  /** Tests only: the worker throws outside any handler, as a crash would. */
  | { type: 'crash' }
  /** The worker's own WASM heap (tests: the soak checks it stays flat); answered even with no run. */
  | { type: 'memory'; id: number };

export interface EpochRecord {
  epoch: number;
  /** Step count when the epoch ended. */
  step: number;
  trainLoss: number;
  /** null for MSE, whose loss counts no correct predictions. */
  trainAccuracy: number | null;
  testLoss: number;
  testAccuracy: number;
  /** The test set was evaluated in training mode (dropout on). */
  testInTrainingMode: boolean;
  /**
   * Both splits in evaluation mode at the epoch's end (train: a fixed subset of `trainSamples`),
   * whatever the check box says: what the dropout comparison compares, like with like.
   */
  evaluation: EvaluatedEpoch;
}

export interface EvaluatedEpoch {
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  trainSamples: number;
}

export interface Progress {
  step: number;
  epoch: number;
  batchesPerEpoch: number;
  /** Running means over the current epoch so far (NaN before its first step). */
  trainLoss: number;
  trainAccuracy: number | null;
  /** Per-step training losses since the previous progress message, in step order. */
  stepLosses: Float32Array;
  /** Epochs completed since the previous progress message. */
  epochs: EpochRecord[];
  samplesPerSecond: number | null;
  running: boolean;
  /**
   * The seq of the last setup/play/pause/step the worker had handled: a progress message
   * written before the page's latest command says nothing about whether it runs now.
   */
  ack: number;
  /** A link's replay still has this many steps to go (0 when none). */
  replayLeft: number;
  /** The no-dropout twin while the comparison is on (absent or null when off). */
  compare?: CompareProgress | null;
}

export interface CompareProgress {
  step: number;
  /** The twin's epochs completed since the previous progress message. */
  epochs: EpochRecord[];
  /** Why the twin does not run (no Dropout block, diverged, over the budget), or null. */
  problem: string | null;
}

export interface DatasetInfo {
  id: string;
  name: string;
  inputShape: number[];
  numClasses: number;
  train: number;
  test: number;
  imageShape: [number, number] | null;
  classNames?: string[];
  /** 2-D sets: the square [-domain, domain]² the points lie in. */
  domain?: number | null;
}

/** Points of a 2-D set: x (n, 2) row-major, y (n,) class indices. */
export interface PlanePoints {
  x: Float32Array;
  y: Uint8Array;
}

export interface BoundarySnapshot {
  size: number;
  domain: number;
  /** (size × size) P(class 1), row 0 at the top, as learn/decision-grid.ts lays it out. */
  probability: Float32Array;
  train: PlanePoints;
  test: PlanePoints;
}

export interface MistakesSnapshot {
  /** Test-set positions of the first misclassified examples, in test order. */
  indices: Uint32Array;
  predicted: Uint8Array;
  labels: Uint8Array;
  /** (indices.length, features) in [0, 1]. */
  pixels: Float32Array;
}

export interface TrainSnapshot {
  step: number;
  /** First Linear's weight, (in, out) row-major. */
  firstLayer: { weight: Float32Array; in: number; out: number } | null;
  /** Evaluation-mode argmax per test sample, with the labels. */
  testPredictions: { predicted: Uint8Array; labels: Uint8Array } | null;
  depthStats: BlockStats[] | null;
  /** With depthStats: the last step measured (the one after the previous depth request), per Linear. */
  updates?: MeasuredUpdate | null;
  boundary?: BoundarySnapshot | null;
  mistakes?: MistakesSnapshot | null;
  depthInit?: DepthSeries[] | null;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'loading'; received: number; total: number | null }
  | { type: 'loaded'; dataset: DatasetInfo; batchesPerEpoch: number }
  | { type: 'progress'; progress: Progress }
  /** Paused with the last good weights kept; `message` says so in plain words. */
  | { type: 'diverged'; step: number; message: string }
  /** A setup or step failed for a reason other than divergence (bad shapes, budget, data). */
  | { type: 'error'; message: string }
  | { type: 'snapshot'; id: number; snapshot: TrainSnapshot }
  /** A snapshot or weights request that cannot be answered now (no run yet, or one being set up): that request fails, the run does not. */
  | { type: 'refused'; id: number; message: string }
  | { type: 'weights'; id: number; step: number; weights: Float32Array[] }
  | { type: 'memory'; id: number; memory: WorkerMemory }
  /** The answer to `values`: a snapshot, or why there is none (the run threw). */
  | { type: 'values'; id: number; snapshot: Snapshot; error: null }
  | { type: 'values'; id: number; snapshot: null; error: string };

/** The training worker's module, measured where it runs (the page cannot see that heap). */
export interface WorkerMemory {
  /** Bytes malloc'd in the worker's WASM heap now: every live handle holds some. */
  inUse: number;
  /** The worker's whole WASM linear memory (HEAP8.length): grows, never shrinks. */
  heap: number;
  /** JS values held from C++ (Embind's emval handles), or null when the module does not say. */
  emvalHandles: number | null;
  /** The run's step, or null with no run (answered after every earlier message). */
  step: number | null;
  /** Steps are still to come (running, a Step or a replay not yet taken): the step will change. */
  working: boolean;
}

const TO_WORKER_TYPES = ['setup', 'play', 'pause', 'step', 'lr', 'optimizer', 'eval-mode', 'snapshot', 'weights', 'crash', 'compare', 'memory', 'values'] as const;
const FROM_WORKER_TYPES = ['ready', 'loading', 'loaded', 'progress', 'diverged', 'error', 'snapshot', 'weights', 'refused', 'memory', 'values'] as const;

function typeOf(message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return null;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' ? type : null;
}

export function isToWorker(message: unknown): message is ToWorker {
  const type = typeOf(message);
  return type !== null && (TO_WORKER_TYPES as readonly string[]).includes(type);
}

export function isFromWorker(message: unknown): message is FromWorker {
  const type = typeOf(message);
  return type !== null && (FROM_WORKER_TYPES as readonly string[]).includes(type);
}

/** The buffers a message can hand over instead of copying. */
export function transferablesOf(message: FromWorker): Transferable[] {
  switch (message.type) {
    case 'progress':
      return [message.progress.stepLosses.buffer];
    case 'weights':
      return message.weights.map((w) => w.buffer);
    case 'values':
      return message.snapshot ? transferables(message.snapshot) : [];
    case 'snapshot': {
      const s = message.snapshot;
      const out: Transferable[] = [];
      if (s.firstLayer) out.push(s.firstLayer.weight.buffer);
      if (s.testPredictions) out.push(s.testPredictions.predicted.buffer, s.testPredictions.labels.buffer);
      if (s.boundary) {
        const b = s.boundary;
        out.push(b.probability.buffer, b.train.x.buffer, b.train.y.buffer, b.test.x.buffer, b.test.y.buffer);
      }
      if (s.mistakes) out.push(s.mistakes.indices.buffer, s.mistakes.predicted.buffer, s.mistakes.labels.buffer, s.mistakes.pixels.buffer);
      return out;
    }
    default:
      return [];
  }
}
