// A network over the memory budget is refused by the engine before it allocates anything, so
// its snapshot has no rows worth showing. Shapes, parameter counts and memory are arithmetic,
// though: this fills them in from the model for every block however big, and marks the one
// block whose parameters take the running total over the budget.
import { DEFAULT_BUDGET_BYTES, formatBytesMiB } from '../engine/engine.ts';
import type { BlockSnapshot, Snapshot } from '../engine/snapshot.ts';
import type { OptionlessKind } from '../vocabulary/blocks.ts';
import { type LayerSpec, type NetworkModel, layerSpecs, resolveShapesLite } from '../model/network/network.ts';

/** The engine's refusal, e.g. "the parameters would need 16449.0 MiB, over the 512.0 MiB budget". */
const REFUSAL = /over the ([\d.]+) MiB budget$/;

export interface BudgetRefusal {
  /** The block (0-based) whose parameters take the running total over the budget. */
  block: number;
  budgetBytes: number;
  /** Parameter bytes of the whole network. */
  neededBytes: number;
}

const OPTIONLESS_NAMES: { readonly [K in OptionlessKind]: string } = {
  relu: 'ReLU()',
  sigmoid: 'Sigmoid()',
  tanh: 'Tanh()',
  softmax: 'Softmax(dim=-1)',
  flatten: 'Flatten()',
};

/** The C++ layer's name(), as the summary would give it (Dropout's p as printf's %g). */
export function layerName(spec: LayerSpec): string {
  if (spec.kind === 'linear') return `Linear(${spec.in}, ${spec.out}${spec.bias ? '' : ', bias=False'})`;
  if (spec.kind === 'dropout') return `Dropout(p=${Number(spec.p.toPrecision(6))})`;
  return OPTIONLESS_NAMES[spec.kind];
}

function parameterCount(spec: LayerSpec): number {
  return spec.kind === 'linear' ? spec.in * spec.out + (spec.bias ? spec.out : 0) : 0;
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** The budget the engine named in its refusal, or null when the snapshot is no such refusal. */
export function refusedBudget(snapshot: Snapshot): number | null {
  const match = snapshot.blocks[0]?.error?.match(REFUSAL);
  if (!match || snapshot.blocks.some((b) => b.outputShape !== null)) return null;
  const mib = Number(match[1]);
  return Number.isFinite(mib) && mib > 0 ? mib * 2 ** 20 : DEFAULT_BUDGET_BYTES;
}

export function refusalMessage(refusal: BudgetRefusal): string {
  return (
    `over the memory budget: the parameters up to and including this block need more than the ` +
    `${formatBytesMiB(refusal.budgetBytes)} a page may allocate (the whole network needs ` +
    `${formatBytesMiB(refusal.neededBytes)}), so nothing was run. This is a budget refusal, not a shape error.`
  );
}

/**
 * For a snapshot the engine refused on its budget: the same snapshot with every block's name,
 * shapes, parameters, memory and multiply-adds worked out from the model, the error on the
 * block that breaks the budget only, and totals over every block. Anything else comes back as is.
 */
export function explainBudgetRefusal(model: NetworkModel, snapshot: Snapshot): { snapshot: Snapshot; refusal: BudgetRefusal | null } {
  const budgetBytes = refusedBudget(snapshot);
  if (budgetBytes === null) return { snapshot, refusal: null };
  const specs = layerSpecs(model);
  const shapes = resolveShapesLite(model).blocks;
  let running = 0;
  let breaking = -1;
  let shapeKnown = true;
  const rows = specs.map((spec, index): BlockSnapshot => {
    const parameters = parameterCount(spec);
    running += parameters * 4;
    if (breaking < 0 && running > budgetBytes) breaking = index;
    const lite = shapes[index];
    // A hand-set in-features mismatch: from there on the shapes are unknown, as in a shape error.
    const inputShape = shapeKnown ? (lite?.input ?? null) : null;
    if (lite?.mismatch) shapeKnown = false;
    const outputShape = shapeKnown ? (lite?.output ?? null) : null;
    const rowsIn = inputShape ? product(inputShape.slice(0, -1)) : 0;
    return {
      index,
      name: layerName(spec),
      inputShape,
      outputShape,
      parameters,
      multiplyAdds: spec.kind === 'linear' && outputShape ? rowsIn * spec.in * spec.out : 0,
      parameterBytes: parameters * 4,
      activationBytes: outputShape ? product(outputShape) * 4 : 0,
      error: null,
      weights: null,
      values: null,
      dropout: null,
    };
  });
  // The engine's own total already exceeded the budget; a smaller budget than it said is not
  // possible, so the last Linear is where it breaks when rounding hides the exact block.
  if (breaking < 0) breaking = Math.max(0, specs.map((s) => s.kind).lastIndexOf('linear'));
  const refusal: BudgetRefusal = { block: breaking, budgetBytes, neededBytes: running };
  const error = refusalMessage(refusal);
  const blocks = rows.map((row, i) => (i === breaking ? { ...row, error } : row));
  const sum = (f: (b: BlockSnapshot) => number): number => blocks.reduce((a, b) => a + f(b), 0);
  return {
    refusal,
    snapshot: {
      ...snapshot,
      blocks,
      outputShape: null,
      error,
      failure: { block: breaking, message: error },
      totals: {
        ...snapshot.totals,
        parameters: sum((b) => b.parameters),
        parameterBytes: sum((b) => b.parameterBytes),
        activationBytes: sum((b) => b.activationBytes),
        multiplyAdds: sum((b) => b.multiplyAdds),
      },
    },
  };
}
