// The module's named bugs and what each makes a layer print for a case: exact results for the
// deterministic layers (Linear, the activations, parameters()), statistics for the random ones
// (Dropout: the kept fraction and the survivors' value; init: the weights' std).
import { affine, type CheckCase, type DropoutCase, type Matrix, relu, sigmoid, transpose, transposeRuns } from './cases.ts';

export type BugId =
  | 'w-transposed'
  | 'bias-missing'
  | 'bias-twice'
  | 'activation-swapped'
  | 'dropout-no-scale'
  | 'dropout-keeps-p'
  | 'dropout-scaled-at-inference'
  | 'dropout-on-at-inference'
  | 'init-variance-as-std'
  | 'params-missing-bias';

export const BUGS: { readonly [K in BugId]: { title: string; fix: string } } = {
  'w-transposed': { title: 'W used transposed (x·Wᵀ)', fix: 'In the course W is (in, out), so y = x @ W + b: no .T. (PyTorch stores (out, in) and writes x @ W.T.)' },
  'bias-missing': { title: 'Bias missing', fix: 'Add b after the product: y = x @ W + b; b (out,) broadcasts over the batch.' },
  'bias-twice': { title: 'Bias added twice', fix: 'Add b once: check forward (and any helper it calls) for a second + b.' },
  'activation-swapped': { title: 'ReLU and Sigmoid swapped', fix: 'ReLU is max(0, x); Sigmoid is 1 / (1 + exp(−x)).' },
  'dropout-no-scale': { title: 'Dropout without the 1/(1−p) scale', fix: 'Divide the kept units by (1 − p) in training, so the expected output equals the input.' },
  'dropout-keeps-p': { title: 'Keeps with probability p instead of 1 − p', fix: 'p is the probability of dropping: keep a unit where rand ≥ p (mask = rng.random(x.shape) >= p).' },
  'dropout-scaled-at-inference': { title: 'Dropout scales at inference', fix: 'In evaluation mode Dropout returns x unchanged: the 1/(1−p) belongs to training only.' },
  'dropout-on-at-inference': { title: 'Dropout left on at inference', fix: 'With training=False, forward must return x as it is: no mask, no scale.' },
  'init-variance-as-std': { title: 'sqrt(1/in) used as the variance', fix: 'sqrt(1/in) is the standard deviation: W = rng.standard_normal((in, out)) * np.sqrt(1 / in).' },
  'params-missing-bias': { title: 'parameters() misses the bias', fix: 'Return every tensor the optimizer must update: [self.W, self.b].' },
};

/** The bugs each case can show. */
export function bugsFor(c: CheckCase): BugId[] {
  switch (c.kind) {
    case 'linear':
      return [...(transposeRuns(c.W) ? (['w-transposed'] as const) : []), 'bias-missing', 'bias-twice'];
    case 'relu':
    case 'sigmoid':
      return ['activation-swapped'];
    case 'dropout-train':
      return ['dropout-no-scale', 'dropout-keeps-p'];
    case 'dropout-eval':
      return ['dropout-scaled-at-inference', 'dropout-on-at-inference'];
    case 'init':
      return ['init-variance-as-std'];
    case 'params':
      return ['params-missing-bias'];
  }
}

/** What a deterministic layer prints: the correct result (bug null) or a named bug's. */
export function exactResult(c: CheckCase, bug: BugId | null): Matrix | number | null {
  switch (c.kind) {
    case 'linear':
      if (bug === null) return affine(c.x, c.W, c.b);
      if (bug === 'w-transposed') return transposeRuns(c.W) ? affine(c.x, transpose(c.W), c.b) : null;
      if (bug === 'bias-missing') return affine(c.x, c.W, c.b, 0);
      if (bug === 'bias-twice') return affine(c.x, c.W, c.b, 2);
      return null;
    case 'relu':
    case 'sigmoid': {
      if (bug !== null && bug !== 'activation-swapped') return null;
      const useRelu = (c.kind === 'relu') === (bug === null);
      return c.x.map((row) => row.map(useRelu ? relu : sigmoid));
    }
    case 'params':
      if (bug === null) return c.in * c.out + c.out;
      return bug === 'params-missing-bias' ? c.in * c.out : null;
    default:
      return null;
  }
}

/** What a Dropout layer's output over ones should look like: kept fraction and survivors' value. */
export interface DropoutSignature {
  kept: number;
  survivor: number;
}

/** The correct signature and each bug's (several for a bug that can show two ways). */
export function dropoutSignatures(c: DropoutCase, bug: BugId | null): DropoutSignature[] {
  const q = 1 - c.p;
  if (c.kind === 'dropout-train') {
    if (bug === null) return [{ kept: q, survivor: 1 / q }];
    if (bug === 'dropout-no-scale') return [{ kept: q, survivor: 1 }];
    // mask = rand < p, scaled by 1/(1−p) as written, or by 1/p when the swap was made throughout.
    if (bug === 'dropout-keeps-p') return [{ kept: c.p, survivor: 1 / q }, { kept: c.p, survivor: 1 / c.p }];
    return [];
  }
  if (bug === null) return [{ kept: 1, survivor: 1 }];
  if (bug === 'dropout-scaled-at-inference') return [{ kept: 1, survivor: 1 / q }];
  // The training path run in evaluation mode: masks and scales as in training.
  if (bug === 'dropout-on-at-inference') return [{ kept: q, survivor: 1 / q }, { kept: q, survivor: 1 }];
  return [];
}

/** The std the init case expects, and the named bug's. */
export function initStd(c: Extract<CheckCase, { kind: 'init' }>, bug: BugId | null): number | null {
  if (bug === null) return Math.sqrt(1 / c.in);
  return bug === 'init-variance-as-std' ? Math.sqrt(Math.sqrt(1 / c.in)) : null;
}
