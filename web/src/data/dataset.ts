// The one shape every data set takes once loaded, whatever its source: features as Float32Array
// rows ready for the network, labels as class indices. Pure TS, no DOM (runs in a worker).
import type { LldsSet } from './llds-format.mjs';

export interface Split {
  /** (n, ...inputShape) row-major. Image sets: pixel / maxValue, in [0, 1]. Toy sets: raw x, y. */
  x: Float32Array;
  /** (n,) class indices 0 .. numClasses-1 (the trainer makes one-hot or float targets as its loss needs). */
  y: Uint8Array;
  n: number;
}

export interface Dataset {
  name: string;
  /** The features of one sample as the network's input sees them: (64,), (784,), (2,). */
  inputShape: readonly number[];
  numClasses: number;
  classNames: readonly string[];
  train: Split;
  test: Split;
  /** Image sets: (height, width) for drawing a sample or a weight column as a picture. */
  imageShape?: readonly [number, number];
  /** 2-D sets: the square [-d, d]² the points were drawn in, for a decision-boundary heatmap. */
  domain?: number;
}

/** Number of features per sample (the product of inputShape). */
export function featureCount(dataset: Pick<Dataset, 'inputShape'>): number {
  return dataset.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * An image set from a decoded LLDS file: pixels scaled to [0, 1] by the header's maxValue (not
 * standardised, so a sample still draws as a picture and the scale means the same for every
 * set); features flattened, as the course's MLPs (784 inputs) expect.
 */
export function imageDataset(name: string, set: LldsSet): Dataset {
  if (set.shape.length !== 2) throw new RangeError(`${name}: an image set needs (height, width) samples, got (${set.shape.join(', ')})`);
  const [height = 0, width = 0] = set.shape;
  // One division per possible value, so 255 / 255 is exactly 1.
  const table = Float32Array.from({ length: 256 }, (_, v) => v / set.maxValue);
  const split = (part: LldsSet['train']): Split => {
    const x = new Float32Array(part.pixels.length);
    for (let i = 0; i < x.length; i++) x[i] = table[part.pixels[i] ?? 0] ?? 0;
    return { x, y: part.labels.slice(), n: part.labels.length };
  };
  return {
    name,
    inputShape: [height * width],
    numClasses: set.classNames.length,
    classNames: [...set.classNames],
    train: split(set.train),
    test: split(set.test),
    imageShape: [height, width],
  };
}
