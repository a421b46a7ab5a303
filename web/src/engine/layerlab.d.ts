// Hand-written types for the raw Embind module (build/wasm/layerlab.mjs). The registrations
// are in cpp/bindings/embind.cpp; keep the two in step.
//
// Ownership: every object below is a handle to C++ memory and must be delete()d by whoever
// holds it. Every Tensor a method returns is a new copy the caller owns. A Sequential keeps the
// layers added to it alive, so a caller may delete its own handle right after add().
// Errors: a failing call throws a plain Error whose message is the C++ message; the module
// stays usable.

import type { Histogram, ValueStats } from './stats';

export interface Handle {
  delete(): void;
  isDeleted(): boolean;
}

export interface Tensor extends Handle {
  shape(): number[];
  size(): number;
  /** A Float32Array copy of the data, row-major; never a view into the WASM heap. */
  toArray(): Float32Array;
  /** Statistics and a histogram of `bins` (1 to 65536) bins, read in place; as valueStats + histogram in stats.ts, bit for bit. */
  stats(bins: number): ValueSummary;
}

/** What Tensor.stats and Linear.weightStats return: a plain object, no handle. */
export interface ValueSummary {
  stats: ValueStats;
  histogram: Histogram;
}

export interface TensorStatic {
  fromArray(data: Float32Array | ArrayLike<number>, shape: number[]): Tensor;
}

export interface SummaryRow {
  index: number;
  name: string;
  inputShape: number[] | null;
  outputShape: number[] | null;
  parameters: number;
  multiplyAdds: number;
  parameterBytes: number;
  activationBytes: number;
  error: string | null;
}

export interface Layer extends Handle {
  name(): string;
  /** training: Dropout active, and what backward() needs is kept. */
  forward(x: Tensor, training?: boolean): Tensor;
  /**
   * dL/dx (a new Tensor the caller deletes) for dL/dy of the last training forward; parameter
   * gradients accumulate until zeroGrad(). Throws if the last forward was not in training mode
   * or dy's shape is not that forward's output shape.
   */
  backward(dy: Tensor): Tensor;
  zeroGrad(): void;
  outputShape(inputShape: number[]): number[];
  parameterCount(): number;
  parameters(): Tensor[];
}

export type InitScheme = 'lecun' | 'xavier' | 'he' | 'zeros';

export interface Linear extends Layer {
  inFeatures(): number;
  outFeatures(): number;
  hasBias(): boolean;
  init(): InitScheme;
  weight(): Tensor;
  /** Tensor.stats of W without copying it. */
  weightStats(bins: number): ValueSummary;
  bias(): Tensor | null;
  /** Gradients accumulated since zeroGrad(), as copies: (in, out) and (out,). */
  weightGrad(): Tensor;
  biasGrad(): Tensor | null;
  setWeight(w: Tensor): void;
  setBias(b: Tensor): void;
  resetParameters(init?: InitScheme): void;
  forwardReference(x: Tensor, relu?: boolean): Tensor;
  forwardRelu(x: Tensor): Tensor;
}

export interface Dropout extends Layer {
  p(): number;
  setP(p: number): void;
  scale(): number;
  lastMask(): Tensor;
}

export interface Sequential extends Layer {
  add(layer: Layer): void;
  insert(index: number, layer: Layer): void;
  remove(index: number): void;
  move(from: number, to: number): void;
  at(index: number): Layer;
  clear(): void;
  size(): number;
  summary(inputShape: number[]): SummaryRow[];
  forwardTrace(x: Tensor, training?: boolean): Tensor[];
  /** One training-mode forward + backward of `loss`, per block; parameters unchanged. */
  depthStats(x: Tensor, loss: Loss, target: Tensor): BlockStats[];
}

export interface BlockStats {
  outputMean: number;
  outputStd: number;
  /** Standard deviation of dL/d(block output). */
  gradStd: number;
  /** Tanh and Sigmoid blocks: the fraction of outputs on the flat part (|tanh| > 0.9; sigmoid < 0.05 or > 0.95); null for other blocks. */
  saturated: number | null;
  /** The largest gap between two units' outputs on one example; 0: every unit computes the same value. */
  unitRange: number;
}

/** Losses reduce by the mean like PyTorch's defaults (CrossEntropy over the batch, the others over every element). */
export interface Loss extends Handle {
  name(): string;
  /** The mean loss; validates shapes and targets (class indices as floats for CrossEntropyLoss). */
  forward(input: Tensor, target: Tensor): number;
  /** dL/dinput of the last forward, a new Tensor the caller deletes. */
  backward(): Tensor;
  /** Correct predictions of the last forward; null for MSELoss. */
  correct(): number | null;
  predictions(): number;
}

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

export interface Optimizer extends Handle {
  name(): string;
  /** Throws, changing nothing, on non-finite gradients or a network edited since construction. */
  step(): void;
  zeroGrad(): void;
  steps(): number;
  lr(): number;
  setLr(lr: number): void;
}

export interface StepResult {
  loss: number;
  /** null for MSELoss. */
  correct: number | null;
  predictions: number;
}

export interface LayerlabModule {
  seed(seed: number): void;
  memoryInUse(): number;
  heapSize(): number;
  kernelName(): string;
  maxTensorBytes(): number;
  Tensor: TensorStatic;
  Linear: new (inFeatures: number, outFeatures: number, bias?: boolean, init?: InitScheme) => Linear;
  ReLU: new () => Layer;
  Sigmoid: new () => Layer;
  Tanh: new () => Layer;
  Softmax: new () => Layer;
  Flatten: new () => Layer;
  Dropout: new (p?: number) => Dropout;
  Sequential: new () => Sequential;
  CrossEntropyLoss: new () => Loss;
  MSELoss: new () => Loss;
  BCEWithLogitsLoss: new () => Loss;
  SGD: new (net: Layer, options?: SGDOptions) => Optimizer;
  Adam: new (net: Layer, options?: AdamOptions) => Optimizer;
  /** Adam with decoupled weight decay; weightDecay defaults to 0.01 as in PyTorch. */
  AdamW: new (net: Layer, options?: AdamOptions) => Optimizer;
  /** zeroGrad, forward in training mode, loss, backward, step: allocation-free once warm. */
  trainStep(net: Layer, loss: Loss, optimizer: Optimizer, x: Tensor, target: Tensor): StepResult;
  /** Loss and correct count in evaluation mode (Dropout off), no gradients. */
  evaluate(net: Layer, loss: Loss, x: Tensor, target: Tensor): StepResult;
  /** What the module registered (every call is wrapped by errors.js from this list). */
  boundNames(): { classes: string[]; functions: string[] };
}

export interface FactoryOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare const createLayerlab: (options?: FactoryOptions) => Promise<LayerlabModule>;
export default createLayerlab;
