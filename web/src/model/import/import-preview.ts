// What the import panel shows of a candidate before the learner accepts it: one line per
// block with PyTorch's module name, and a summary (input, blocks, parameters).
import { layerParameters } from '../../engine/summary/summary-ts-layers.ts';
import type { Candidate } from './import.ts';
import { type LayerSpec, layerSpecs } from '../network/network.ts';
import { withThousands } from '../text.ts';

const OPTIONLESS = { relu: 'ReLU', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax', flatten: 'Flatten' } as const;

/** "Linear(784, 256)", "Linear(50, 5, bias=False, init=he)", "Dropout(0.2)", "ReLU". */
export function layerLabel(spec: LayerSpec): string {
  if (spec.kind === 'linear') return `Linear(${spec.in}, ${spec.out}${spec.bias ? '' : ', bias=False'}${spec.init === 'lecun' ? '' : `, init=${spec.init}`})`;
  return spec.kind === 'dropout' ? `Dropout(${spec.p})` : OPTIONLESS[spec.kind];
}

/** Weights and biases of every Linear, as PyTorch's parameters() counts them. */
export function parameterCount(specs: readonly LayerSpec[]): number {
  return specs.reduce((sum, s) => sum + layerParameters(s), 0);
}

export function candidatePreview(candidate: Candidate): { summary: string; layers: string[] } {
  const specs = layerSpecs(candidate.model);
  const { input } = candidate.model;
  const blocks = `${specs.length} block${specs.length === 1 ? '' : 's'}`;
  return {
    summary: `${candidate.name}: ${blocks}, input (${[input.batch, ...input.features].join(', ')}), ${withThousands(parameterCount(specs))} parameters`,
    layers: specs.map((s, i) => {
      const name = candidate.layerNames[i];
      return name === null || name === undefined ? layerLabel(s) : `${layerLabel(s)}  (${name})`;
    }),
  };
}
