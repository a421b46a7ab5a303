// The native reference tool's output (tests/cpp/tools/reference_outputs.cpp, built by
// `npm run build:native`) and the layer descriptions it uses, shared by the parity tests.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InitScheme, Layer, LayerlabModule } from '../../../web/src/engine/layerlab';

export const REFERENCE_TOOL = fileURLToPath(
  new URL('../../../build/native/layerlab_reference_outputs', import.meta.url),
);

export interface LayerDesc { kind: string; in: number; out: number; bias: boolean; init: InitScheme; p: number }

export interface ForwardCase {
  name: string; initSeed: number; forwardSeed: number; training: boolean; inputShape: number[];
  layers: LayerDesc[]; input: number[]; parameters: number[][]; masks: number[][]; outputs: number[][];
}

export interface TrainCase {
  name: string; optimizer: 'sgd' | 'adam'; seed: number; batch: number; layers: LayerDesc[];
  x: number[]; t: number[]; losses: number[]; parameters: number[][];
}

export interface ReferenceOutputs { cases: ForwardCase[]; training: TrainCase[] }

/** The tool's JSON, or null when it has not been built. */
export function referenceOutputs(): ReferenceOutputs | null {
  if (!existsSync(REFERENCE_TOOL)) return null;
  return JSON.parse(execFileSync(REFERENCE_TOOL, { encoding: 'utf8', maxBuffer: 64 << 20 })) as ReferenceOutputs;
}

export function makeLayer(ll: LayerlabModule, d: LayerDesc): Layer {
  switch (d.kind) {
    case 'linear': return new ll.Linear(d.in, d.out, d.bias, d.init);
    case 'relu': return new ll.ReLU();
    case 'sigmoid': return new ll.Sigmoid();
    case 'tanh': return new ll.Tanh();
    case 'softmax': return new ll.Softmax();
    case 'flatten': return new ll.Flatten();
    default: return new ll.Dropout(d.p);
  }
}
