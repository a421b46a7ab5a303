// A network's shapes, counts and errors computed in TypeScript, without WASM: the main thread
// paints them at once while the worker that owns the network loads the module. The C++ core
// stays the source of truth; this copies its rules (Sequential::summary and Layer::output_shape
// here, the shapes and layers beside it) and shares the engine's own rules (summary-rows.ts),
// and a property test holds the result to Engine.run field for field.
import type { RunRequest } from '../engine';
import type { BlockSnapshot, Snapshot } from '../snapshot';
import { DEFAULT_BUDGET_BYTES, appendUnbuiltRows, buildOutcome, networkOutcome, position } from './summary-rows';
import { type LayerRules, layerRules } from './summary-ts-layers';
import { type Shape, bindingInputShape, floatBytes, shapeProblem } from './summary-ts-shape';

/**
 * What `new Engine(ll, budgetBytes).run({ ...request, values: false })` returns, without WASM:
 * the same inputShape, outputShape, blocks, totals, error and failure, and the same Error
 * (same message) where the engine throws one (an input shape the module refuses).
 *
 * Not the engine's: `runMs` is this function's own time, and `memory` ({ inUse: 0, heap: 0 })
 * and `kernel` ('') are placeholders the caller fills from the worker's snapshot, since only
 * the module knows them.
 */
export function summarizeInTs(request: RunRequest, budgetBytes = DEFAULT_BUDGET_BYTES): Snapshot {
  const started = performance.now();
  const inputShape = [request.input.batch, ...request.input.features];
  let layers: (LayerRules | string)[] = [];
  const built = buildOutcome(request.layers, budgetBytes, () => {
    layers = request.layers.map(layerRules);
    return layers.map((layer) => (typeof layer === 'string' ? layer : null));
  });
  const usable = layers.slice(0, built.usable).filter((layer): layer is LayerRules => typeof layer !== 'string');
  const blocks = sequentialSummary(usable, bindingInputShape(inputShape));
  appendUnbuiltRows(blocks, request.layers, inputShape, built);
  return {
    inputShape,
    input: null,
    blocks,
    ...networkOutcome(inputShape, blocks, built),
    valuesComputed: false,
    valuesSkipped: null,
    forwardMs: null,
    runMs: performance.now() - started,
    memory: { inUse: 0, heap: 0 },
    kernel: '',
    trainedSteps: null,
  };
}

/**
 * Sequential::summary: one row per layer, the first failing one carries the message and later
 * ones are not computable. (Its own check of the input never fails here: the binding ran the
 * same check_shape first and threw.)
 */
function sequentialSummary(layers: readonly LayerRules[], input: Shape): BlockSnapshot[] {
  let shape: Shape | null = input;
  return layers.map((layer, index) => {
    const row: BlockSnapshot = {
      index,
      name: layer.name,
      inputShape: shape ? [...shape] : null,
      outputShape: null,
      parameters: layer.parameters,
      multiplyAdds: 0,
      parameterBytes: layer.parameters * 4,
      activationBytes: 0,
      error: null,
      weights: null,
      values: null,
      dropout: null,
    };
    if (!shape) {
      row.error = 'not computable: an earlier layer failed';
    } else {
      const out = outputShape(layer, shape);
      if (typeof out === 'string') {
        row.error = position(index) + out;
      } else {
        row.multiplyAdds = layer.multiplyAdds(shape);
        row.activationBytes = floatBytes(out);
        row.outputShape = [...out];
      }
    }
    shape = row.outputShape;
    return row;
  });
}

/** Layer::output_shape: the input's limits, the layer's rule, then the output's limits. */
function outputShape(layer: LayerRules, input: Shape): Shape | string {
  const inputProblem = shapeProblem(input);
  if (inputProblem) return `${layer.name} input${inputProblem}`;
  const out = layer.inferShape(input);
  if (typeof out === 'string') return out;
  const outputProblem = shapeProblem(out);
  return outputProblem ? `${layer.name} output${outputProblem}` : out;
}
