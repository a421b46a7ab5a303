// What a training run is set up with, besides the network: data set, loss, optimizer and its
// numbers. Pure TS, shared by the page, the URL table and the worker. Every field has a range
// and a check that names it, so a hostile link (lr 1e300, batch 0, steps 1e12) is reported as
// text and never reaches the worker.
import type { Validated } from '../network/validate.ts';
import { TOY_KINDS, type ToyKind } from '../../data/toy.ts';

export const IMAGE_SETS = ['digits', 'fashion-mnist'] as const;
export type ImageSetId = (typeof IMAGE_SETS)[number];
export const DATASET_IDS: readonly DatasetId[] = [...TOY_KINDS, ...IMAGE_SETS];
export type DatasetId = ToyKind | ImageSetId;

export const LOSSES = ['cross-entropy', 'bce', 'mse'] as const;
export type LossId = (typeof LOSSES)[number];
export const OPTIMIZERS = ['sgd', 'adam', 'adamw'] as const;
export type OptimizerId = (typeof OPTIMIZERS)[number];

export interface TrainSettings {
  dataset: DatasetId;
  /** Toy sets only: the Playground's noise, 0 to 0.5. */
  noise: number;
  /** Toy sets only: share of points used for training. */
  trainFraction: number;
  loss: LossId;
  optimizer: OptimizerId;
  lr: number;
  /** SGD only. */
  momentum: number;
  nesterov: boolean;
  batchSize: number;
  weightDecay: number;
}

export const DEFAULT_TRAIN_SETTINGS: Readonly<TrainSettings> = Object.freeze({
  dataset: 'digits',
  noise: 0,
  trainFraction: 0.5,
  loss: 'cross-entropy',
  optimizer: 'adam',
  lr: 0.001,
  momentum: 0.9,
  nesterov: false,
  batchSize: 32,
  weightDecay: 0,
});

/** Steps a link may ask the worker to replay: more would keep the page busy for hours. */
export const MAX_STEPS = 200_000;
export const TRAIN_LIMITS = {
  lr: [1e-7, 100],
  momentum: [0, 0.999],
  batchSize: [1, 4096],
  weightDecay: [0, 1],
  noise: [0, 0.5],
  trainFraction: [0.1, 0.9],
} as const;

export function isImageSet(id: DatasetId): id is ImageSetId {
  return (IMAGE_SETS as readonly string[]).includes(id);
}

export function isToySet(id: DatasetId): id is ToyKind {
  return (TOY_KINDS as readonly string[]).includes(id);
}

function parseNumber(input: string | number): number {
  if (typeof input === 'number') return input;
  const text = input.trim();
  return text === '' ? Number.NaN : Number(text);
}

export function validateRange(input: string | number, label: string, [min, max]: readonly [number, number]): Validated<number> {
  const value = parseNumber(input);
  if (!Number.isFinite(value)) return { ok: false, error: `${label} must be a number from ${min} to ${max} (got ${JSON.stringify(String(input))})` };
  if (value < min || value > max) return { ok: false, error: `${label} must be from ${min} to ${max} (got ${value})` };
  return { ok: true, value };
}

export function validateWhole(input: string | number, label: string, [min, max]: readonly [number, number]): Validated<number> {
  const r = validateRange(input, label, [min, max]);
  if (r.ok && !Number.isInteger(r.value)) return { ok: false, error: `${label} must be a whole number (got ${r.value})` };
  return r;
}

export function validateChoice<T extends string>(input: string, label: string, choices: readonly T[]): Validated<T> {
  const word = input.trim().toLowerCase();
  const found = choices.find((c) => c === word);
  return found === undefined ? { ok: false, error: `${label}: unknown "${input}" (choose ${choices.join(', ')})` } : { ok: true, value: found };
}

export const validateLr = (v: string | number): Validated<number> => validateRange(v, 'Learning rate', TRAIN_LIMITS.lr);
export const validateBatchSize = (v: string | number): Validated<number> => validateWhole(v, 'Batch size', TRAIN_LIMITS.batchSize);
export const validateWeightDecay = (v: string | number): Validated<number> => validateRange(v, 'Weight decay', TRAIN_LIMITS.weightDecay);
export const validateMomentum = (v: string | number): Validated<number> => validateRange(v, 'Momentum', TRAIN_LIMITS.momentum);
export const validateNoise = (v: string | number): Validated<number> => validateRange(v, 'Noise', TRAIN_LIMITS.noise);
export const validateTrainFraction = (v: string | number): Validated<number> => validateRange(v, 'Training share', TRAIN_LIMITS.trainFraction);
export const validateSteps = (v: string | number): Validated<number> => validateWhole(v, 'Steps', [0, MAX_STEPS]);

/** The fields whose change makes a new optimizer (its state would not mean the same). */
export const OPTIMIZER_FIELDS: readonly (keyof TrainSettings)[] = ['optimizer', 'momentum', 'nesterov', 'weightDecay'];
/** The fields whose change starts over from the seed (the data or its order change). */
export const RESTART_FIELDS: readonly (keyof TrainSettings)[] = ['dataset', 'noise', 'trainFraction', 'batchSize', 'loss'];

export type SettingsChange = 'none' | 'lr' | 'optimizer' | 'restart';

/** What a settings change does to a run: nothing, a new learning rate, a new optimizer, or a restart. */
export function changeKind(before: TrainSettings, after: TrainSettings): SettingsChange {
  if (RESTART_FIELDS.some((k) => before[k] !== after[k])) return 'restart';
  if (OPTIMIZER_FIELDS.some((k) => before[k] !== after[k])) return 'optimizer';
  return before.lr !== after.lr ? 'lr' : 'none';
}

export function sameSettings(a: TrainSettings, b: TrainSettings): boolean {
  return changeKind(a, b) === 'none';
}
