// The decision boundary of a 2-D classifier: the probability of class 1 at the centre of every
// cell of an n × n grid over [-domain, domain]², computed in one batched call (one forward
// pass), row 0 at the top (largest y) so the grid paints straight onto a canvas.

/** Maps (count, 2) points to (count,) probabilities of class 1. */
export type BatchPredict = (points: Float32Array, count: number) => Float32Array;

export interface ProbabilityGrid {
  size: number;
  domain: number;
  /** (size × size) row-major, row 0 = top. */
  probability: Float32Array;
}

/** The (n², 2) cell centres, row-major from the top-left. */
export function gridPoints(domain: number, size: number): Float32Array {
  if (!(domain > 0)) throw new RangeError(`decision boundary: domain ${domain} must be > 0`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`decision boundary: grid size ${size} must be a whole number ≥ 1`);
  const cell = (2 * domain) / size;
  const out = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    const y = domain - (r + 0.5) * cell;
    for (let c = 0; c < size; c++) {
      const i = (r * size + c) * 2;
      out[i] = -domain + (c + 0.5) * cell;
      out[i + 1] = y;
    }
  }
  return out;
}

export function probabilityGrid(predict: BatchPredict, domain: number, size: number): ProbabilityGrid {
  const count = size * size;
  const probability = predict(gridPoints(domain, size), count);
  if (probability.length !== count) throw new RangeError(`decision boundary: predict gave ${probability.length} values for ${count} points`);
  return { size, domain, probability };
}

/**
 * P(class 1) from a network's raw outputs: (count, 2) logits through softmax (CrossEntropyLoss),
 * or (count, 1) logits through the sigmoid (BCEWithLogitsLoss).
 */
export function classOneProbability(outputs: Float32Array, count: number): Float32Array {
  const width = outputs.length / count;
  const out = new Float32Array(count);
  if (width === 1) {
    for (let i = 0; i < count; i++) out[i] = 1 / (1 + Math.exp(-outputs[i]!));
  } else if (width === 2) {
    // softmax of two logits = sigmoid of their difference
    for (let i = 0; i < count; i++) out[i] = 1 / (1 + Math.exp(outputs[2 * i]! - outputs[2 * i + 1]!));
  } else {
    throw new RangeError(`decision boundary: the network gives ${width} outputs per point; a 2-class boundary needs 1 or 2`);
  }
  return out;
}

/** Data coordinates -> canvas pixels for a square plot of `pixels` side. */
export function toPixel(x: number, y: number, domain: number, pixels: number): [number, number] {
  return [((x + domain) / (2 * domain)) * pixels, ((domain - y) / (2 * domain)) * pixels];
}

/** Canvas pixels -> data coordinates (the inverse of toPixel). */
export function fromPixel(px: number, py: number, domain: number, pixels: number): [number, number] {
  return [(px / pixels) * 2 * domain - domain, domain - (py / pixels) * 2 * domain];
}
