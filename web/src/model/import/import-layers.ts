// torch.nn layer constructors, e.g. `nn.Linear(784, 256, bias=False)`, with Python's rules
// for binding arguments. Whatever layerlab cannot represent exactly comes back as an
// 'unsupported' module carrying the message, so the rest of the network still imports.
import { BLOCK_INFO, BLOCK_KINDS, type BlockSpec } from '../../vocabulary/blocks.ts';
import { type Module, type RankCheck, type Value, describe, newModule } from './import-values.ts';
import type { CallArgs } from './python-eval.ts';
import { LIMITS, validateDropoutP, validateWholeNumber } from '../network/validate.ts';

const SUPPORTED = BLOCK_KINDS.map((k) => BLOCK_INFO[k].pytorchClass).join(', ');

/** What to do instead, for the layers people paste most often. */
const HINTS: [RegExp, string][] = [
  [/^(Conv|ConvTranspose)[123]d$/, 'layerlab has no convolutions; the Linear layers around it still import, with their in_features as written'],
  [/Pool[123]d$/, 'layerlab has no pooling layers; the layers around it still import'],
  [/Norm[123]?d?$/, 'layerlab has no normalisation layers; leave it out or compare without it'],
  [/^LogSoftmax$/, 'layerlab has no LogSoftmax; nn.Softmax(dim=-1) gives the probabilities whose log it returns'],
  [/^(LeakyReLU|ELU|GELU|SELU|SiLU|PReLU|ReLU6|Softplus|Hardtanh|Mish)$/, 'layerlab has ReLU, Sigmoid and Tanh; nn.ReLU is the closest'],
  [/^(LSTM|GRU|RNN|Embedding|Transformer.*|MultiheadAttention)$/, 'layerlab has only stacks of Linear layers and activations'],
  [/^(ModuleList|ModuleDict)$/, 'layerlab reads nn.Sequential; list the layers in one instead'],
];

export function hintFor(className: string): string {
  return HINTS.find(([re]) => re.test(className))?.[1] ?? `layerlab has ${SUPPORTED}`;
}

interface Parameter {
  name: string;
  required: boolean;
}

/** Binds arguments to the layer's parameters the way Python would, or explains why not. */
function bind(args: CallArgs, parameters: readonly Parameter[], layer: string): Map<string, Value> | string {
  const bound = new Map<string, Value>();
  if (args.positional.length > parameters.length) return `nn.${layer} takes at most ${parameters.length} arguments (got ${args.positional.length})`;
  for (const [i, value] of args.positional.entries()) bound.set(parameters[i]?.name ?? '', value);
  for (const [name, value] of args.keywords) {
    if (!parameters.some((p) => p.name === name)) {
      const known = parameters.map((p) => p.name).join(', ');
      return `nn.${layer} has no option ${name}= in layerlab (${known === '' ? 'it takes none' : `it takes ${known}`})`;
    }
    if (bound.has(name)) return `nn.${layer} got ${name} twice`;
    bound.set(name, value);
  }
  const missing = parameters.find((p) => p.required && !bound.has(p.name));
  if (missing !== undefined) return `nn.${layer} needs ${missing.name}`;
  return bound;
}

export function boolOption(values: ReadonlyMap<string, Value>, name: string, fallback: boolean): boolean | string {
  const v = values.get(name);
  if (v === undefined) return fallback;
  return v.kind === 'bool' ? v.value : `${name} must be True or False (got ${describe(v)})`;
}

function sizeOption(values: ReadonlyMap<string, Value>, name: string, label: string, max: number): number | string {
  const v = values.get(name);
  if (v === undefined) return `${name} is missing`;
  if (v.kind !== 'number' || !v.integer) return `${name} must be a whole number like 256 (got ${describe(v)})`;
  const result = validateWholeNumber(v.value, label, 1, max);
  return result.ok ? result.value : result.error;
}

export function intOption(values: ReadonlyMap<string, Value>, name: string, fallback: number | null): number | null | string {
  const v = values.get(name);
  if (v === undefined || v.kind === 'none') return fallback;
  return v.kind === 'number' && v.integer ? v.value : `${name} must be a whole number (got ${describe(v)})`;
}

/** Dropout's p: a number from 0 to 1, 0.5 when not given. */
export function probability(values: ReadonlyMap<string, Value>): number | string {
  const p = values.get('p');
  if (p === undefined) return 0.5;
  if (p.kind !== 'number') return `p must be a number from 0 to 1 (got ${describe(p)})`;
  const checked = validateDropoutP(p.value);
  return checked.ok ? checked.value : checked.error;
}

type Read = { spec: BlockSpec; check: RankCheck | null } | string | null;

function read(className: string, args: CallArgs): Read {
  const options = (params: Parameter[]): Map<string, Value> | string => bind(args, params, className);
  switch (className) {
    case 'Linear': {
      const values = options([{ name: 'in_features', required: true }, { name: 'out_features', required: true }, { name: 'bias', required: false }]);
      if (typeof values === 'string') return values;
      // A linked Linear after a Flatten may take more than a hand-set size may be; the
      // usual limit is applied once shapes show whether it is linked.
      const inFeatures = sizeOption(values, 'in_features', 'In features', Number.MAX_SAFE_INTEGER);
      const outFeatures = sizeOption(values, 'out_features', 'Out features', LIMITS.maxFeatures);
      const bias = boolOption(values, 'bias', true);
      for (const v of [inFeatures, outFeatures, bias]) if (typeof v === 'string') return v;
      return { spec: { kind: 'linear', inFeatures: inFeatures as number, outFeatures: outFeatures as number, bias: bias as boolean, init: 'lecun' }, check: null };
    }
    case 'Dropout': {
      const values = options([{ name: 'p', required: false }, { name: 'inplace', required: false }]);
      if (typeof values === 'string') return values;
      const inplace = boolOption(values, 'inplace', false);
      if (typeof inplace === 'string') return inplace;
      const p = probability(values);
      return typeof p === 'string' ? p : { spec: { kind: 'dropout', p }, check: null };
    }
    case 'ReLU':
    case 'Sigmoid':
    case 'Tanh': {
      const values = options(className === 'ReLU' ? [{ name: 'inplace', required: false }] : []);
      if (typeof values === 'string') return values;
      const inplace = boolOption(values, 'inplace', false);
      if (typeof inplace === 'string') return inplace;
      return { spec: { kind: className === 'ReLU' ? 'relu' : className === 'Sigmoid' ? 'sigmoid' : 'tanh' }, check: null };
    }
    case 'Softmax': {
      const values = options([{ name: 'dim', required: false }]);
      if (typeof values === 'string') return values;
      const dim = intOption(values, 'dim', null);
      return typeof dim === 'string' ? dim : { spec: { kind: 'softmax' }, check: { kind: 'softmax', dim } };
    }
    case 'Flatten': {
      const values = options([{ name: 'start_dim', required: false }, { name: 'end_dim', required: false }]);
      if (typeof values === 'string') return values;
      const start = intOption(values, 'start_dim', 1);
      const end = intOption(values, 'end_dim', -1);
      if (typeof start === 'string') return start;
      if (typeof end === 'string') return end;
      return { spec: { kind: 'flatten' }, check: { kind: 'flatten', start: start ?? 1, end: end ?? -1 } };
    }
    case 'Identity':
      return null;
    default:
      return `nn.${className} is not supported (${hintFor(className)})`;
  }
}

/**
 * A torch.nn layer from its class name and arguments: a layer module, an 'unsupported'
 * one carrying the message, or an empty Sequential for nn.Identity (it changes nothing).
 */
export function readLayer(className: string, args: CallArgs, written: string, line: number): Module {
  const unknownArg = [...args.positional, ...args.keywords.values()].find((v) => v.kind === 'unknown');
  const result = unknownArg?.kind === 'unknown' ? unknownArg.why : read(className, args);
  if (result === null) return newModule<'sequential'>({ kind: 'sequential', children: [], line });
  if (typeof result === 'string') return newModule<'unsupported'>({ kind: 'unsupported', message: `${written}: ${result}; left out`, written, line });
  return newModule<'layer'>({ kind: 'layer', layer: { spec: result.spec, check: result.check, line }, written, line });
}
