// Evaluates expressions of the safe subset: numbers with Python's int/float rules, strings,
// tuples, lists, dicts, names bound earlier. Calls, attributes and names it does not know
// go to a host (the importer), which decides what torch calls mean; nothing is executed.
import type { Arg, Expr } from '../python/python-ast.ts';
import { MAX_ITEMS, type Value, describe, missingName, unknown, unknownFrom } from './import-values.ts';

export interface CallArgs {
  positional: Value[];
  keywords: Map<string, Value>;
}

export interface Host {
  /** A name bound in no scope: an import alias, a builtin, or undefined. */
  lookup(name: string): Value;
  attribute(object: Value, name: string, expr: Expr): Value;
  call(fn: Value, args: CallArgs, expr: Expr): Value;
  /** Indexing of values other than tuples, lists and dicts (a Sequential, x.shape). */
  index(object: Value, index: Value, expr: Expr): Value;
  setAttribute(object: Value, name: string, value: Value): void;
}

function isNumber(v: Value): v is Extract<Value, { kind: 'number' }> | Extract<Value, { kind: 'bool' }> {
  return v.kind === 'number' || v.kind === 'bool';
}

function num(v: Extract<Value, { kind: 'number' }> | Extract<Value, { kind: 'bool' }>): { value: number; integer: boolean } {
  return v.kind === 'bool' ? { value: v.value ? 1 : 0, integer: true } : v;
}

function arithmetic(op: string, a: { value: number; integer: boolean }, b: { value: number; integer: boolean }, text: string): Value {
  const ints = a.integer && b.integer;
  const out = (value: number, isInt: boolean): Value => (Number.isFinite(value) ? { kind: 'number', value, integer: isInt } : unknown(`${text} is not a finite number`));
  switch (op) {
    case '+':
      return out(a.value + b.value, ints);
    case '-':
      return out(a.value - b.value, ints);
    case '*':
      return out(a.value * b.value, ints);
    case '/':
      return b.value === 0 ? unknown(`${text} divides by zero`) : out(a.value / b.value, false);
    case '//':
      return b.value === 0 ? unknown(`${text} divides by zero`) : out(Math.floor(a.value / b.value), ints);
    case '%':
      return b.value === 0 ? unknown(`${text} divides by zero`) : out(a.value - b.value * Math.floor(a.value / b.value), ints);
    case '**':
      return out(a.value ** b.value, ints && b.value >= 0);
    default:
      return unknown(`${text} is not arithmetic layerlab reads`);
  }
}

export class Evaluator {
  constructor(
    readonly host: Host,
    readonly globals: Map<string, Value>,
    readonly locals: Map<string, Value> | null = null,
  ) {}

  name(id: string): Value {
    return this.locals?.get(id) ?? this.globals.get(id) ?? this.host.lookup(id);
  }

  args(args: readonly Arg[]): CallArgs {
    const result: CallArgs = { positional: [], keywords: new Map() };
    for (const arg of args) {
      const value = this.eval(arg.value);
      if (arg.star === 1) {
        if (value.kind === 'seq') result.positional.push(...value.items);
        else result.positional.push(value.kind === 'unknown' ? value : unknown(`*${arg.value.text} is ${describe(value)}, not a list`));
      } else if (arg.star === 2) {
        if (value.kind === 'dict') for (const [k, v] of value.entries) if (k.kind === 'string') result.keywords.set(k.value, v);
      } else if (arg.name === null) {
        result.positional.push(value);
      } else {
        result.keywords.set(arg.name, value);
      }
    }
    return result;
  }

  eval(expr: Expr): Value {
    switch (expr.kind) {
      case 'number':
        return { kind: 'number', value: expr.value, integer: expr.integer };
      case 'string':
        return { kind: 'string', value: expr.value };
      case 'const':
        return expr.value === null ? { kind: 'none' } : { kind: 'bool', value: expr.value };
      case 'name':
        return this.name(expr.id);
      case 'attr':
        return this.host.attribute(this.eval(expr.object), expr.name, expr);
      case 'call':
        return this.host.call(this.eval(expr.fn), this.args(expr.args), expr);
      case 'index':
        return this.index(this.eval(expr.object), this.eval(expr.index), expr);
      case 'binary':
        return this.binary(expr.op, this.eval(expr.left), this.eval(expr.right), expr.text);
      case 'unary': {
        const v = this.eval(expr.operand);
        if (isNumber(v) && (expr.op === '-' || expr.op === '+')) {
          const { value, integer: isInt } = num(v);
          return { kind: 'number', value: expr.op === '-' ? -value : value, integer: isInt };
        }
        return v.kind === 'unknown' ? v : unknownFrom(v, `${expr.text} is not arithmetic layerlab reads`);
      }
      case 'tuple':
      case 'list': {
        const items: Value[] = [];
        for (const item of expr.items) {
          if (item.kind !== 'star') items.push(this.eval(item));
          else {
            const inner = this.eval(item.value);
            if (inner.kind === 'seq') items.push(...inner.items);
            else items.push(inner.kind === 'unknown' ? inner : unknown(`${item.text} is ${describe(inner)}, not a list`));
          }
        }
        return { kind: 'seq', items, list: expr.kind === 'list' };
      }
      case 'dict':
        return { kind: 'dict', entries: expr.entries.map(([k, v]) => [this.eval(k), this.eval(v)]) };
      case 'star':
        return unknown(`${expr.text} is not read here`);
      case 'other':
        return unknown(`${expr.what} is not read`);
    }
  }

  private index(object: Value, index: Value, expr: Expr): Value {
    if (object.kind === 'unknown') return object;
    if (object.kind === 'seq' && index.kind === 'number' && index.integer) {
      const at = index.value < 0 ? index.value + object.items.length : index.value;
      return object.items[at] ?? unknown(`${expr.text} is past the end of ${describe(object)} of ${object.items.length}`);
    }
    if (object.kind === 'dict') {
      const hit = object.entries.find(([k]) => k.kind === index.kind && JSON.stringify(k) === JSON.stringify(index));
      return hit?.[1] ?? unknown(`${expr.text}: no such key`);
    }
    return this.host.index(object, index, expr);
  }

  binary(op: string, a: Value, b: Value, text: string): Value {
    if (a.kind === 'tensor' || b.kind === 'tensor') return unknown('arithmetic on tensors is not a layer layerlab has');
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    // input_size * 2 with input_size from an earlier cell: still the name to ask for.
    for (const v of [a, b]) if (missingName(v) !== null) return unknownFrom(v, describe(v));
    if (isNumber(a) && isNumber(b)) return arithmetic(op, num(a), num(b), text);
    const size = (v: Value): number => (v.kind === 'seq' ? v.items.length : v.kind === 'string' ? v.value.length : 0);
    if ((op === '+' && size(a) + size(b) > MAX_ITEMS) || (op === '*' && b.kind === 'number' && size(a) * b.value > MAX_ITEMS)) {
      return unknown(`${text} is longer than ${MAX_ITEMS} items`);
    }
    if (op === '+' && a.kind === 'seq' && b.kind === 'seq' && a.list === b.list) return { kind: 'seq', items: [...a.items, ...b.items], list: a.list };
    if (op === '+' && a.kind === 'string' && b.kind === 'string') return { kind: 'string', value: a.value + b.value };
    if (op === '*' && a.kind === 'seq' && b.kind === 'number' && b.integer && b.value >= 0) {
      return { kind: 'seq', items: Array.from({ length: b.value }, () => a.items).flat(), list: a.list };
    }
    return unknown(`${text} is not arithmetic layerlab reads`);
  }

  /** Binds `value` to a target: a name, a tuple/list of targets, or an attribute. */
  assign(target: Expr, value: Value): void {
    const scope = this.locals ?? this.globals;
    if (target.kind === 'name') scope.set(target.id, value);
    else if (target.kind === 'attr') this.host.setAttribute(this.eval(target.object), target.name, value);
    else if (target.kind === 'tuple' || target.kind === 'list') {
      const items = value.kind === 'seq' && value.items.length === target.items.length ? value.items : null;
      for (const [k, t] of target.items.entries()) {
        this.assign(t, items?.[k] ?? (value.kind === 'unknown' ? value : unknown(`${target.text} cannot be unpacked from ${describe(value)}`)));
      }
    }
  }
}
