// Ready-made networks, as plain model values: loading one is just replacing the model.
import type { BlockSpec, LinearSpec } from '../../vocabulary/blocks.ts';
import { type NetworkModel, modelFromSpecs } from './network.ts';

export interface Preset {
  /** Stable name for code and tests; never shown. */
  id: string;
  name: string;
  description: string;
  model: NetworkModel;
}

function linear(outFeatures: number): LinearSpec {
  return { kind: 'linear', outFeatures, bias: true, init: 'lecun', inFeatures: null };
}
const relu: BlockSpec = { kind: 'relu' };
const sigmoid: BlockSpec = { kind: 'sigmoid' };
const flatten: BlockSpec = { kind: 'flatten' };
function dropout(p: number): BlockSpec {
  return { kind: 'dropout', p };
}

// Presets are shared values handed straight to the UI; freezing them turns an accidental
// in-place edit into an error instead of a silently changed preset.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const COURSE_BLOCKS: readonly BlockSpec[] = [linear(256), relu, dropout(0.5), linear(128), relu, dropout(0.3), linear(10)];

export const PRESETS: readonly Preset[] = deepFreeze([
  {
    id: 'mnist-mlp',
    name: 'MNIST MLP',
    description: 'A batch of 32 flattened 28×28 images through two hidden layers to 10 class scores.',
    model: modelFromSpecs([linear(256), relu, linear(128), relu, linear(10)], { input: { batch: 32, features: [784] } }),
  },
  {
    id: 'course-dropout',
    name: 'Course 3-layer with dropout',
    description:
      "The course's network as the module writes it: 784→256→128→10 with Dropout(0.5) after the first hidden layer and Dropout(0.3) after the second (235,146 parameters). Switch training off to see dropout vanish.",
    // As the module builds it, layer for layer: Linear, ReLU, Dropout(0.5), Linear, ReLU, Dropout(0.3), Linear.
    model: modelFromSpecs(COURSE_BLOCKS, { input: { batch: 32, features: [784] } }),
  },
  {
    id: 'course-digits',
    name: 'Course network on digits',
    description:
      'The same layers with 64 inputs, so it trains on the 8×8 digits at once (50,826 parameters): what a first visit opens. Fashion-MNIST (28×28 = 784) takes the 784-input preset above.',
    model: modelFromSpecs(COURSE_BLOCKS, { input: { batch: 32, features: [64] } }),
  },
  {
    id: 'tiny',
    name: 'Tiny 3→4→2',
    description: "The course's seed example, small enough to read every number: x = [[1, 2, 3]] through Linear(3, 4), ReLU, Linear(4, 2), Sigmoid.",
    model: modelFromSpecs([linear(4), relu, linear(2), sigmoid], { input: { batch: 1, features: [3], data: 'typed', values: [1, 2, 3] } }),
  },
  {
    id: 'image-mlp',
    name: 'CNN-free image MLP',
    description: 'Starts from 28×28 images and flattens them first, as a real image pipeline would.',
    model: modelFromSpecs([flatten, linear(128), relu, linear(10)], { input: { batch: 32, features: [28, 28] } }),
  },
  {
    id: 'empty',
    name: 'Empty',
    description: 'No blocks yet: add some from the palette.',
    model: modelFromSpecs([], { input: { batch: 32, features: [784] } }),
  },
]);

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * What a first visit (no link) and an element without a network start with: the course's
 * network, whose Dropout shows what the training switch does from the first look, with the
 * input of the default data set (8×8 digits: no download, Play trains at once, no fit warning).
 */
export const DEFAULT_PRESET_ID = 'course-digits';

export function defaultModel(): NetworkModel {
  const preset = presetById(DEFAULT_PRESET_ID);
  if (!preset) throw new Error(`no preset ${DEFAULT_PRESET_ID}`);
  return preset.model;
}
