// Each block's C++ rules in TypeScript, the one TypeScript copy of them: how its Embind
// constructor refuses arguments (embind.cpp, adapters.cpp, then the constructor itself), its
// name, parameter count, output shape and multiply-adds (linear.cpp, dropout.cpp,
// activations.cpp). Read from the C++, not guessed; the parity test in
// tests/web/engine/summary-ts.test.ts holds them to it. summarizeInTs uses layerRules; the
// shape walk, the budget refusal, the cost estimate, the training budget and the import
// preview use the rules below it for specs they already hold.
import { type OptionlessKind, isOptionless, unhandledKind } from '../../vocabulary/blocks';
import type { LayerSpec } from '../../vocabulary/layer-spec';
import { formatG } from './printf-g';
import { MAX_SIZE_T, MAX_TENSOR_BYTES, type Shape, addSat, describe, mulSat, shapeToString, wholeNumberProblem } from './summary-ts-shape';

export interface LayerRules {
  /** Layer::name(), e.g. "Linear(784, 256)", "Dropout(p=0.5)". */
  name: string;
  parameters: number;
  /** infer_shape: the output shape, or the ShapeError's message. */
  inferShape(input: Shape): Shape | string;
  /** multiply_adds for an input the layer accepts. */
  multiplyAdds(input: Shape): number;
}

const INIT_NAMES: readonly unknown[] = ['lecun', 'xavier', 'he', 'zeros'];

const same = (input: Shape): Shape => input;
const none = (): number => 0;

const OPTIONLESS_NAMES: { readonly [K in OptionlessKind]: string } = {
  relu: 'ReLU()',
  sigmoid: 'Sigmoid()',
  tanh: 'Tanh()',
  softmax: 'Softmax(dim=-1)',
  flatten: 'Flatten()',
};

/** Linear's parameters(): W (in, out) and b (out,). */
export function linearParameters(inFeatures: number, outFeatures: number, bias: boolean): number {
  return inFeatures * outFeatures + (bias ? outFeatures : 0);
}

/** Linear's multiply_adds: in × out for every row, the rows being all dimensions but the last. */
export function linearMultiplyAdds(input: Shape, inFeatures: number, outFeatures: number): number {
  let rows = 1;
  for (let i = 0; i < input.length - 1; i++) rows *= input[i]!;
  // Both factors are at most 2^29, so one rounding, as static_cast<double>(uint64) rounds.
  return rows * (inFeatures * outFeatures);
}

/** Linear's output shape for an input whose last dimension it accepts: (..., in) → (..., out). */
export function linearOutputShape(input: Shape, outFeatures: number): number[] {
  return [...input.slice(0, -1), outFeatures];
}

/** Flatten's output shape for an input of 2 dimensions or more: (B, d1, d2, ...) → (B, d1·d2·...). */
export function flattenOutputShape(input: Shape): number[] {
  // Below 2^29 when the input passed shape_problem, so WASM's 32-bit size_t does not wrap.
  let features = 1;
  for (let i = 1; i < input.length; i++) features *= input[i]!;
  return [input[0]!, features];
}

const linearName = (inF: number, outF: number, bias: boolean): string => `Linear(${inF}, ${outF}${bias ? ')' : ', bias=False)'}`;
const dropoutName = (p: number): string => `Dropout(p=${formatG(p)})`; // printf's %g, as C++ writes it

/** Layer::name() of a layer its constructor accepts, e.g. "Linear(784, 256)", "Dropout(p=1e-05)". */
export function layerName(spec: LayerSpec): string {
  if (isOptionless(spec)) return OPTIONLESS_NAMES[spec.kind];
  switch (spec.kind) {
    case 'linear':
      return linearName(spec.in, spec.out, spec.bias);
    case 'dropout':
      return dropoutName(spec.p);
    default:
      return unhandledKind(spec);
  }
}

/** parameters() of the layer a spec makes. */
export function layerParameters(spec: LayerSpec): number {
  return spec.kind === 'linear' ? linearParameters(spec.in, spec.out, spec.bias) : 0;
}

/** multiply_adds of the layer a spec makes, for an input it accepts. */
export function layerMultiplyAdds(spec: LayerSpec, input: Shape): number {
  return spec.kind === 'linear' ? linearMultiplyAdds(input, spec.in, spec.out) : 0;
}

/** The layer as C++ would hold it, or the message of the Error its constructor throws. */
export function layerRules(spec: LayerSpec): LayerRules | string {
  if (isOptionless(spec)) {
    if (spec.kind === 'flatten') return FLATTEN;
    return { name: OPTIONLESS_NAMES[spec.kind], parameters: 0, inferShape: same, multiplyAdds: none };
  }
  switch (spec.kind) {
    case 'linear':
      return linearRules(spec.in, spec.out, spec.bias, spec.init);
    case 'dropout':
      return dropoutRules(spec.p);
    default:
      return unhandledKind(spec);
  }
}

/** Layer::shape_error's text. */
function shapeError(name: string, expectation: string, got: Shape): string {
  return `${name} expects ${expectation} but got ${shapeToString(got)}`;
}

const FLATTEN: LayerRules = {
  name: OPTIONLESS_NAMES.flatten,
  parameters: 0,
  inferShape(input) {
    if (input.length < 2) return shapeError(OPTIONLESS_NAMES.flatten, 'at least 2 dimensions (batch, features...)', input);
    return flattenOutputShape(input); // (B, features)
  },
  multiplyAdds: none,
};

/** make_linear's argument checks in their order, then Linear's constructor. */
function linearRules(inFeatures: unknown, outFeatures: unknown, bias: unknown, init: unknown): LayerRules | string {
  const problem =
    wholeNumberProblem(inFeatures, 'Linear: in_features', 1) ??
    wholeNumberProblem(outFeatures, 'Linear: out_features', 1) ??
    (bias === undefined || typeof bias === 'boolean' ? null : `Linear: bias must be true or false but got ${describe(bias)}`) ??
    (init === undefined || INIT_NAMES.includes(init) ? null : `Linear: init must be 'lecun', 'xavier', 'he' or 'zeros' but got ${describe(init)}`);
  if (problem !== null) return problem;
  // Linear's checked_size: what whole_number took is >= 1, but must fit WebAssembly's size_t.
  const inF = inFeatures as number;
  const outF = outFeatures as number;
  if (inF > MAX_SIZE_T) return `Linear: in_features must be at most ${MAX_SIZE_T} but got ${inF}`;
  if (outF > MAX_SIZE_T) return `Linear: out_features must be at most ${MAX_SIZE_T} but got ${outF}`;
  const hasBias = bias !== false;
  // A double decides "over 2 GiB" exactly (it rounds only far above), and is the exact count below.
  const parameters = linearParameters(inF, outF, hasBias);
  if (parameters * 4 > MAX_TENSOR_BYTES) {
    const bytes = mulSat(addSat(mulSat(BigInt(inF), BigInt(outF)), BigInt(hasBias ? outF : 0)), 4n); // check_parameter_bytes
    return `Linear(${inF}, ${outF}) would need ${bytes} bytes of parameters, over the 2 GiB limit`;
  }
  const name = linearName(inF, outF, hasBias);
  return {
    name,
    parameters,
    inferShape(input) {
      if (input[input.length - 1] !== inF) return shapeError(name, `last dimension ${inF}`, input);
      return linearOutputShape(input, outF); // (..., out)
    },
    multiplyAdds: (input) => linearMultiplyAdds(input, inF, outF),
  };
}

/** make_dropout, then checked_p. */
function dropoutRules(p: unknown): LayerRules | string {
  if (p !== undefined && typeof p !== 'number') return `Dropout: p must be a number but got ${describe(p)}`;
  const value = p ?? 0.5;
  if (Number.isNaN(value) || value < 0 || value > 1) {
    return `Dropout: p must be in [0, 1] but got ${Number.isNaN(value) ? 'NaN' : formatG(value)}`;
  }
  return { name: dropoutName(value), parameters: 0, inferShape: same, multiplyAdds: none };
}
