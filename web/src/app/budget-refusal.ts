// A network over the memory budget is refused by the engine before it allocates anything, so
// its snapshot has no rows worth showing. Shapes, parameter counts and memory are arithmetic,
// though: this fills them in from the model for every block however big (with the layer rules
// the TypeScript summary uses), and marks the block whose parameters take the running total
// over the budget, as the engine's refusal names it.
import { formatBytesMiB } from '../engine/engine.ts';
import type { BlockSnapshot, BudgetRefusal, Snapshot } from '../engine/snapshot.ts';
import { layerMultiplyAdds, layerName, layerParameters } from '../engine/summary/summary-ts-layers.ts';
import { floatBytes } from '../engine/summary/summary-ts-shape.ts';
import { type NetworkModel, layerSpecs, resolveShapesLite } from '../model/network/network.ts';

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
  const refusal = snapshot.refusal ?? null;
  if (refusal === null) return { snapshot, refusal: null };
  const shapes = resolveShapesLite(model).blocks;
  let shapeKnown = true;
  const rows = layerSpecs(model).map((spec, index): BlockSnapshot => {
    const parameters = layerParameters(spec);
    const lite = shapes[index];
    // A hand-set in-features mismatch: from there on the shapes are unknown, as in a shape error.
    const inputShape = shapeKnown ? (lite?.input ?? null) : null;
    if (lite?.mismatch) shapeKnown = false;
    const outputShape = shapeKnown ? (lite?.output ?? null) : null;
    return {
      index,
      name: layerName(spec),
      inputShape,
      outputShape,
      parameters,
      multiplyAdds: inputShape && outputShape ? layerMultiplyAdds(spec, inputShape) : 0,
      parameterBytes: parameters * 4,
      activationBytes: outputShape ? floatBytes(outputShape) : 0,
      error: null,
      weights: null,
      values: null,
      dropout: null,
    };
  });
  const error = refusalMessage(refusal);
  const blocks = rows.map((row, i) => (i === refusal.block ? { ...row, error } : row));
  const sum = (f: (b: BlockSnapshot) => number): number => blocks.reduce((a, b) => a + f(b), 0);
  return {
    refusal,
    snapshot: {
      ...snapshot,
      blocks,
      outputShape: null,
      error,
      failure: { block: refusal.block, message: error },
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
