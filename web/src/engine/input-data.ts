// The network's input tensor values, generated deterministically from the seed in plain JS
// (the C++ RNG drives weights and masks; the input only has to repeat itself).

export type InputKind = 'normal' | 'ones' | 'sample' | 'typed';

/** mulberry32: a tiny 32-bit generator, enough for input data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function inputValues(kind: InputKind, shape: readonly number[], seed: number, typed: readonly number[] = []): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  if (kind === 'ones') return out.fill(1);
  // Typed values arrive checked against the shape (input-matrix.ts); a short list leaves zeros.
  if (kind === 'typed') {
    out.set(typed.slice(0, count));
    return out;
  }
  if (kind === 'normal') {
    const next = mulberry32(seed ^ 0x9e3779b9);
    for (let i = 0; i < count; i += 2) {
      // Box-Muller; 1 - u keeps the logarithm finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      out[i] = r * Math.cos(theta);
      if (i + 1 < count) out[i + 1] = r * Math.sin(theta);
    }
    return out;
  }
  // 'sample': a smooth, recognisable pattern per example: a bright ring on a dark field when
  // the features form a square image (28x28 or 784), otherwise waves of rising frequency.
  const batch = shape[0] ?? 1;
  const features = count / Math.max(batch, 1);
  const side = Math.round(Math.sqrt(features));
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < features; j++) {
      let v: number;
      if (side * side === features && side >= 8) {
        const y = Math.floor(j / side) / side - 0.5;
        const x = (j % side) / side - 0.5;
        const radius = 0.22 + 0.1 * ((b % 5) / 5);
        v = Math.exp(-((Math.hypot(x, y) - radius) ** 2) / 0.004);
      } else {
        v = Math.sin((2 * Math.PI * (1 + (b % 4)) * j) / Math.max(features, 1));
      }
      out[b * features + j] = v;
    }
  }
  return out;
}
