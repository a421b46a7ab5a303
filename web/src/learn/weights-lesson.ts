// The weights-as-pictures lesson in one click: a first Linear small enough (16 units) that
// each of its columns, drawn as an image, visibly becomes a template of the data within
// seconds of training ("each column of W learns a pattern"). With 256 units on digits the
// tiles stay close to their random start and read as noise.
import type { BlockSpec } from '../vocabulary/blocks.ts';
import { modelFromSpecs, type NetworkModel, setSeed } from '../model/network/network.ts';
import { dataShapeOf, fitFix } from '../model/training/fit.ts';
import type { TrainSettings } from '../model/training/settings.ts';

export const LESSON_UNITS = 16;
/**
 * The lesson trains with plain SGD (momentum 0.9, lr 0.05): each weight's step is then in
 * proportion to its pixel's ink, so the pictures fill with the garments' shapes. Adam's
 * per-weight normalisation gives the rarely-inked border pixels steps as large as the
 * centre's, and at 0.001 or 0.005 the tiles stayed speckled after 5 s (tried on Fashion-MNIST).
 */
export const LESSON_SETTINGS: Readonly<Partial<TrainSettings>> = Object.freeze({ optimizer: 'sgd', lr: 0.05, momentum: 0.9 });

export function weightsLessonSpecs(units = LESSON_UNITS, classes = 10): BlockSpec[] {
  return [
    { kind: 'linear', outFeatures: units, bias: true, init: 'lecun', inFeatures: null },
    { kind: 'relu' },
    { kind: 'linear', outFeatures: classes, bias: true, init: 'lecun', inFeatures: null },
  ];
}

/** Linear(16) → ReLU → Linear(classes) fitted to the data set being trained on, with the learner's seed. */
export function weightsLessonFor(current: NetworkModel, settings: TrainSettings): NetworkModel {
  const lesson = setSeed(modelFromSpecs(weightsLessonSpecs(), { input: { batch: current.input.batch, features: [784] } }), current.seed);
  return fitFix(lesson, dataShapeOf(settings.dataset), settings.loss) ?? lesson;
}
