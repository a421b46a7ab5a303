// The engine owns every WASM handle. Each run syncs the C++ Sequential to the layer specs
// (reusing layers whose spec and seed did not change), runs the summary and, when asked, one
// traced forward pass, then copies everything the views need into a plain Snapshot.
//
// Determinism: a layer's weights depend only on (seed, position, spec), and dropout masks on
// (seed, network, input), so a shared link reproduces the same page bit for bit.
import type { LayerSpec } from '../vocabulary/layer-spec';
import { HandleScope } from './handles';
import { buildLayer, layerKey, mixSeed } from './layer-builder';
import { inputValues, type InputKind } from './input-data';
import type { Layer, LayerlabModule, Linear, Sequential, Tensor } from './layerlab';
import { type BlockSnapshot, type DropoutMask, type Failure, type LinearWeights, type Snapshot, type Totals, SMALL_LINEAR } from './snapshot';
import { type Built, DEFAULT_BUDGET_BYTES, appendUnbuiltRows, buildOutcome, formatBytesMiB, networkOutcome } from './summary/summary-rows';

export { DEFAULT_BUDGET_BYTES, formatBytesMiB };

export interface RunRequest {
  layers: readonly LayerSpec[];
  input: { batch: number; features: readonly number[]; data: InputKind; values?: readonly number[] };
  training: boolean;
  seed: number;
  /** false: shapes and counts only (for a first paint of a large network). */
  values: boolean;
}

export const HISTOGRAM_BINS = 40;

interface CachedLayer {
  key: string;
  layer: Layer;
  weights: LinearWeights | null;
}

export class Engine {
  private readonly net: Sequential;
  private cache: (CachedLayer | null)[] = [];
  private input: { key: string; tensor: Tensor; values: Float32Array } | null = null;
  /** The cache holds another owner's layers (runWith): run() must not take them for its own. */
  private adopted = false;
  private disposed = false;

  constructor(
    private readonly ll: LayerlabModule,
    private readonly budgetBytes = DEFAULT_BUDGET_BYTES,
  ) {
    this.net = new ll.Sequential();
  }

  /**
   * Runs the kernels a few times on a scratch network so V8 compiles them with its optimising
   * tier before the learner's first edit. Call it after the first paint (it takes a few ms);
   * it leaves the engine's own layers, input and results untouched.
   */
  warmUp(): void {
    const { ll } = this;
    const scope = new HandleScope();
    try {
      const net = scope.own(new ll.Sequential());
      const layers = [new ll.Linear(256, 128), new ll.ReLU(), new ll.Dropout(0.5), new ll.Linear(128, 10), new ll.Softmax()];
      for (const layer of scope.ownAll(layers)) net.add(layer);
      const x = scope.own(ll.Tensor.fromArray(inputValues('normal', [32, 256], 1), [32, 256]));
      for (let i = 0; i < 8; i++) {
        net.summary([32, 256]);
        for (const out of scope.ownAll(net.forwardTrace(x, true))) out.toArray();
        scope.own(net.forward(x, false));
      }
    } finally {
      scope.dispose();
    }
  }

  get module(): LayerlabModule {
    return this.ll;
  }

  /**
   * One run: build the C++ network (refusing it over the budget), summarise it, total it,
   * then compute values for the blocks that can run.
   */
  run(request: RunRequest): Snapshot {
    if (this.disposed) throw new Error('Engine: run after dispose');
    if (this.adopted) {
      // Trained layers sit under the keys of the seed's layers: build those afresh.
      this.clearCache();
      this.adopted = false;
    }
    return this.runCached(request);
  }

  /**
   * The same run over the layers of a network another owner built from the same specs and
   * seed and has changed since (the training worker's): the snapshot shows their current
   * weights, values and masks. The engine takes its own handles to them; the owner keeps its own.
   */
  runWith(request: RunRequest, owner: Sequential): Snapshot {
    if (this.disposed) throw new Error('Engine: run after dispose');
    if (owner.size() !== request.layers.length) throw new Error(`Engine: the owner's network has ${owner.size()} layers, the request ${request.layers.length}`);
    const next: CachedLayer[] = [];
    try {
      request.layers.forEach((spec, i) => {
        const layer = owner.at(i);
        next.push({ key: layerKey(spec, i, request.seed), layer, weights: null });
        if (spec.kind === 'linear') next[i]!.weights = this.weightsOf(layer as Linear);
      });
    } catch (error) {
      for (const c of next) c.layer.delete();
      throw error;
    }
    this.clearCache();
    this.cache = next;
    this.adopted = true;
    return this.runCached(request);
  }

  private runCached(request: RunRequest): Snapshot {
    const started = performance.now();
    const inputShape = [request.input.batch, ...request.input.features];
    const built = this.build(request);
    const blocks = this.summarise(request, inputShape, built);
    const outcome = networkOutcome(inputShape, blocks, built);
    const values = this.values(request, inputShape, blocks, outcome.totals, outcome.failure);
    return {
      inputShape,
      input: values.input,
      blocks,
      ...outcome,
      valuesComputed: values.forwardMs !== null,
      valuesSkipped: values.skipped,
      forwardMs: values.forwardMs,
      runMs: performance.now() - started,
      memory: this.memory(),
      kernel: this.ll.kernelName(),
      trainedSteps: null,
    };
  }

  /**
   * Syncs the layers and puts those that could be created into the C++ network. Refuses
   * networks over the budget before allocating their parameters.
   */
  private build(request: RunRequest): Built {
    const built = buildOutcome(request.layers, this.budgetBytes, () => this.syncLayers(request));
    this.useLayers(built.usable);
    return built;
  }

  /** The C++ summary of the usable layers, then a row for each layer that could not be built. */
  private summarise(request: RunRequest, inputShape: number[], built: Built): BlockSnapshot[] {
    const blocks: BlockSnapshot[] = this.net.summary(inputShape).map((row, i) => ({
      ...row,
      weights: this.cache[i]?.weights ?? null,
      values: null,
      dropout: null,
    }));
    appendUnbuiltRows(blocks, request.layers, inputShape, built);
    return blocks;
  }

  /**
   * Values for every block that can run: the whole network, or the blocks before the first
   * failure, so a learner fixing a mismatch still sees what flows into it.
   */
  private values(request: RunRequest, inputShape: number[], blocks: BlockSnapshot[], totals: Totals, failure: Failure | null): Computed {
    const runnable = failure ? failure.block : blocks.length;
    const none: Computed = { input: null, forwardMs: null, skipped: null };
    if (!request.values || (runnable === 0 && failure)) return none;
    const needed = totals.parameterBytes + totals.activationBytes + totals.inputBytes;
    if (needed > this.budgetBytes) {
      return { ...none, skipped: `this forward pass would need ${formatBytesMiB(needed)}, over the ${formatBytesMiB(this.budgetBytes)} budget` };
    }
    if (runnable < this.net.size()) this.useLayers(runnable);
    const input = this.inputFor(request, inputShape);
    return { input, forwardMs: this.forward(request, blocks), skipped: null };
  }

  /** Makes the C++ network hold the first `count` cached layers. */
  private useLayers(count: number): void {
    this.net.clear();
    for (let i = 0; i < count; i++) this.net.add(this.cache[i]!.layer);
  }

  memory(): { inUse: number; heap: number } {
    return { inUse: this.ll.memoryInUse(), heap: this.ll.heapSize() };
  }

  /** Frees every handle; the engine cannot run afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.clear();
    this.clearCache();
    this.input?.tensor.delete();
    this.input = null;
    this.net.delete();
  }

  private clearCache(): void {
    this.net.clear();
    for (const c of this.cache) c?.layer.delete();
    this.cache = [];
  }

  /** Makes cache[i] hold a layer for every spec; returns each position's construction error. */
  private syncLayers(request: RunRequest): (string | null)[] {
    const specs = request.layers;
    const errors: (string | null)[] = specs.map(() => null);
    const next: (CachedLayer | null)[] = [];
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]!;
      const key = layerKey(spec, i, request.seed);
      const old = this.cache[i];
      if (old && old.key === key) {
        next.push(old);
        this.cache[i] = null;
        continue;
      }
      try {
        next.push(this.create(spec, key, request.seed, i));
      } catch (e) {
        errors[i] = e instanceof Error ? e.message : String(e);
        next.push(null);
      }
    }
    for (const stale of this.cache) stale?.layer.delete();
    this.cache = next;
    return errors;
  }

  /** Builds layer `index` (layer-builder.ts, as the training worker does) and keeps a Linear's numbers for the views. */
  private create(spec: LayerSpec, key: string, seed: number, index: number): CachedLayer {
    const layer = buildLayer(this.ll, spec, seed, index);
    return { key, layer, weights: spec.kind === 'linear' ? this.weightsOf(layer as Linear) : null };
  }

  /**
   * What the views show of a Linear's weights, read from it now. The statistics come from C++
   * reading W in place (on the worker's cold first run, JavaScript loops over W cost tens of ms);
   * only a small layer's W is copied out, for the views' tables.
   */
  private weightsOf(layer: Linear): LinearWeights {
    const scope = new HandleScope();
    try {
      const { stats, histogram } = layer.weightStats(HISTOGRAM_BINS);
      // A bias Tensor is a fresh copy we own.
      const small = stats.count <= SMALL_LINEAR ? { weight: scope.own(layer.weight()).toArray(), bias: this.biasValues(layer, scope) } : null;
      return { stats, histogram, small };
    } finally {
      scope.dispose();
    }
  }

  private biasValues(layer: Linear, scope: HandleScope): Float32Array | null {
    const bias = layer.bias();
    return bias ? scope.own(bias).toArray() : null;
  }

  private inputFor(request: RunRequest, shape: number[]): Float32Array {
    const typed = request.input.data === 'typed' ? (request.input.values ?? []) : [];
    const key = `${shape.join('x')}:${request.input.data}:${request.seed}:${typed.join(',')}`;
    if (this.input?.key !== key) {
      this.input?.tensor.delete();
      this.input = null;
      const values = inputValues(request.input.data, shape, request.seed, typed);
      this.input = { key, tensor: this.ll.Tensor.fromArray(values, shape), values };
    }
    return this.input.values;
  }

  /** One traced forward pass; fills values and masks into the blocks. Returns its time. */
  private forward(request: RunRequest, blocks: BlockSnapshot[]): number {
    const scope = new HandleScope();
    try {
      this.ll.seed(mixSeed(request.seed, 0x5eed));
      const t0 = performance.now();
      const outputs = scope.ownAll(this.net.forwardTrace(this.input!.tensor, request.training));
      const forwardMs = performance.now() - t0;
      outputs.forEach((tensor, i) => {
        // The copy is for the heatmap; the statistics are C++'s, read in place.
        const { stats, histogram } = tensor.stats(HISTOGRAM_BINS);
        const block = blocks[i]!;
        block.values = { output: tensor.toArray(), outputStats: stats, outputHistogram: histogram };
        const spec = request.layers[i]!;
        if (spec.kind === 'dropout') block.dropout = this.maskOf(i, spec.p, request.training, scope);
      });
      return forwardMs;
    } finally {
      scope.dispose();
    }
  }

  private maskOf(index: number, p: number, training: boolean, scope: HandleScope): DropoutMask {
    const layer = scope.own(this.net.at(index)) as import('./layerlab').Dropout;
    const mask = scope.own(layer.lastMask()).toArray();
    let kept = 0;
    for (let i = 0; i < mask.length; i++) kept += mask[i]!;
    return { mask, keptFraction: mask.length ? kept / mask.length : 1, scale: layer.scale(), p, training };
  }
}

interface Computed {
  input: Float32Array | null;
  forwardMs: number | null;
  skipped: string | null;
}
