// Reading the lines after a pasted nn.Sequential: nn.init calls (which decide a Linear's
// init scheme) and model.train() / model.eval().
import type { InitScheme } from './blocks.ts';
import { type Argument, evaluateArithmetic, readCall, readValue } from './python-calls.ts';
import type { Token } from './python-tokens.ts';

const INIT_PREFIXES = ['nn.init', 'torch.nn.init', 'init'];

/** `model[3].weight` -> { index: 3, part: 'weight' } when `model` is the Sequential's name. */
function readTarget(tokens: readonly Token[], variable: string): { index: number; part: 'weight' | 'bias' } | null {
  const [name, open, index, close, dot, part, ...rest] = tokens;
  if (rest.length > 0 || name?.text !== variable || open?.text !== '[' || index?.kind !== 'number' || close?.text !== ']' || dot?.text !== '.') return null;
  if (!/^\d+$/.test(index.text) || (part?.text !== 'weight' && part?.text !== 'bias')) return null;
  return { index: Number(index.text), part: part.text };
}

function stringArg(args: readonly Argument[], name: string): string | null | undefined {
  const arg = args.find((a) => a.name === name);
  if (arg === undefined) return undefined;
  const value = readValue(arg.tokens);
  return value.kind === 'string' ? value.value : null;
}

export interface InitRead {
  target: { index: number; part: 'weight' | 'bias' };
  scheme: InitScheme | 'zero-bias' | { std: number };
}

/**
 * An nn.init line. The scheme is decided on the function and its options alone; whether a
 * normal_ std matches LeCun or He needs the layer's in features, so it is returned as a
 * number for the caller to judge.
 */
export function readInit(
  tokens: readonly Token[],
  variable: string,
): InitRead | string | null {
  const call = readCall(tokens);
  if (call === null || 'error' in call) return null;
  const fn = call.callee[call.callee.length - 1] ?? '';
  if (!INIT_PREFIXES.includes(call.callee.slice(0, -1).join('.'))) return null;
  const first = call.args[0];
  const target = first !== undefined && first.name === null ? readTarget(first.tokens, variable) : null;
  if (target === null) return `${fn}: the first argument must be ${variable}[i].weight or ${variable}[i].bias; line ignored`;
  const options = call.args.slice(1);
  const optionNames = options.map((a) => a.name ?? '(positional)');
  const only = (allowed: readonly string[]): boolean => optionNames.every((n) => allowed.includes(n));
  if (target.part === 'bias') {
    if (fn === 'zeros_' && options.length === 0) return { target, scheme: 'zero-bias' };
    return `layerlab always starts biases at zero; ${fn} on a bias is not supported; line ignored`;
  }
  switch (fn) {
    case 'zeros_':
      if (options.length === 0) return { target, scheme: 'zeros' };
      break;
    case 'xavier_uniform_':
      if (options.length === 0) return { target, scheme: 'xavier' };
      break;
    case 'kaiming_normal_': {
      const nonlinearity = stringArg(options, 'nonlinearity');
      const mode = stringArg(options, 'mode');
      const plainRelu = nonlinearity === undefined || nonlinearity === 'relu' || nonlinearity === 'leaky_relu';
      if (only(['nonlinearity', 'mode']) && plainRelu && (mode === undefined || mode === 'fan_in')) return { target, scheme: 'he' };
      return `kaiming_normal_ matches layerlab's He init only with mode="fan_in" and nonlinearity="relu"; line ignored`;
    }
    case 'normal_': {
      const std = options.find((a) => a.name === 'std') ?? (options[1]?.name === null ? options[1] : undefined);
      const mean = options.find((a) => a.name === 'mean') ?? (options[0]?.name === null ? options[0] : undefined);
      const meanValue = mean === undefined ? 0 : evaluateArithmetic(mean.tokens);
      const stdValue = std === undefined ? 1 : evaluateArithmetic(std.tokens);
      if (!only(['mean', 'std', '(positional)']) || meanValue !== 0 || stdValue === null) {
        return 'normal_ needs mean 0 and a std written as a number or arithmetic like (1/784)**0.5; line ignored';
      }
      return { target, scheme: { std: stdValue } };
    }
    default:
      return `${fn} is not one of layerlab's schemes (normal_ for LeCun, xavier_uniform_, kaiming_normal_, zeros_); line ignored`;
  }
  return `${fn} with extra options does not match a layerlab scheme; line ignored`;
}

/** `model.train()`, `model.train(False)`, `model.eval()`: the mode, or null if not one. */
export function readMode(tokens: readonly Token[], variable: string): boolean | null {
  const call = readCall(tokens);
  if (call === null || 'error' in call || call.callee.length !== 2 || call.callee[0] !== variable) return null;
  const [method] = call.callee.slice(1);
  if (method === 'eval' && call.args.length === 0) return false;
  if (method !== 'train' || call.args.length > 1) return null;
  const arg = call.args[0];
  if (arg === undefined) return true;
  const value = readValue(arg.tokens);
  return value.kind === 'bool' && (arg.name === null || arg.name === 'mode') ? value.value : null;
}
