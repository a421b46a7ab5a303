// The model as code learners can paste elsewhere: PyTorch, or the course's own library.
// import.ts reads toPyTorch's output back, so the two must change together.
import { type InitScheme, type OptionlessKind, BLOCK_INFO, isOptionless, unhandledKind } from '../../vocabulary/blocks.ts';
import { type LayerSpec, type NetworkModel, layerSpecs } from '../network/network.ts';

export { torchinfoSummary, type SummaryRow } from './torchinfo.ts';
export { networkSummary, type NetworkSummary } from '../../engine/summary/totals.ts';

const INDENT = '    ';

/** Written by toPyTorch and read back by fromPyTorch, so the input shape survives the trip. */
export const INPUT_SHAPE_COMMENT = '# input shape:';

export function inputTuple(model: NetworkModel): string {
  return `(${[model.input.batch, ...model.input.features].join(', ')})`;
}

/** Arguments PyTorch needs to match layerlab: its Softmax works on the last dimension only. */
const PYTORCH_ARGUMENTS: Partial<Record<OptionlessKind, string>> = { softmax: 'dim=-1' };

function pytorchLayer(spec: LayerSpec): string {
  if (isOptionless(spec)) return `nn.${BLOCK_INFO[spec.kind].pytorchClass}(${PYTORCH_ARGUMENTS[spec.kind] ?? ''})`;
  switch (spec.kind) {
    case 'linear':
      return `nn.Linear(${spec.in}, ${spec.out}${spec.bias ? '' : ', bias=False'})`;
    case 'dropout':
      return `nn.Dropout(p=${pythonNumber(spec.p)})`;
    default:
      return unhandledKind(spec);
  }
}

/** JavaScript's shortest round-trip form ("0.5", "1e-7") is also a Python float literal, so p survives export and import exactly. */
export function pythonNumber(x: number): string {
  return String(x);
}

function initLines(index: number, spec: { in: number; init: InitScheme; bias: boolean }): string[] {
  const weight = `model[${index}].weight`;
  const lines = [
    {
      lecun: `nn.init.normal_(${weight}, std=(1/${spec.in})**0.5)`,
      xavier: `nn.init.xavier_uniform_(${weight})`,
      he: `nn.init.kaiming_normal_(${weight}, nonlinearity="relu")`,
      zeros: `nn.init.zeros_(${weight})`,
    }[spec.init],
  ];
  if (spec.bias) lines.push(`nn.init.zeros_(model[${index}].bias)`);
  return lines;
}

/**
 * What every exported model ends with: evaluation mode, so predictions are deterministic,
 * and when to switch. The mode is the course's named mistake, so the code says it.
 */
export const MODE_LINES: readonly string[] = [
  '# model.train() before training: Dropout zeroes units (the page\'s training mode).',
  '# model.eval() before predicting: Dropout passes values through (evaluation mode).',
  '# Predicting in training mode is the named mistake: dropout left on at inference.',
  'model.eval()',
];

/** The nn.Sequential, then nn.init lines reproducing layerlab's initialisation (PyTorch's default for Linear differs). */
export function pytorchNetwork(model: NetworkModel): string[] {
  const specs = layerSpecs(model);
  const out = ['import torch.nn as nn', '', `${INPUT_SHAPE_COMMENT} ${inputTuple(model)}`];
  if (specs.length === 0) out.push('model = nn.Sequential()');
  else out.push('model = nn.Sequential(', ...specs.map((s) => `${INDENT}${pytorchLayer(s)},`), ')');
  const inits = specs.flatMap((spec, i) => (spec.kind === 'linear' ? initLines(i, spec) : []));
  if (inits.length > 0) {
    out.push(
      '',
      "# layerlab's initialisation; biases start at zero",
      "# PyTorch stores W as (out, in), the transpose of layerlab's W (in, out): y = x @ W.T + b",
      ...inits,
    );
  }
  return out;
}

/**
 * PyTorch code for the network, left in evaluation mode whatever the page's mode: code copied
 * out is code someone predicts with. (Importing it back therefore gives evaluation mode.)
 */
export function toPyTorch(model: NetworkModel): string {
  return [...pytorchNetwork(model), '', ...MODE_LINES].join('\n') + '\n';
}
