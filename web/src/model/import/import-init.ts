// nn.init calls (`nn.init.kaiming_normal_(model[0].weight)`, `...(self.fc1.weight)`), which
// decide a Linear's init scheme; toPyTorch writes them after the Sequential.
import { BLOCK_INFO } from '../../vocabulary/blocks.ts';
import { type Value, describe } from './import-values.ts';
import type { Expr } from '../python/python-ast.ts';
import type { CallArgs } from './python-eval.ts';

function closeTo(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3 * Math.abs(b);
}

function text(value: Value | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

/** Applies the init to the Linear the first argument names; a message when it cannot. */
export function applyInit(fn: string, args: CallArgs, expr: Expr): string | null {
  const [target, ...rest] = args.positional;
  const ignored = (why: string): string => `${expr.text}: ${why}; line ignored`;
  if (target?.kind !== 'param') return ignored(`the first argument must be a layer's .weight or .bias (got ${target === undefined ? 'nothing' : describe(target)})`);
  const module = target.module;
  if (module.kind === 'unsupported') return ignored('that layer was left out');
  if (module.kind !== 'layer') return ignored('that is not a single layer');
  const spec = module.layer.spec;
  if (spec.kind !== 'linear') return ignored(`nn.${BLOCK_INFO[spec.kind].pytorchClass} has no parameters`);
  const keywords = [...args.keywords.keys()];
  const only = (allowed: readonly string[], positional = 0): boolean => rest.length <= positional && keywords.every((k) => allowed.includes(k));
  if (target.part === 'bias') {
    if (fn !== 'zeros_' || !only([])) return ignored(`layerlab always starts biases at zero; ${fn} on a bias is not supported`);
    return spec.bias ? null : ignored('the layer has bias=False, so it has no bias to set');
  }
  switch (fn) {
    case 'zeros_':
      if (!only([])) break;
      spec.init = 'zeros';
      return null;
    case 'xavier_uniform_':
      if (!only([])) break;
      spec.init = 'xavier';
      return null;
    case 'kaiming_normal_': {
      const nonlinearity = text(args.keywords.get('nonlinearity'));
      const mode = text(args.keywords.get('mode'));
      const relu = nonlinearity === undefined || nonlinearity === 'relu' || nonlinearity === 'leaky_relu';
      if (!only(['nonlinearity', 'mode']) || !relu || (mode !== undefined && mode !== 'fan_in')) {
        return ignored(`kaiming_normal_ matches layerlab's He init only with mode="fan_in" and nonlinearity="relu"`);
      }
      spec.init = 'he';
      return null;
    }
    case 'normal_': {
      const mean = args.keywords.get('mean') ?? rest[0];
      const std = args.keywords.get('std') ?? rest[1];
      const meanValue = mean === undefined ? 0 : mean.kind === 'number' ? mean.value : null;
      const stdValue = std === undefined ? 1 : std.kind === 'number' ? std.value : null;
      if (!only(['mean', 'std'], 2) || meanValue !== 0 || stdValue === null) return ignored('normal_ needs mean 0 and a std written as a number or arithmetic like (1/784)**0.5');
      const fanIn = spec.inFeatures ?? 1;
      if (closeTo(stdValue, Math.sqrt(1 / fanIn))) spec.init = 'lecun';
      else if (closeTo(stdValue, Math.sqrt(2 / fanIn))) spec.init = 'he';
      else return `${expr.text}: std ${stdValue} matches neither LeCun (√(1/${fanIn})) nor He (√(2/${fanIn})); layerlab's default, LeCun, is used`;
      return null;
    }
    default:
      return ignored(`${fn} is not one of layerlab's schemes (normal_ for LeCun, xavier_uniform_, kaiming_normal_, zeros_)`);
  }
  return ignored(`${fn} with extra options does not match a layerlab scheme`);
}
