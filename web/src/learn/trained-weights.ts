// The training worker hands its parameters over as a flat list, weight then bias per Linear
// in network order (Trainer.parameters); export wants them per layer with its position, as
// engine/weights.ts's LinearValues. This pairs them up with the specs they were built
// from and names the layer whose numbers do not fit.
import type { LinearValues } from '../engine/weights.ts';
import type { LayerSpec } from '../vocabulary/layer-spec.ts';

export function linearValuesFromParameters(specs: readonly LayerSpec[], params: readonly Float32Array[]): LinearValues[] {
  const out: LinearValues[] = [];
  let k = 0;
  specs.forEach((spec, index) => {
    if (spec.kind !== 'linear') return;
    const where = `layer ${index} Linear(${spec.in}, ${spec.out})`;
    const weight = params[k++];
    if (!weight || weight.length !== spec.in * spec.out) throw new RangeError(`export: ${where} expects ${spec.in * spec.out} weights, the training run has ${weight?.length ?? 'none'}`);
    let bias: Float32Array | null = null;
    if (spec.bias) {
      bias = params[k++] ?? null;
      if (!bias || bias.length !== spec.out) throw new RangeError(`export: ${where} expects ${spec.out} biases, the training run has ${bias?.length ?? 'none'}`);
    }
    out.push({ index, inFeatures: spec.in, outFeatures: spec.out, weight, bias });
  });
  if (k !== params.length) throw new RangeError(`export: the training run has ${params.length} parameter arrays, the network ${k}`);
  return out;
}
