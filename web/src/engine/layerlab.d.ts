// Hand-written types for the raw Embind module (build/wasm/layerlab.mjs). The registrations
// are in cpp/bindings/embind.cpp; keep the two in step.
//
// Ownership: every object below is a handle to C++ memory and must be delete()d by whoever
// holds it. Every Tensor a method returns is a new copy the caller owns. A Sequential keeps the
// layers added to it alive, so a caller may delete its own handle right after add().
// Errors: a failing call throws a plain Error whose message is the C++ message; the module
// stays usable.

export interface Handle {
  delete(): void;
  isDeleted(): boolean;
}

export interface Tensor extends Handle {
  shape(): number[];
  size(): number;
  /** A Float32Array copy of the data, row-major; never a view into the WASM heap. */
  toArray(): Float32Array;
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
  forward(x: Tensor, training?: boolean): Tensor;
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
  bias(): Tensor | null;
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
}

export interface FactoryOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare const createLayerlab: (options?: FactoryOptions) => Promise<LayerlabModule>;
export default createLayerlab;
