// Python builtins and helpers the importer evaluates on plain values: int(), len(),
// max(), math.sqrt(), OrderedDict([...]).
import { type Value, integer, unknown } from './import-values.ts';
import type { Expr } from '../python/python-ast.ts';

/** The values as numbers, or null when one is not a number. */
export function numbers(values: readonly Value[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    if (v.kind !== 'number') return null;
    out.push(v.value);
  }
  return out;
}

/** OrderedDict([(name, layer), ...]) or OrderedDict({...}): a dict keeping the order. */
export function orderedDict(x: Value, expr: Expr): Value {
  if (x.kind === 'dict') return x;
  if (x.kind !== 'seq') return unknown(`${expr.text}: OrderedDict takes a list of (name, layer) pairs`);
  const entries: [Value, Value][] = [];
  for (const pair of x.items) {
    if (pair.kind !== 'seq' || pair.items.length !== 2) return unknown(`${expr.text}: OrderedDict takes a list of (name, layer) pairs`);
    entries.push([pair.items[0] as Value, pair.items[1] as Value]);
  }
  return { kind: 'dict', entries };
}

/** int(), float(), len(), round(), abs(), min(), max(), sum(), math.sqrt(), math.prod(). */
export function builtin(name: string, args: readonly Value[], expr: Expr): Value {
  const [x] = args;
  if (name === 'len' && x?.kind === 'tensor') return { kind: 'batch' };
  if (name === 'len' && x?.kind === 'seq') return integer(x.items.length);
  const values = numbers(args.length === 1 && x?.kind === 'seq' ? x.items : args);
  if (values === null || values.length === 0) return args.find((a) => a.kind === 'unknown') ?? unknown(`${expr.text} is not read`);
  const v = values[0] as number;
  switch (name) {
    case 'int':
      return integer(Math.trunc(v));
    case 'float':
      return { kind: 'number', value: v, integer: false };
    case 'round':
      return args.length === 1 ? integer(Math.round(v)) : unknown(`${expr.text} is not read`);
    case 'abs':
      return { ...(x as Extract<Value, { kind: 'number' }>), value: Math.abs(v) };
    case 'sqrt':
      return v < 0 ? unknown(`${expr.text}: square root of a negative number`) : { kind: 'number', value: Math.sqrt(v), integer: false };
    case 'min':
    case 'max':
    case 'sum':
    case 'prod': {
      const all = (args.length === 1 && x?.kind === 'seq' ? x.items : args) as Extract<Value, { kind: 'number' }>[];
      const isInt = all.every((a) => a.integer);
      const value = name === 'min' ? Math.min(...values) : name === 'max' ? Math.max(...values) : name === 'sum' ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a * b, 1);
      return { kind: 'number', value, integer: isInt };
    }
    default:
      return unknown(`${expr.text} is not read`);
  }
}
