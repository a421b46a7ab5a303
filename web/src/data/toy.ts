// 2-D toy data sets generated from a seed, after TensorFlow Playground's (src/dataset.ts):
// the same shapes, sizes and noise meaning, with labels 0/1 instead of -1/+1, plus scikit-learn's
// two moons (which the Playground lacks). Points lie in about [-6, 6]²; features are the raw
// coordinates (x, y), as the Playground feeds them.
import type { Dataset, Split } from './dataset.ts';
import { checkU32, createRng, type Rng, RngStream, shuffleInPlace } from './rng.ts';

export const TOY_KINDS = ['circle', 'xor', 'gauss', 'spiral', 'moons'] as const;
export type ToyKind = (typeof TOY_KINDS)[number];

export interface ToyOptions {
  kind: ToyKind;
  seed: number;
  /** Total points, even, split equally between the two classes before any label noise. Default 500. */
  samples?: number;
  /**
   * 0 to 0.5 (the Playground's 0–50 %). What it does depends on the set, as in the Playground:
   * circle and XOR keep the points and take the label from a jittered copy (so labels near the
   * boundary flip); gauss widens the clusters (variance 0.5 to 4); spiral and moons move the points.
   */
  noise?: number;
  /** Share of points in the training split, the rest are test. Default 0.5. */
  trainFraction?: number;
}

/** The square [-DOMAIN, DOMAIN]² every toy set lies in (the Playground's heatmap extent). */
export const TOY_DOMAIN = 6;
const MAX_SAMPLES = 100_000;

type Emit = (x: number, y: number, label: number) => void;

const generators: Record<ToyKind, (n: number, noise: number, rng: Rng, emit: Emit) => void> = {
  circle(n, noise, rng, emit) {
    const radius = 5;
    const ring = (rMin: number, rMax: number): void => {
      for (let i = 0; i < n / 2; i++) {
        const r = rng.uniform(rMin, rMax);
        const angle = rng.uniform(0, 2 * Math.PI);
        const x = r * Math.sin(angle);
        const y = r * Math.cos(angle);
        const nx = rng.uniform(-radius, radius) * noise;
        const ny = rng.uniform(-radius, radius) * noise;
        emit(x, y, Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : 0);
      }
    };
    ring(0, radius * 0.5); // inside: class 1
    ring(radius * 0.7, radius); // outside: class 0
  },
  xor(n, noise, rng, emit) {
    // As the Playground: |x|, |y| uniform in [0.3, 5.3] (kept off the axes, where the label
    // changes). Unlike it, half the points are drawn in quadrants I and III and half in II and
    // IV, so the classes are exactly balanced before noise.
    const padding = 0.3;
    for (const label of [1, 0]) {
      for (let i = 0; i < n / 2; i++) {
        const sx = rng.float() < 0.5 ? -1 : 1;
        const sy = label === 1 ? sx : -sx;
        const x = sx * (rng.uniform(0, 5) + padding);
        const y = sy * (rng.uniform(0, 5) + padding);
        const nx = rng.uniform(-5, 5) * noise;
        const ny = rng.uniform(-5, 5) * noise;
        emit(x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0);
      }
    }
  },
  gauss(n, noise, rng, emit) {
    const sd = Math.sqrt(0.5 + (noise / 0.5) * 3.5);
    const cluster = (cx: number, cy: number, label: number): void => {
      for (let i = 0; i < n / 2; i++) emit(cx + sd * rng.normal(), cy + sd * rng.normal(), label);
    };
    cluster(2, 2, 1);
    cluster(-2, -2, 0);
  },
  spiral(n, noise, rng, emit) {
    const half = n / 2;
    const arm = (deltaT: number, label: number): void => {
      for (let i = 0; i < half; i++) {
        const r = (i / half) * 5;
        const t = ((1.75 * i) / half) * 2 * Math.PI + deltaT;
        emit(r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, label);
      }
    };
    arm(0, 1);
    arm(Math.PI, 0);
  },
  moons(n, noise, rng, emit) {
    // sklearn.datasets.make_moons, scaled by 3 and centred: x' = 3(x - 0.5), y' = 3(y - 0.25).
    const half = n / 2;
    const moon = (label: number): void => {
      for (let i = 0; i < half; i++) {
        const t = half === 1 ? 0 : (Math.PI * i) / (half - 1);
        const x = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
        const y = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        emit(3 * (x - 0.5 + noise * rng.normal()), 3 * (y - 0.25 + noise * rng.normal()), label);
      }
    };
    moon(0);
    moon(1);
  },
};

export function toyDataset(options: ToyOptions): Dataset {
  const { kind, seed, samples = 500, noise = 0, trainFraction = 0.5 } = options;
  if (!TOY_KINDS.includes(kind)) throw new RangeError(`toy data: unknown kind "${String(kind)}", expected one of ${TOY_KINDS.join(', ')}`);
  checkU32(seed, 'toy data: seed');
  if (!Number.isInteger(samples) || samples < 4 || samples > MAX_SAMPLES || samples % 2 !== 0) {
    throw new RangeError(`toy data: samples must be an even whole number from 4 to ${MAX_SAMPLES}, got ${samples}`);
  }
  if (!(noise >= 0 && noise <= 0.5)) throw new RangeError(`toy data: noise must be from 0 to 0.5, got ${noise}`);
  const nTrain = Math.floor(samples * trainFraction);
  if (!(trainFraction > 0 && trainFraction < 1) || nTrain < 1 || nTrain > samples - 1) {
    throw new RangeError(`toy data: trainFraction must leave at least one training and one test point, got ${trainFraction} of ${samples}`);
  }

  const points = new Float32Array(2 * samples); // (samples, 2)
  const labels = new Uint8Array(samples);
  let count = 0;
  generators[kind](samples, noise, createRng(seed, RngStream.toyPoints), (x, y, label) => {
    points[2 * count] = x;
    points[2 * count + 1] = y;
    labels[count] = label;
    count += 1;
  });

  // Shuffle, then cut (as the Playground does): both splits mix the two classes.
  const order = Uint32Array.from({ length: samples }, (_, i) => i);
  shuffleInPlace(order, createRng(seed, RngStream.toySplit));
  const take = (from: number, to: number): Split => {
    const n = to - from;
    const x = new Float32Array(2 * n);
    const y = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[from + k] ?? 0;
      x[2 * k] = points[2 * i] ?? 0;
      x[2 * k + 1] = points[2 * i + 1] ?? 0;
      y[k] = labels[i] ?? 0;
    }
    return { x, y, n };
  };
  return {
    name: `${kind} (2-D)`,
    inputShape: [2],
    numClasses: 2,
    classNames: ['0', '1'],
    train: take(0, nTrain),
    test: take(nTrain, samples),
    domain: TOY_DOMAIN,
  };
}
