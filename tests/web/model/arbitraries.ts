// Shared fast-check generators and helpers for the model tests.
import fc from 'fast-check';
import type { BlockSpec, InitScheme } from '../../../web/src/vocabulary/blocks.ts';
import { type NetworkModel, modelFromSpecs } from '../../../web/src/model/network/network.ts';

const size = fc.integer({ min: 1, max: 65_536 });
const init = fc.constantFrom<InitScheme>('lecun', 'xavier', 'he', 'zeros');

export const blockSpec: fc.Arbitrary<BlockSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('linear' as const),
    outFeatures: size,
    bias: fc.boolean(),
    init,
    inFeatures: fc.option(size, { nil: null }),
  }),
  fc.record({ kind: fc.constant('dropout' as const), p: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.1, 0.5, 1)) }),
  fc.constantFrom<BlockSpec>({ kind: 'relu' }, { kind: 'sigmoid' }, { kind: 'tanh' }, { kind: 'softmax' }, { kind: 'flatten' }),
);

export const networkModel: fc.Arbitrary<NetworkModel> = fc
  .record({
    specs: fc.array(blockSpec, { maxLength: 12 }),
    batch: fc.integer({ min: 1, max: 4_096 }),
    features: fc.array(size, { minLength: 1, maxLength: 4 }),
    data: fc.constantFrom('normal' as const, 'ones' as const, 'sample' as const),
    training: fc.boolean(),
    seed: fc.integer({ min: 0, max: 4_294_967_295 }),
    view: fc.record({ heatmaps: fc.boolean(), histograms: fc.boolean(), masks: fc.boolean() }),
  })
  .map((r) => modelFromSpecs(r.specs, { input: { batch: r.batch, features: r.features, data: r.data }, training: r.training, seed: r.seed, view: r.view }));

/** Freezes a value and everything in it, so any in-place edit throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A linked LeCun Linear with bias, with any option overridden: the tests' usual block. */
export const linear = (outFeatures: number, extra: Partial<Extract<BlockSpec, { kind: 'linear' }>> = {}): BlockSpec => ({
  kind: 'linear',
  outFeatures,
  bias: true,
  init: 'lecun',
  inFeatures: null,
  ...extra,
});
