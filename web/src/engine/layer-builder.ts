// The one place a block spec becomes a C++ layer: the page's engine, the training worker and
// the depth lab all build through here, so "the same seed gives the same weights" holds
// between them by construction, not by three switches kept in step.
import { type InitScheme, type OptionlessKind, isOptionless, unhandledKind } from '../vocabulary/blocks.ts';
import type { LayerSpec } from '../vocabulary/layer-spec.ts';
import type { Layer, LayerlabModule } from './layerlab';

/** A 32-bit mix of numbers (FNV-1a over their 32-bit words), for per-layer seeds. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    for (const word of [p >>> 0, Math.floor(p / 2 ** 32) >>> 0]) {
      h = Math.imul(h ^ word, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** The C++ layer behind each block without options; the mapped type makes the table complete. */
const OPTIONLESS_LAYERS: { readonly [K in OptionlessKind]: (ll: LayerlabModule) => Layer } = {
  relu: (ll) => new ll.ReLU(),
  sigmoid: (ll) => new ll.Sigmoid(),
  tanh: (ll) => new ll.Tanh(),
  softmax: (ll) => new ll.Softmax(),
  flatten: (ll) => new ll.Flatten(),
};

/**
 * What a network's weights depend on, as one string: its layers, its input features (a
 * Flatten's width follows them) and the seed, not the batch size or training mode. Two
 * networks with the same key start from the same weights.
 */
export function networkKey(layers: readonly LayerSpec[], features: readonly number[], seed: number): string {
  return JSON.stringify([layers, features, seed]);
}

/**
 * What layer `index`'s initial weights stand for: a Linear's depend on its spec, position and
 * the seed; other layers' on their spec alone. Equal keys, equal layers.
 */
export function layerKey(spec: LayerSpec, index: number, seed: number): string {
  return spec.kind === 'linear' ? `${specKey(spec)}@${index}:${seed}` : specKey(spec);
}

function specKey(spec: LayerSpec): string {
  if (isOptionless(spec)) return spec.kind;
  switch (spec.kind) {
    case 'linear':
      return `linear:${spec.in}:${spec.out}:${spec.bias ? 1 : 0}:${spec.init}`;
    case 'dropout':
      return `dropout:${spec.p}`;
    default:
      return unhandledKind(spec);
  }
}

export interface BuildOptions {
  /** Another init scheme than the spec's (the depth lab compares them on one network). */
  init?: InitScheme;
}

/**
 * Layer `index` of a network seeded with `seed`: a Linear draws its weights right after the
 * module's RNG is seeded with mixSeed(seed, index), so its values depend only on (seed,
 * position, spec). The caller owns the returned handle.
 */
export function buildLayer(ll: LayerlabModule, spec: LayerSpec, seed: number, index: number, options: BuildOptions = {}): Layer {
  if (isOptionless(spec)) return OPTIONLESS_LAYERS[spec.kind](ll);
  switch (spec.kind) {
    case 'linear':
      ll.seed(mixSeed(seed, index));
      return new ll.Linear(spec.in, spec.out, spec.bias, options.init ?? spec.init);
    case 'dropout':
      return new ll.Dropout(spec.p);
    default:
      return unhandledKind(spec);
  }
}
