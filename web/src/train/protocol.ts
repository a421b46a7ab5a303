// The messages between the page and the training worker. Each side sends only these shapes;
// isToWorker/isFromWorker check a message's type before it is used, so a stray message (or
// a bug) is reported, never acted on. Float32Arrays are transferred, not copied.
import type { RunRequest } from '../engine/engine.ts';
import type { BlockStats } from '../engine/layerlab';
import { type Snapshot, transferables } from '../engine/snapshot.ts';
import type { LayerSpec } from '../model/layer-specs.ts';
import type { TrainSettings } from './settings.ts';

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
  /** All parameters, in order (tests: a link reproduces the network exactly). */
  | { type: 'weights'; id: number }
  /**
   * The block cards' snapshot (shapes, weights, activations, masks) for the page's network:
   * computed on the training run's network when it is this one, so the cards show the weights
   * as they are now; otherwise on the weights the seed gives.
   */
  | { type: 'values'; id: number; request: RunRequest }
  /** Tests only: the worker throws outside any handler, as a crash would. */
  | { type: 'crash' };

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
}

export interface DatasetInfo {
  id: string;
  name: string;
  inputShape: number[];
  numClasses: number;
  train: number;
  test: number;
  imageShape: [number, number] | null;
}

export interface TrainSnapshot {
  step: number;
  /** First Linear's weight, (in, out) row-major. */
  firstLayer: { weight: Float32Array; in: number; out: number } | null;
  /** Evaluation-mode argmax per test sample, with the labels. */
  testPredictions: { predicted: Uint8Array; labels: Uint8Array } | null;
  depthStats: BlockStats[] | null;
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
  | { type: 'weights'; id: number; step: number; weights: Float32Array[] }
  /** The answer to `values`: a snapshot, or why there is none (the run threw). */
  | { type: 'values'; id: number; snapshot: Snapshot; error: null }
  | { type: 'values'; id: number; snapshot: null; error: string };

const TO_WORKER_TYPES = ['setup', 'play', 'pause', 'step', 'lr', 'optimizer', 'eval-mode', 'snapshot', 'weights', 'values', 'crash'] as const;
const FROM_WORKER_TYPES = ['ready', 'loading', 'loaded', 'progress', 'diverged', 'error', 'snapshot', 'weights', 'values'] as const;

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
      return out;
    }
    default:
      return [];
  }
}
