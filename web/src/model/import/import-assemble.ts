// From a model's steps (its forward pass as read) to a layerlab network: the input shape,
// then a walk over shapes that judges what depends on rank (Softmax dims, Flatten ranges,
// view sizes) and links each Linear whose in_features match its input.
import type { BlockSpec } from '../../vocabulary/blocks.ts';
import type { Problem } from './import-module.ts';
import { type Module, type Step, pathFrom } from './import-values.ts';
import { type NetworkModel, DEFAULT_INPUT, DEFAULT_TRAINING, modelFromSpecs } from '../network/network.ts';
import { outputShapeLite } from '../network/shapes-lite.ts';
import { LIMITS, validateBatch, validateFeatures, validateInFeatures } from '../network/validate.ts';

export interface Input {
  batch: number;
  features: number[];
}

export interface Assembled {
  model: NetworkModel;
  /** PyTorch's name for each block's module ("linear_relu_stack.0"); null for F.relu(x) and the like. */
  layerNames: (string | null)[];
  problems: Problem[];
}

function product(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}

/** The input as written (`model(torch.randn(64, 1, 28, 28))`), when it is a valid one. */
function writtenInput(sizes: readonly number[], line: number, problems: Problem[]): Input | null {
  const batch = validateBatch(sizes[0] ?? 0);
  const features = validateFeatures(sizes.slice(1));
  if (batch.ok && features.ok) return { batch: batch.value, features: features.value };
  problems.push({ line, message: `the input (${sizes.join(', ')}) is not one layerlab takes (${!batch.ok ? batch.error : !features.ok ? features.error : ''}); it is guessed from the first Linear` });
  return null;
}

/** (32, in_features of the first Linear), when that is a valid input size. */
function guessInput(steps: readonly Step[], problems: Problem[]): Input {
  for (const step of steps) {
    if (step.kind !== 'layer' || step.layer.spec.kind !== 'linear') continue;
    const guess = validateFeatures([step.layer.spec.inFeatures ?? 0]);
    if (guess.ok) return { batch: DEFAULT_INPUT.batch, features: guess.value };
    problems.push({ line: step.layer.line, message: `the input cannot be guessed from this Linear (${guess.error}); using ${DEFAULT_INPUT.features.join('x')}` });
    break;
  }
  return { batch: DEFAULT_INPUT.batch, features: [...DEFAULT_INPUT.features] };
}

export function assemble(root: Module, steps: readonly Step[], hint: Input | null, shared: readonly Problem[]): Assembled {
  const problems: Problem[] = [...shared];
  const input = hint ?? (root.input === null ? null : writtenInput(root.input, root.line, problems)) ?? guessInput(steps, problems);

  // Walk the shapes to judge dims and links; a left-out layer leaves the shape alone.
  let shape = [input.batch, ...input.features];
  const specs: BlockSpec[] = [];
  const layerNames: (string | null)[] = [];
  for (const step of steps) {
    if (step.kind === 'problem') {
      problems.push({ line: step.line, message: step.message });
      continue;
    }
    const rank = shape.length;
    const { spec, check, line } = step.layer;
    const leftOut = (message: string): void => void problems.push({ line, message: `${message}; left out` });
    if (check?.kind === 'softmax') {
      // PyTorch's implicit dim: 0 for 0-, 1- and 3-dimensional inputs, otherwise 1.
      const dim = check.dim ?? (rank === 0 || rank === 1 || rank === 3 ? 0 : 1);
      if ((dim < 0 ? dim + rank : dim) !== rank - 1) {
        leftOut(`Softmax over dim ${check.dim ?? `${dim} (implicit)`} of a ${rank}-dimensional input is not the last dimension; layerlab's Softmax works over the last one (dim=-1)`);
        continue;
      }
    }
    if (check?.kind === 'flatten') {
      const start = check.start < 0 ? check.start + rank : check.start;
      const end = check.end < 0 ? check.end + rank : check.end;
      if (start !== 1 || end !== rank - 1) {
        leftOut(`Flatten(start_dim=${check.start}, end_dim=${check.end}) on a ${rank}-dimensional input: layerlab's Flatten keeps only the batch dimension (start_dim=1, end_dim=-1)`);
        continue;
      }
    }
    if (check?.kind === 'view') {
      const perSample = product(shape.slice(1));
      if (perSample !== check.size) {
        leftOut(`${check.text} on a (${shape.join(', ')}) input is not a Flatten: each sample has ${perSample} values, not ${check.size}`);
        continue;
      }
    }
    let block = spec;
    if (spec.kind === 'linear') {
      const linked = spec.inFeatures === shape[shape.length - 1];
      if (!linked && spec.inFeatures !== null) {
        const checked = validateInFeatures(spec.inFeatures);
        if (!checked.ok) {
          leftOut(`${checked.error} and does not match its input (${shape[shape.length - 1]})`);
          continue;
        }
      }
      block = { ...spec, inFeatures: linked ? null : spec.inFeatures };
    }
    shape = outputShapeLite(block, shape);
    specs.push(block);
    layerNames.push(step.module === null ? null : pathFrom(root, step.module));
  }

  if (specs.length > LIMITS.maxBlocks) {
    problems.push({ line: root.line, message: `more than ${LIMITS.maxBlocks} layers; only the first ${LIMITS.maxBlocks} were read` });
    specs.length = LIMITS.maxBlocks;
    layerNames.length = LIMITS.maxBlocks;
  }
  const model = modelFromSpecs(specs, { input, training: root.training ?? DEFAULT_TRAINING });
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.line}:${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { model, layerNames, problems: unique.sort((a, b) => a.line - b.line) };
}
