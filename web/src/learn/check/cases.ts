// "Check your layer": small, seeded test cases in the course's layout (x (B, in), W (in, out),
// b (out,)), as Python for the learner's notebook, with the reference result computed here.
// Every case is drawn so that the reference and each named bug's result differ clearly
// (cases.test.ts holds the reference to NumPy's).
import { createRng, type Rng, RngStream } from '../../data/rng.ts';

export type CaseKind = 'linear' | 'relu' | 'sigmoid' | 'dropout-train' | 'dropout-eval' | 'init' | 'params';

export const CASE_KINDS: readonly CaseKind[] = ['linear', 'relu', 'sigmoid', 'dropout-train', 'dropout-eval', 'init', 'params'];

export const CASE_LABELS: { readonly [K in CaseKind]: string } = {
  linear: 'Linear forward',
  relu: 'ReLU',
  sigmoid: 'Sigmoid',
  'dropout-train': 'Dropout, training',
  'dropout-eval': 'Dropout, evaluation',
  init: 'Linear init',
  params: 'parameters()',
};

/** A matrix as rows; the values are tenths so the Python literals are what the page used. */
export type Matrix = number[][];

export interface DropoutCase {
  kind: 'dropout-train' | 'dropout-eval';
  seed: number;
  rows: number;
  cols: number;
  p: number;
}

export type CheckCase =
  | { kind: 'linear'; seed: number; x: Matrix; W: Matrix; b: number[] }
  | { kind: 'relu' | 'sigmoid'; seed: number; x: Matrix }
  | DropoutCase
  | { kind: 'init'; seed: number; in: number; out: number }
  | { kind: 'params'; seed: number; in: number; out: number };

export interface LinearShape {
  batch: number;
  in: number;
  out: number;
}

/**
 * The page's Linear case is square (in = out) so that x·Wᵀ is computable and can be named;
 * tests pass other shapes.
 */
export const PAGE_LINEAR: LinearShape = { batch: 2, in: 3, out: 3 };
/** 1000 units of ones: the kept fraction's binomial std is ≈ 0.013 at p = 0.2. */
export const DROPOUT_SHAPE = { rows: 20, cols: 50 } as const;
/** Far from 0.5, so p and 1 − p differ by ≥ 0.4 (≈ 30 binomial stds). */
export const DROPOUT_PS = [0.2, 0.25, 0.3] as const;

/** A tenth from lo to hi (in tenths), never 0 when nonzero is set. */
function tenth(rng: Rng, lo: number, hi: number, nonzero = false): number {
  for (;;) {
    const k = lo + rng.int(hi - lo + 1);
    if (!nonzero || k !== 0) return k / 10;
  }
}

function matrix(rng: Rng, rows: number, cols: number, lo: number, hi: number): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => tenth(rng, lo, hi, true)));
}

/** One case of a kind for a seed: the same seed gives the same case (and Python) everywhere. */
export function makeCase(kind: CaseKind, seed: number, shape: LinearShape = PAGE_LINEAR): CheckCase {
  const rng = createRng(seed, RngStream.checkCases, CASE_KINDS.indexOf(kind));
  switch (kind) {
    case 'linear':
      for (;;) {
        const c = { kind, seed, x: matrix(rng, shape.batch, shape.in, -20, 20), W: matrix(rng, shape.in, shape.out, -10, 10), b: Array.from({ length: shape.out }, () => tenth(rng, -9, 9, true)) };
        if (linearResultsApart(c)) return c;
      }
    case 'relu':
    case 'sigmoid':
      return { kind, seed, x: matrix(rng, shape.batch, shape.in, -30, 30) };
    case 'dropout-train':
    case 'dropout-eval':
      return { kind, seed, ...DROPOUT_SHAPE, p: DROPOUT_PS[rng.int(DROPOUT_PS.length)]! };
    case 'init':
      // in = 256: std sqrt(1/in) = 0.0625, (1/in)^(1/4) = 0.25; 131072 weights.
      return { kind, seed, in: 256, out: 512 };
    case 'params':
      return { kind, seed, in: 2 + rng.int(63), out: 2 + rng.int(31) };
  }
}

/**
 * Whether x·Wᵀ runs and differs from x·W: x (B, in) @ Wᵀ (out, in) needs in = out, and a 1×1 W is
 * its own transpose.
 */
export function transposeRuns(W: Matrix): boolean {
  return W.length === (W[0]?.length ?? 0) && W.length > 1;
}

/** The least gap the correct and each buggy Linear output keep from one another (in some element). */
export const LINEAR_MIN_GAP = 0.05;

/** Correct, no bias, bias twice and (when square) x·Wᵀ + b: every pair differs somewhere by the gap. */
function linearResultsApart(c: { x: Matrix; W: Matrix; b: number[] }): boolean {
  const outs = [affine(c.x, c.W, c.b), affine(c.x, c.W, c.b, 0), affine(c.x, c.W, c.b, 2)];
  if (transposeRuns(c.W)) outs.push(affine(c.x, transpose(c.W), c.b));
  const gap = (a: Matrix, b: Matrix): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - (b[i]?.[j] ?? 0)))));
  return outs.every((a, i) => outs.every((b, j) => j <= i || gap(a, b) >= LINEAR_MIN_GAP));
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((sum, v, k) => sum + v * (b[k]?.[j] ?? 0), 0)));
}

export function transpose(a: Matrix): Matrix {
  return (a[0] ?? []).map((_, j) => a.map((row) => row[j] ?? 0));
}

/** y = x·W + scale·b, row by row. */
export function affine(x: Matrix, W: Matrix, b: readonly number[], biasTimes = 1): Matrix {
  return matmul(x, W).map((row) => row.map((v, j) => v + biasTimes * (b[j] ?? 0)));
}

export const relu = (v: number): number => (v > 0 ? v : 0);
export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Python's float literal for a tenth: `1.0`, `-0.3`. */
function py(v: number): string {
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function pyMatrix(m: Matrix): string {
  return `np.array([${m.map((row) => `[${row.map(py).join(', ')}]`).join(', ')}])`;
}

const HEADER = ['import numpy as np', 'np.set_printoptions(precision=8, threshold=100000)  # print every number, 8 decimals'];

/**
 * The test as Python for the learner's notebook, in the course's API (after their Linear, ReLU,
 * Sigmoid, Dropout): parameters are Tensors with .data, Linear has .weight (in, out) and .bias,
 * only Dropout's forward takes the mode.
 */
export function casePython(c: CheckCase): string {
  const head = [...HEADER, `# layerlab: check your ${CASE_LABELS[c.kind]} (case ${c.seed})`];
  switch (c.kind) {
    case 'linear': {
      const [B, I, O] = [c.x.length, c.W.length, c.b.length];
      return [
        ...head,
        `x = ${pyMatrix(c.x)}  # x (B, in) = (${B}, ${I})`,
        `W = ${pyMatrix(c.W)}  # W (in, out) = (${I}, ${O})`,
        `b = np.array([${c.b.map(py).join(', ')}])  # b (out,) = (${O},)`,
        `layer = Linear(${I}, ${O})`,
        'layer.weight.data = W',
        'layer.bias.data = b',
        'print(repr(layer.forward(x)))  # y (B, out)',
      ].join('\n') + '\n';
    }
    case 'relu':
    case 'sigmoid': {
      const cls = c.kind === 'relu' ? 'ReLU' : 'Sigmoid';
      return [...head, `x = ${pyMatrix(c.x)}  # x (B, n) = (${c.x.length}, ${c.x[0]?.length ?? 0})`, `layer = ${cls}()`, 'print(repr(layer.forward(x)))'].join('\n') + '\n';
    }
    case 'dropout-train':
    case 'dropout-eval': {
      const training = c.kind === 'dropout-train';
      return [
        ...head,
        `x = np.ones((${c.rows}, ${c.cols}))  # ${c.rows * c.cols} ones: the check counts the kept units and reads their value`,
        `layer = Dropout(${py(c.p)})`,
        `print(repr(layer.forward(x, training=${training ? 'True' : 'False'})))  # ${training ? 'training mode' : 'evaluation mode'}`,
      ].join('\n') + '\n';
    }
    case 'init':
      return [...head, `layer = Linear(${c.in}, ${c.out})  # a fresh layer, as your __init__ makes it`, 'print(layer.weight.data.std())  # the spread of the initial weights'].join('\n') + '\n';
    case 'params':
      return [...head, `layer = Linear(${c.in}, ${c.out})`, 'print(sum(p.data.size for p in layer.parameters()))  # every number parameters() hands the optimiser'].join('\n') + '\n';
  }
}
