// Operations a forward applies to its tensor without a module: F.relu(x), torch.sigmoid(x),
// F.softmax(x, dim=1), F.dropout(x, p, training=self.training), torch.flatten(x, 1), and
// tensor methods such as x.view(x.size(0), -1). Each appends a step to the tensor; what
// layerlab cannot do appends a problem and leaves the tensor as it was.
import type { BlockSpec } from '../../vocabulary/blocks.ts';
import { boolOption, hintFor, intOption, probability } from './import-layers.ts';
import { type RankCheck, type Step, type Value, describe, unknown } from './import-values.ts';
import type { Expr } from '../python/python-ast.ts';
import type { CallArgs } from './python-eval.ts';

type Tensor = Extract<Value, { kind: 'tensor' }>;

const ACTIVATIONS: Record<string, 'relu' | 'sigmoid' | 'tanh'> = { relu: 'relu', relu_: 'relu', sigmoid: 'sigmoid', tanh: 'tanh' };
/** Tensor methods that give the same values back as far as shapes and blocks go. */
const SAME = new Set(['contiguous', 'float', 'to', 'detach', 'clone', 'cpu', 'cuda', 'double']);

function append(tensor: Tensor, step: Step): Tensor {
  return { kind: 'tensor', steps: [...tensor.steps, step] };
}

function block(tensor: Tensor, spec: BlockSpec, expr: Expr, check: RankCheck | null = null): Tensor {
  return append(tensor, { kind: 'layer', layer: { spec, line: expr.line, check }, module: null });
}

function problem(tensor: Tensor, expr: Expr, why: string): Tensor {
  return append(tensor, { kind: 'problem', line: expr.line, message: `${expr.text}: ${why}; left out` });
}

/** Named and positional arguments after the tensor, bound in order. */
function options(args: CallArgs, names: readonly string[], skip: number): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [k, v] of args.positional.slice(skip).entries()) if (names[k] !== undefined) values.set(names[k] ?? '', v);
  for (const [name, v] of args.keywords) values.set(name, v);
  return values;
}

function flatten(tensor: Tensor, values: Map<string, Value>, defaultStart: number, expr: Expr): Tensor {
  const start = intOption(values, 'start_dim', defaultStart);
  const end = intOption(values, 'end_dim', -1);
  if (typeof start === 'string' || typeof end === 'string') return problem(tensor, expr, String(typeof start === 'string' ? start : end));
  return block(tensor, { kind: 'flatten' }, expr, { kind: 'flatten', start: start ?? defaultStart, end: end ?? -1 });
}

/** `x.view(x.size(0), -1)`, `x.view(-1, 784)`, `x.reshape(len(x), 28 * 28)`. */
function view(tensor: Tensor, args: CallArgs, expr: Expr): Tensor {
  const first = args.positional[0];
  const sizes = args.positional.length === 1 && first?.kind === 'seq' ? first.items : args.positional;
  const [a, b, ...rest] = sizes;
  const isMinusOne = (v: Value | undefined): boolean => v?.kind === 'number' && v.value === -1;
  const keepsBatch = a?.kind === 'batch' || isMinusOne(a);
  if (sizes.length === 1 && isMinusOne(a)) return block(tensor, { kind: 'flatten' }, expr, { kind: 'flatten', start: 0, end: -1 });
  if (rest.length === 0 && keepsBatch && isMinusOne(b) && a?.kind === 'batch') return block(tensor, { kind: 'flatten' }, expr, { kind: 'flatten', start: 1, end: -1 });
  if (rest.length === 0 && keepsBatch && b?.kind === 'number' && b.integer && b.value > 0) {
    return block(tensor, { kind: 'flatten' }, expr, { kind: 'view', size: b.value, text: expr.text });
  }
  const bad = sizes.find((v) => v.kind === 'unknown');
  if (bad?.kind === 'unknown') return problem(tensor, expr, bad.why);
  return problem(tensor, expr, 'layerlab reshapes only to (batch, features), as a Flatten; other shapes cannot be read');
}

/** F.relu(x), torch.softmax(x, dim=1), ...: `name` is the function's last part. */
export function functional(name: string, path: string, tensor: Tensor, args: CallArgs, expr: Expr): Value {
  const activation = ACTIVATIONS[name];
  if (activation !== undefined) return block(tensor, { kind: activation }, expr);
  switch (name) {
    case 'softmax': {
      const dim = intOption(options(args, ['dim'], 1), 'dim', null);
      return typeof dim === 'string' ? problem(tensor, expr, dim) : block(tensor, { kind: 'softmax' }, expr, { kind: 'softmax', dim });
    }
    case 'flatten':
      return flatten(tensor, options(args, ['start_dim', 'end_dim'], 1), 0, expr);
    case 'dropout': {
      const values = options(args, ['p', 'training', 'inplace'], 1);
      const p = probability(values);
      const training = boolOption(values, 'training', true);
      if (typeof p === 'string') return problem(tensor, expr, p);
      if (training === false) return tensor; // F.dropout(x, training=False) does nothing
      const dropped = block(tensor, { kind: 'dropout', p }, expr);
      if (values.has('training')) return dropped;
      // F.dropout defaults to training=True: it drops even in eval mode, unlike nn.Dropout.
      return append(dropped, { kind: 'problem', line: expr.line, message: `${expr.text}: without training=self.training this drops in eval mode too; layerlab's Dropout follows the mode` });
    }
    default: {
      const className = { log_softmax: 'LogSoftmax', max_pool2d: 'MaxPool2d', avg_pool2d: 'AvgPool2d', leaky_relu: 'LeakyReLU', gelu: 'GELU', elu: 'ELU' }[name] ?? name;
      return problem(tensor, expr, `${path} is not supported (${hintFor(className)})`);
    }
  }
}

/** A method called on the forward's tensor: x.view(...), x.flatten(1), x.relu(), x.size(0). */
export function tensorMethod(tensor: Tensor, name: string, args: CallArgs, expr: Expr): Value {
  if (name === 'size') {
    const dim = args.positional[0];
    return dim?.kind === 'number' && dim.value === 0 ? { kind: 'batch' } : unknown(`${expr.text} is not the batch size (only x.size(0) is read)`);
  }
  if (SAME.has(name)) return tensor;
  if (name === 'view' || name === 'reshape') return view(tensor, args, expr);
  if (name === 'flatten') return flatten(tensor, options(args, ['start_dim', 'end_dim'], 0), 0, expr);
  if (name in ACTIVATIONS || name === 'softmax') return functional(name, `x.${name}`, tensor, { positional: [tensor, ...args.positional], keywords: args.keywords }, expr);
  return problem(tensor, expr, `.${name}() on a tensor is not read`);
}

/** x.shape[0] */
export function shapeIndex(index: Value): Value {
  return index.kind === 'number' && index.value === 0 ? { kind: 'batch' } : unknown(`only x.shape[0] (the batch size) is read, not ${describe(index)}`);
}
