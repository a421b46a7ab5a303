// Reading one layer of a pasted nn.Sequential, e.g. `nn.Linear(784, 256, bias=False)`,
// with Python's rules for binding arguments. Whatever layerlab cannot represent exactly
// comes back as a message instead of a layer.
import { BLOCK_INFO, BLOCK_KINDS, type BlockSpec } from './blocks.ts';
import { type Argument, type Value, readCall, readValue } from './python-calls.ts';
import { type Token, tokensText } from './python-tokens.ts';
import { quoted, snippet } from './text.ts';
import { validateDropoutP, validateInFeatures, validateOutFeatures, validateWholeNumber } from './validate.ts';

const SUPPORTED = BLOCK_KINDS.map((k) => BLOCK_INFO[k].pytorchClass).join(', ');

/** What can only be judged once the input's rank at the layer is known. */
export type RankCheck = { kind: 'softmax'; dim: number | null } | { kind: 'flatten'; start: number; end: number };

/** A layer read from the Sequential, before shapes are known. */
export interface Layer {
  spec: BlockSpec;
  line: number;
  check: RankCheck | null;
}

interface Parameter {
  name: string;
  required: boolean;
}

/** Binds arguments to the layer's parameters the way Python would, or explains why not. */
function bind(args: readonly Argument[], parameters: readonly Parameter[], layer: string): Map<string, Value> | string {
  const bound = new Map<string, Value>();
  for (const [i, arg] of args.entries()) {
    const name = arg.name ?? parameters[i]?.name;
    if (name === undefined) return `nn.${layer} takes at most ${parameters.length} arguments (got ${args.length})`;
    if (!parameters.some((p) => p.name === name)) {
      const known = parameters.map((p) => p.name).join(', ');
      return `nn.${layer} has no option ${name}= in layerlab (${known === '' ? 'it takes none' : `it takes ${known}`})`;
    }
    if (bound.has(name)) return `nn.${layer} got ${name} twice`;
    bound.set(name, readValue(arg.tokens));
  }
  const missing = parameters.find((p) => p.required && !bound.has(p.name));
  if (missing !== undefined) return `nn.${layer} needs ${missing.name}`;
  return bound;
}

function boolOption(values: Map<string, Value>, name: string, fallback: boolean): boolean | string {
  const v = values.get(name);
  if (v === undefined) return fallback;
  return v.kind === 'bool' ? v.value : `${name} must be True or False (got ${snippet(v.text)})`;
}

function sizeOption(values: Map<string, Value>, name: string, check: typeof validateInFeatures): number | string {
  const v = values.get(name);
  if (v === undefined) return `${name} is missing`;
  // "256.0" or "1e3" hold whole values, but PyTorch rejects floats as sizes.
  if (v.kind !== 'number' || (!v.integer && Number.isInteger(v.value) && v.value >= 1)) {
    return `${name} must be written as a whole number like 256 (got ${snippet(v.text)})`;
  }
  const result = check(v.value);
  return result.ok ? result.value : result.error;
}

function intOption(values: Map<string, Value>, name: string, fallback: number | null): number | null | string {
  const v = values.get(name);
  if (v === undefined || v.kind === 'none') return fallback;
  return v.kind === 'number' && Number.isInteger(v.value) ? v.value : `${name} must be a whole number (got ${snippet(v.text)})`;
}

/** A layer from one Sequential item, or the message explaining why it was left out. */
export function readLayer(item: readonly Token[]): Layer | string {
  const call = readCall(item);
  const text = snippet(tokensText(item));
  if (call === null) return `${quoted(tokensText(item))} is not a layer call like nn.ReLU(); left out`;
  if ('error' in call) return `${text}: ${call.error}; left out`;
  const { callee, args, line } = call;
  const className = callee[callee.length - 1] ?? '';
  const prefix = callee.slice(0, -1).join('.');
  if (prefix !== '' && prefix !== 'nn' && prefix !== 'torch.nn') {
    return `${callee.join('.')} is not a torch.nn layer; left out`;
  }
  const fail = (why: string): string => `${text}: ${why}; left out`;
  switch (className) {
    case 'Linear': {
      const values = bind(args, [{ name: 'in_features', required: true }, { name: 'out_features', required: true }, { name: 'bias', required: false }], className);
      if (typeof values === 'string') return fail(values);
      // A linked Linear after a Flatten may take more than a hand-set size may be; the
      // usual limit is applied once shapes show whether it is linked.
      const inFeatures = sizeOption(values, 'in_features', (n) => validateWholeNumber(n, 'In features', 1, Number.MAX_SAFE_INTEGER));
      const outFeatures = sizeOption(values, 'out_features', validateOutFeatures);
      const bias = boolOption(values, 'bias', true);
      if (typeof inFeatures === 'string') return fail(inFeatures);
      if (typeof outFeatures === 'string') return fail(outFeatures);
      if (typeof bias === 'string') return fail(bias);
      return { spec: { kind: 'linear', inFeatures, outFeatures, bias, init: 'lecun' }, line, check: null };
    }
    case 'Dropout': {
      const values = bind(args, [{ name: 'p', required: false }, { name: 'inplace', required: false }], className);
      if (typeof values === 'string') return fail(values);
      const inplace = boolOption(values, 'inplace', false);
      if (typeof inplace === 'string') return fail(inplace);
      const p = values.get('p');
      let probability = 0.5;
      if (p !== undefined) {
        const checked = p.kind === 'number' ? validateDropoutP(p.value) : validateDropoutP(p.text);
        if (!checked.ok) return fail(checked.error);
        probability = checked.value;
      }
      return { spec: { kind: 'dropout', p: probability }, line, check: null };
    }
    case 'ReLU':
    case 'Sigmoid':
    case 'Tanh': {
      const values = bind(args, className === 'ReLU' ? [{ name: 'inplace', required: false }] : [], className);
      if (typeof values === 'string') return fail(values);
      const inplace = boolOption(values, 'inplace', false);
      if (typeof inplace === 'string') return fail(inplace);
      return { spec: { kind: className === 'ReLU' ? 'relu' : className === 'Sigmoid' ? 'sigmoid' : 'tanh' }, line, check: null };
    }
    case 'Softmax': {
      const values = bind(args, [{ name: 'dim', required: false }], className);
      if (typeof values === 'string') return fail(values);
      const dim = intOption(values, 'dim', null);
      if (typeof dim === 'string') return fail(dim);
      return { spec: { kind: 'softmax' }, line, check: { kind: 'softmax', dim } };
    }
    case 'Flatten': {
      const values = bind(args, [{ name: 'start_dim', required: false }, { name: 'end_dim', required: false }], className);
      if (typeof values === 'string') return fail(values);
      const start = intOption(values, 'start_dim', 1);
      const end = intOption(values, 'end_dim', -1);
      if (typeof start === 'string') return fail(start);
      if (typeof end === 'string') return fail(end);
      return { spec: { kind: 'flatten' }, line, check: { kind: 'flatten', start: start ?? 1, end: end ?? -1 } };
    }
    case 'Sequential':
      return fail('a Sequential inside a Sequential is not supported; list its layers directly');
    default:
      return fail(`${callee.join('.')} is not supported by layerlab (it has ${SUPPORTED})`);
  }
}
