import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET_BYTES, Engine, type RunRequest } from '../../../web/src/engine/engine';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { loadLayerlabNode } from '../../../web/src/engine/load-node';
import { formatG } from '../../../web/src/engine/summary/printf-g';
import type { Snapshot } from '../../../web/src/engine/snapshot';
import { summarizeInTs } from '../../../web/src/engine/summary/summary-ts';
import type { InitScheme } from '../../../web/src/vocabulary/blocks';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';

const linear = (inF: number, out: number, bias = true): LayerSpec => ({ kind: 'linear', in: inF, out, bias, init: 'lecun' });
const request = (layers: LayerSpec[], batch = 32, features: number[] = [784]): RunRequest => ({
  layers,
  input: { batch, features, data: 'normal' },
  training: false,
  seed: 1,
  values: false,
});

/** The snapshot fields summarizeInTs promises to share with Engine.run(values: false). */
function contract(s: Snapshot) {
  return {
    inputShape: s.inputShape,
    input: s.input,
    outputShape: s.outputShape,
    // The engine also hands each Linear's weights; the TypeScript summary has none to hand.
    blocks: s.blocks.map(({ weights: _weights, ...row }) => row),
    totals: s.totals,
    error: s.error,
    failure: s.failure,
    valuesComputed: s.valuesComputed,
    valuesSkipped: s.valuesSkipped,
    forwardMs: s.forwardMs,
    trainedSteps: s.trainedSteps,
  };
}

type Outcome = { threw: string } | { snapshot: ReturnType<typeof contract> };

function outcome(run: () => Snapshot, check?: (s: Snapshot) => void): Outcome {
  let snapshot: Snapshot;
  try {
    snapshot = run();
  } catch (error) {
    return { threw: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
  check?.(snapshot);
  return { snapshot: contract(snapshot) };
}

/** What only the TypeScript summary gives: no weights, placeholders for the worker's fields, its own time. */
function expectPlaceholders(s: Snapshot): void {
  expect(s.blocks.filter((b) => b.weights !== null)).toEqual([]);
  expect([s.memory, s.kernel]).toEqual([{ inUse: 0, heap: 0 }, '']);
  expect(s.runMs).toBeGreaterThanOrEqual(0);
}

describe('summarizeInTs', () => {
  let ll: LayerlabModule;
  const engines = new Map<number, Engine>();
  const engineFor = (budget: number): Engine => {
    let engine = engines.get(budget);
    if (!engine) engines.set(budget, (engine = new Engine(ll, budget)));
    return engine;
  };
  beforeAll(async () => {
    ll = await loadLayerlabNode();
  });
  afterAll(() => {
    for (const engine of engines.values()) engine.dispose();
  });

  /** Asserts parity with the engine and returns the TypeScript snapshot. */
  function summarised(req: RunRequest, budget = DEFAULT_BUDGET_BYTES): Snapshot {
    expect(outcome(() => summarizeInTs(req, budget), expectPlaceholders)).toStrictEqual(outcome(() => engineFor(budget).run(req)));
    return summarizeInTs(req, budget);
  }

  it('gives the MNIST MLP 32x784 -> 256 -> 128 -> 10 its shapes and counts', () => {
    const s = summarised(request([linear(784, 256), { kind: 'relu' }, linear(256, 128), { kind: 'relu' }, linear(128, 10)]));
    expect(s.blocks.map((b) => b.name)).toEqual(['Linear(784, 256)', 'ReLU()', 'Linear(256, 128)', 'ReLU()', 'Linear(128, 10)']);
    expect(s.blocks.map((b) => b.outputShape)).toEqual([[32, 256], [32, 256], [32, 128], [32, 128], [32, 10]]);
    expect(s.blocks.map((b) => b.parameters)).toEqual([200_960, 0, 32_896, 0, 1_290]);
    expect(s.blocks.map((b) => b.multiplyAdds)).toEqual([6_422_528, 0, 1_048_576, 0, 40_960]);
    expect(s.totals).toEqual({ parameters: 235_146, parameterBytes: 940_584, activationBytes: 99_584, inputBytes: 100_352, multiplyAdds: 7_512_064 });
    expect(s.outputShape).toEqual([32, 10]);
    expect([s.error, s.failure, s.valuesComputed]).toEqual([null, null, false]);
  });

  it("names a mismatched Linear's expectation and both shapes, and marks the layers after it", () => {
    const s = summarised(request([linear(784, 256), { kind: 'relu' }, linear(128, 10, false), { kind: 'softmax' }]));
    expect(s.error).toBe('layer 2 Linear(128, 10, bias=False) expects last dimension 128 but got (32, 256)');
    expect(s.failure).toEqual({ block: 2, message: 'Linear(128, 10, bias=False) expects last dimension 128 but got (32, 256)' });
    expect(s.blocks[3]).toMatchObject({ name: 'Softmax(dim=-1)', inputShape: null, error: 'not computable: an earlier layer failed' });
  });

  it('refuses Dropout(p=1.5) and NaN when creating them, and names a valid one as printf does', () => {
    expect(summarised(request([{ kind: 'dropout', p: 1.5 }])).error).toBe('layer 0 could not be created: Dropout: p must be in [0, 1] but got 1.5');
    expect(summarised(request([{ kind: 'dropout', p: NaN }])).error).toBe('layer 0 could not be created: Dropout: p must be in [0, 1] but got NaN');
    expect(summarised(request([{ kind: 'dropout', p: 0.5 }])).blocks[0]!.name).toBe('Dropout(p=0.5)');
  });

  it('refuses Flatten on a rank-1 input, shown as a one-element tuple', () => {
    const s = summarised(request([{ kind: 'flatten' }, { kind: 'relu' }], 8, []));
    expect(s.error).toBe('layer 0 Flatten() expects at least 2 dimensions (batch, features...) but got (8,)');
  });

  it('refuses parameters over the budget on the first row, without a position', () => {
    const s = summarised(request([linear(784, 512), linear(512, 10)]), 2 ** 20);
    expect(s.blocks.map((b) => [b.name, b.error])).toEqual([
      ['linear', 'the parameters would need 1.6 MiB, over the 1.0 MiB budget'],
      ['linear', 'not computable: an earlier layer failed'],
    ]);
  });

  it('throws what the binding throws for an input shape the module refuses', () => {
    const refused = (features: number[]): Outcome => {
      const req = request([{ kind: 'relu' }], 8, features);
      const fromTs = outcome(() => summarizeInTs(req));
      expect(fromTs).toStrictEqual(outcome(() => engineFor(DEFAULT_BUDGET_BYTES).run(req)));
      return fromTs;
    };
    expect(refused([1, 2, 3, 4])).toEqual({ threw: 'Error: summary: input shape must have 1 to 4 dimensions but got 5' });
    expect(refused([2 ** 30])).toEqual({ threw: 'Error: summary: input of shape (8, 1073741824) would need 34359738368 bytes, over the 2 GiB limit per tensor' });
    // Beyond WebAssembly's 32-bit size_t: refused by name, never wrapped (2^32 + 3 used to become 3).
    expect(refused([2 ** 32 + 3])).toEqual({ threw: 'Error: summary: input shape dimension 1 must be at most 4294967295 but got 4294967299' });
  });

  it("refuses a Linear whose size WebAssembly's size_t cannot hold, instead of wrapping it", () => {
    const s = summarised(request([linear(2 ** 32, 1)], 8, [4]), 2 ** 70); // past the budget check
    expect(s.blocks[0]!.error).toBe('layer 0 could not be created: Linear: in_features must be at most 4294967295 but got 4294967296');
  });

  it('matches Engine.run(values: false) field for field on random networks, reaching every error path', () => {
    const paths = new Map<string, number>();
    fc.assert(
      fc.property(runArbitrary, ({ req, budget }) => {
        const fromTs = outcome(() => summarizeInTs(req, budget), expectPlaceholders);
        const fromEngine = outcome(() => engineFor(budget).run(req));
        expect(fromTs).toStrictEqual(fromEngine);
        for (const path of pathsOf(fromEngine, req)) paths.set(path, (paths.get(path) ?? 0) + 1);
      }),
      { numRuns: 2_500, seed: 20_261_203 },
    );
    const missed = PATHS.filter((path) => (paths.get(path) ?? 0) < 5);
    expect(missed, `reached: ${JSON.stringify(Object.fromEntries(paths))}`).toEqual([]);
  });
});

describe('formatG (printf %g)', () => {
  it('spells doubles as the C library does, ties rounding to even', () => {
    const cases: [number, string][] = [
      [0.5, '0.5'], [-0, '-0'], [1, '1'], [0.1, '0.1'], [1 / 3, '0.333333'], [1e-5, '1e-05'], [0.0001, '0.0001'],
      [123456, '123456'], [1234567, '1.23457e+06'], [1234565, '1.23456e+06'], [2 ** -9, '0.00195312'], [1e21, '1e+21'],
      [Infinity, 'inf'], [-Infinity, '-inf'], [5e-324, '4.94066e-324'],
    ];
    expect(cases.map(([x]) => formatG(x))).toEqual(cases.map(([, text]) => text));
    expect(formatG(-1e20, 15)).toBe('-1e+20');
    expect(formatG(2 ** 53, 15)).toBe('9.00719925474099e+15');
  });
});

// --- random requests --------------------------------------------------------------------------

/** Every way a summary can end; the property test must reach each a few times. */
const PATHS = [
  'ok', 'input rank', 'input not whole', 'input negative', 'input too large', 'input over 2 GiB', 'input empty span',
  'budget', 'linear argument', 'linear over 2 GiB', 'dropout p', 'dropout NaN', 'linear mismatch', 'flatten rank',
  'output over 2 GiB', 'output empty span', 'not computable', 'input over 32 bits', 'linear over 32 bits',
] as const;

const MATCHERS: [RegExp, (typeof PATHS)[number]][] = [
  [/must have 1 to 4 dimensions/, 'input rank'],
  [/dimension \d+ must be a whole number/, 'input not whole'],
  [/dimension \d+ must be at least 0/, 'input negative'],
  [/dimension \d+ is too large/, 'input too large'],
  [/^Error: summary: input of shape .* would need/, 'input over 2 GiB'],
  [/^Error: summary: input of shape .* is empty but/, 'input empty span'],
  [/dimension \d+ must be at most 4294967295 but got/, 'input over 32 bits'],
  [/could not be created: Linear: (in|out)_features must be at most 4294967295 but got/, 'linear over 32 bits'],
  [/^the parameters would need/, 'budget'],
  [/could not be created: Linear: (in|out)_features (must be a|must be at least|is too large)/, 'linear argument'],
  [/could not be created: Linear\(.*bytes of parameters/, 'linear over 2 GiB'],
  [/could not be created: Dropout: p .* got (?!NaN)/, 'dropout p'],
  [/could not be created: Dropout: p .* got NaN/, 'dropout NaN'],
  [/expects last dimension/, 'linear mismatch'],
  [/Flatten\(\) expects/, 'flatten rank'],
  [/ output of shape .* would need/, 'output over 2 GiB'],
  [/ output of shape .* is empty but/, 'output empty span'],
  [/^not computable/, 'not computable'],
];

function pathsOf(result: Outcome, req: RunRequest): string[] {
  const texts = 'threw' in result ? [result.threw] : result.snapshot.blocks.map((b) => b.error).filter((e) => e !== null);
  const found = new Set(texts.flatMap((text) => MATCHERS.filter(([pattern]) => pattern.test(text)).map(([, path]) => path)));
  if ('snapshot' in result) {
    if (result.snapshot.error === null) found.add('ok');
  }
  return [...found];
}

const WILD_SIZES = [0, -0, -1, -7, 2.5, NaN, Infinity, -Infinity, 1e20, 2 ** 31, 3e9, 2 ** 32, 2 ** 32 + 3, 2 ** 53 - 1, 2 ** 53];
const size = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.constantFrom(...WILD_SIZES) });
/** Out features: sometimes wide, so outputs outgrow the 2 GiB limit per tensor. */
const outSize = fc.oneof({ weight: 3, arbitrary: size }, { weight: 1, arbitrary: fc.constantFrom(1024, 8192) });

const dimension = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(16, 784, 2 ** 20, 2 ** 28, 2 ** 29) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 30, 2 ** 32, 2 ** 32 + 3, 2 ** 53 - 1, 2 ** 53, -1, 2.5, NaN, 1e20) },
);
const batch = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 64 }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(0, 2 ** 20, 2 ** 28, 2 ** 32 + 2, 2 ** 53, -1, 1.5) },
);

const probability = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -0, 0.5, 0.1, 2 ** -9, 1 / 3, 1e-300, 5e-324, 0.123456789) },
  // Dyadic values print exactly, so they hit printf's round-half-to-even ties.
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 1024 }), fc.integer({ min: 0, max: 30 })).map(([k, m]) => k / 2 ** m) },
  { weight: 2, arbitrary: fc.constantFrom(NaN, 1.5, -0.1, Infinity, -Infinity, 1234565, 1e21, -1e-7) },
  { weight: 1, arbitrary: fc.double() },
);

/** A layer before linking: a Linear may take the running last dimension ('same'), or it plus 2^32 (beyond WASM's size_t). */
type Draft = LayerSpec | { kind: 'linear'; link: 'same' | 'over32'; out: number; bias: boolean; init: InitScheme };

const init = fc.constantFrom<InitScheme>('lecun', 'xavier', 'he', 'zeros');
const draft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('linear' as const), link: fc.constantFrom('same' as const, 'same' as const, 'same' as const, 'over32' as const), out: outSize, bias: fc.boolean(), init }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('linear' as const), in: size, out: outSize, bias: fc.boolean(), init }) },
  { weight: 3, arbitrary: fc.constantFrom<LayerSpec>({ kind: 'relu' }, { kind: 'sigmoid' }, { kind: 'tanh' }, { kind: 'softmax' }, { kind: 'flatten' }) },
  { weight: 2, arbitrary: probability.map((p): LayerSpec => ({ kind: 'dropout', p })) },
);

/**
 * Fills in linked Linears' in features, following the shape the way the network would. A link
 * that would make the module allocate over 4 MiB of weights is dropped (in 3 instead): such
 * layers prove nothing more than small ones and would make the test slow and heavy.
 */
function linked(drafts: readonly Draft[], input: readonly number[]): LayerSpec[] {
  let shape = [...input];
  return drafts.map((d): LayerSpec => {
    if (d.kind === 'flatten') shape = [shape[0]!, shape.slice(1).reduce((a, b) => a * b, 1)];
    if (d.kind !== 'linear') return d;
    const last = shape[shape.length - 1]!;
    shape = [...shape.slice(0, -1), d.out];
    if (!('link' in d)) return d;
    const weights = last * d.out;
    const inF = weights > 2 ** 20 && weights <= 2 ** 29 ? 3 : last;
    return { kind: 'linear', in: d.link === 'same' ? inF : inF + 2 ** 32, out: d.out, bias: d.bias, init: d.init };
  });
}

const BUDGETS = [DEFAULT_BUDGET_BYTES, 0, 64, 4096, 2 ** 20, 2 ** 70];

const runArbitrary = fc
  .record({
    batch,
    // Rank 5 inputs (four features) are refused at once: rarely.
    features: fc.oneof(
      { weight: 8, arbitrary: fc.array(dimension, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(dimension, { minLength: 4, maxLength: 4 }) },
      // Many rows of few features: a wide Linear's output outgrows 2 GiB (or its span, when empty).
      { weight: 2, arbitrary: fc.constantFrom([2 ** 20, 3], [2 ** 16, 8], [2 ** 27, 1], [4096, 64, 2]) },
    ),
    drafts: fc.array(draft, { maxLength: 12 }),
    budget: fc.oneof({ weight: 3, arbitrary: fc.constant(DEFAULT_BUDGET_BYTES) }, { weight: 2, arbitrary: fc.constantFrom(...BUDGETS) }, { weight: 2, arbitrary: fc.constant(2 ** 70) }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    training: fc.boolean(),
  })
  .map(({ batch, features, drafts, budget, seed, training }) => ({
    budget,
    req: {
      layers: linked(drafts, [batch, ...features]),
      input: { batch, features, data: 'normal' as const },
      training,
      seed,
      values: false,
    } satisfies RunRequest,
  }));
