// A trained model leaves the page as two files: model.py (export.ts's nn.Sequential plus the
// lines that load the weights) and model.npz (the state_dict, written by npz.ts).
//
// Keys follow PyTorch: toPyTorch writes one nn module per layer spec, so layer i's parameters
// are "i.weight" and "i.bias". layerlab keeps a Linear's W as (in, out) for y = xW + b;
// nn.Linear stores weight as (out, in) for y = x Wᵀ + b, hence the transpose.
import type { LinearValues } from '../../engine/weights.ts';
import { MODE_LINES, pytorchNetwork } from './export.ts';
import type { NetworkModel } from '../network/network.ts';
import { type NpyArray, npzBytes } from './npz.ts';

/** W (rows, cols) row-major -> Wᵀ (cols, rows) row-major. */
export function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  if (w.length !== rows * cols) throw new RangeError(`transpose: ${w.length} values do not fill (${rows}, ${cols})`);
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]!;
  }
  return out;
}

/** The state_dict entries PyTorch's nn.Sequential expects, in the order it lists them. */
export function stateDictArrays(linears: readonly LinearValues[]): NpyArray[] {
  const out: NpyArray[] = [];
  for (const l of [...linears].sort((a, b) => a.index - b.index)) {
    const where = `layer ${l.index} (Linear ${l.inFeatures}→${l.outFeatures})`;
    if (l.weight.length !== l.inFeatures * l.outFeatures) throw new RangeError(`${where}: weight has ${l.weight.length} values, expected ${l.inFeatures * l.outFeatures}`);
    if (l.bias && l.bias.length !== l.outFeatures) throw new RangeError(`${where}: bias has ${l.bias.length} values, expected ${l.outFeatures}`);
    out.push({ name: `${l.index}.weight`, shape: [l.outFeatures, l.inFeatures], data: transpose(l.weight, l.inFeatures, l.outFeatures) });
    if (l.bias) out.push({ name: `${l.index}.bias`, shape: [l.outFeatures], data: l.bias.slice() });
  }
  return out;
}

/** model.npz for `linears`. */
export function weightsNpz(linears: readonly LinearValues[]): Uint8Array {
  return npzBytes(stateDictArrays(linears));
}

export const WEIGHTS_FILE = 'model.npz';

/** Python that reads model.npz into `model` (PyTorch and NumPy installed), and leaves it ready to predict. */
export function loadWeightsSnippet(file = WEIGHTS_FILE): string {
  return [
    'import numpy as np',
    'import torch',
    '',
    `sd = {k: torch.from_numpy(v) for k, v in np.load(${JSON.stringify(file)}).items()}`,
    'model.load_state_dict(sd)',
    '',
    ...MODE_LINES,
  ].join('\n') + '\n';
}

/** model.py: export.ts's nn.Sequential, then the trained weights loaded over its initialisation, in evaluation mode. */
export function toPyTorchTrained(model: NetworkModel, file = WEIGHTS_FILE): string {
  return `${pytorchNetwork(model).join('\n')}\n\n# the trained weights (${file}, written by layerlab next to this file)\n${loadWeightsSnippet(file)}`;
}
