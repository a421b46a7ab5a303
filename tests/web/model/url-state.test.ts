import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockSpec } from '../../../web/src/vocabulary/blocks.ts';
import { type NetworkModel, createModel, modelFromSpecs, stripIds } from '../../../web/src/model/network/network.ts';
import { PRESETS } from '../../../web/src/model/network/presets.ts';
import { MAX_HASH_LENGTH, decodeUrlState, encodeUrlState } from '../../../web/src/model/link/url-state.ts';
import { linear, networkModel } from './arbitraries.ts';

function roundTrip(model: NetworkModel): NetworkModel {
  const decoded = decodeUrlState(encodeUrlState(model));
  expect(decoded.problems).toEqual([]);
  return decoded.model;
}

describe('encoding', () => {
  it('writes the documented grammar', () => {
    const m = modelFromSpecs([linear(256), { kind: 'relu' }, { kind: 'dropout', p: 0.5 }, linear(10)], { seed: 7, training: false });
    expect(encodeUrlState(m)).toBe('#in=32x784&net=linear(256),relu,dropout(0.5),linear(10)&train=0&seed=7');
  });

  it('writes every linear option in a fixed order', () => {
    const m = modelFromSpecs([linear(256, { inFeatures: 128, bias: false, init: 'xavier' }), linear(3, { init: 'he' }), linear(4, { bias: false })]);
    expect(encodeUrlState(m)).toBe('#in=32x784&net=linear(256,in=128,nobias,xavier),linear(3,he),linear(4,nobias)');
  });

  it('writes input data and view options only when not the default', () => {
    const m = modelFromSpecs([], { input: { batch: 4, features: [28, 28], data: 'ones' }, view: { heatmaps: true, histograms: false, masks: true } });
    expect(encodeUrlState(m)).toBe('#in=4x28x28&data=ones&net=&view=heatmaps,masks');
    expect(encodeUrlState(modelFromSpecs([], { view: { heatmaps: false, histograms: false, masks: false } }))).toBe('#in=32x784&net=&view=none');
  });

  it('writes only characters a URL fragment keeps as they are', () => {
    fc.assert(
      fc.property(networkModel, (m) => {
        expect(encodeUrlState(m)).toMatch(/^#[A-Za-z0-9=&(),.+\-x]*$/);
      }),
    );
  });
});

describe('round trips', () => {
  it('every block type and option survives', () => {
    const specs: BlockSpec[] = [
      { kind: 'flatten' },
      linear(256),
      linear(256, { bias: false }),
      linear(256, { init: 'xavier' }),
      linear(256, { init: 'he' }),
      linear(256, { init: 'zeros' }),
      linear(128, { inFeatures: 99 }),
      linear(128, { inFeatures: 128, bias: false, init: 'he' }),
      { kind: 'relu' },
      { kind: 'sigmoid' },
      { kind: 'tanh' },
      { kind: 'softmax' },
      { kind: 'dropout', p: 0 },
      { kind: 'dropout', p: 1 },
      { kind: 'dropout', p: 0.1 + 0.2 },
      { kind: 'dropout', p: 1e-7 },
    ];
    for (const data of ['normal', 'ones', 'sample'] as const) {
      for (const training of [true, false]) {
        const m = modelFromSpecs(specs, {
          input: { batch: 4096, features: [3, 28, 28], data },
          training,
          seed: 4_294_967_295,
          view: { heatmaps: false, histograms: true, masks: false },
        });
        expect(stripIds(roundTrip(m))).toEqual(stripIds(m));
      }
    }
  });

  it('every preset survives', () => {
    for (const preset of PRESETS) expect(stripIds(roundTrip(preset.model))).toEqual(stripIds(preset.model));
  });

  it('random models survive', () => {
    fc.assert(
      fc.property(networkModel, (m) => {
        expect(stripIds(roundTrip(m))).toEqual(stripIds(m));
      }),
      { numRuns: 300 },
    );
  });
});

describe('decoding what people type', () => {
  it('reads a hand-written link', () => {
    const { model, problems } = decodeUrlState('in=8x3&net=Linear(4, he),ReLU,dropout,linear(2,in=4,bias)&train=off&data=sample&view=masks');
    expect(problems).toEqual([]);
    expect(stripIds(model)).toEqual(
      stripIds(
        modelFromSpecs([linear(4, { init: 'he' }), { kind: 'relu' }, { kind: 'dropout', p: 0.5 }, linear(2, { inFeatures: 4 })], {
          input: { batch: 8, features: [3], data: 'sample' },
          training: false,
          view: { heatmaps: false, histograms: false, masks: true },
        }),
      ),
    );
  });

  it('accepts percent-escaped text', () => {
    const { model, problems } = decodeUrlState('#in=32x784&net=linear%28256%29%2Crelu');
    expect(problems).toEqual([]);
    expect(model.blocks.map((b) => b.kind)).toEqual(['linear', 'relu']);
  });

  it('an empty hash is the default model', () => {
    for (const hash of ['', '#', '#&&']) {
      const { model, problems } = decodeUrlState(hash);
      expect(problems).toEqual([]);
      expect(model).toEqual(createModel());
    }
  });
});

describe('malformed links', () => {
  function decodeWithProblems(hash: string): { model: NetworkModel; problems: string[] } {
    const result = decodeUrlState(hash);
    expect(result.problems.length).toBeGreaterThan(0);
    return result;
  }

  it('truncated links keep what is readable', () => {
    const { model, problems } = decodeWithProblems('#in=32x784&net=linear(256),relu,linear(1');
    expect(model.blocks.map((b) => b.kind)).toEqual(['linear', 'relu']);
    expect(problems).toEqual(['net: "linear(1": missing ")"; block ignored']);
    expect(decodeWithProblems('#in=32x').problems).toEqual([
      'in: Input features is empty: enter a whole number from 1 to 65,536',
      'in: using the default, 32x784',
    ]);
    expect(decodeWithProblems('#in').problems).toEqual(['in: has no value, as in in=32x784; ignored']);
  });

  it('wrong numbers fall back to the default for that part only', () => {
    const { model, problems } = decodeWithProblems('#in=0x784&net=linear(2.5),relu,dropout(1.5),linear(10,in=-3)&seed=1.5&train=maybe');
    expect(problems).toEqual([
      'in: Batch size must be a whole number ≥ 1 (got 0)',
      'in: using the default, 32x784',
      'net: "linear(2.5)": Out features must be a whole number ≥ 1 (got 2.5); block ignored',
      'net: "dropout(1.5)": Dropout p must be a number from 0 to 1 (got 1.5); block ignored',
      'net: "linear(10,in=-3)": In features must be a whole number ≥ 1 (got -3); linked instead',
      'seed: Seed must be a whole number ≥ 0 (got 1.5)',
      'seed: using the default, 42',
      'train: expected 1 or 0 (got "maybe")',
      'train: using the default, 1',
    ]);
    expect(stripIds(model)).toEqual(stripIds(modelFromSpecs([{ kind: 'relu' }, linear(10)])));
  });

  it('huge sizes are refused with a message', () => {
    const { model, problems } = decodeWithProblems('#in=100000x99999999999&net=linear(1e400),linear(65537)');
    expect(problems).toEqual([
      'in: Batch size must be at most 4,096 (got 100000)',
      'in: using the default, 32x784',
      'net: "linear(1e400)": Out features must be at most 65,536 (got 1e400); block ignored',
      'net: "linear(65537)": Out features must be at most 65,536 (got 65537); block ignored',
    ]);
    expect(model.blocks).toEqual([]);
    expect(decodeWithProblems('#in=1x1x1x1x1x1').problems[0]).toBe('in: at most 4 feature dimensions after the batch (got 5)');
  });

  it('script tags are reported as text and never become blocks', () => {
    const { model, problems } = decodeWithProblems('#net=<script>alert(1)</script>,relu&<img onerror=x>=1&seed=<b>');
    expect(model.blocks.map((b) => b.kind)).toEqual(['relu']);
    expect(problems).toEqual([
      'net: "<script>alert(1)</script>" is not a block; ignored (blocks: linear, relu, sigmoid, tanh, softmax, flatten, dropout)',
      'Unknown link setting "<img onerror" ignored (settings: in, data, x, net, train, seed, view, dataset, noise, split, loss, opt, lr, momentum, nesterov, bs, wd, steps)',
      'seed: Seed must be a whole number ≥ 0 (got "<b>")',
      'seed: using the default, 42',
    ]);
  });

  it('unknown keys, options and blocks are reported and ignored', () => {
    const { model, problems } = decodeWithProblems('#foo=1&net=conv2d(3),linear(5,gelu),relu(3)&view=heatmaps,glow&data=zeros');
    expect(problems).toEqual([
      'Unknown link setting "foo" ignored (settings: in, data, x, net, train, seed, view, dataset, noise, split, loss, opt, lr, momentum, nesterov, bs, wd, steps)',
      'net: "conv2d(3)" is not a block; ignored (blocks: linear, relu, sigmoid, tanh, softmax, flatten, dropout)',
      'net: "linear(5,gelu)": unknown option "gelu" ignored (options: in=N, nobias, lecun, xavier, he, zeros)',
      'net: "relu(3)": relu takes no options; they were ignored',
      'view: unknown view option "glow" ignored (options: heatmaps, histograms, masks, none)',
      'data: expected normal, ones, sample, typed (got "zeros")',
      'data: using the default, normal',
    ]);
    expect(model.blocks.map((b) => b.kind)).toEqual(['linear', 'relu']);
    expect(model.view).toEqual({ heatmaps: true, histograms: false, masks: false });
  });

  it('repeated keys, broken escapes, missing parts', () => {
    expect(decodeWithProblems('#seed=1&seed=2').problems).toEqual(['seed: appears more than once; the first one was used']);
    expect(decodeUrlState('#seed=1&seed=2').model.seed).toBe(1);
    expect(decodeWithProblems('#net=relu%E0%A4%A').problems).toEqual(['"net=relu%E0%A4%A" has broken %-escapes; ignored']);
    expect(decodeWithProblems('#net=linear,linear()').problems).toEqual([
      'net: "linear": out features missing, as in linear(256); block ignored',
      'net: "linear()": out features missing, as in linear(256); block ignored',
    ]);
    expect(decodeWithProblems('#net=relu)(,(tanh').model.blocks).toEqual([]);
  });

  it('too many blocks and too long links', () => {
    const many = decodeWithProblems(`#net=${Array(70).fill('relu').join(',')}`);
    expect(many.model.blocks).toHaveLength(64);
    expect(many.problems).toEqual(['net: more than 64 blocks; the rest were ignored']);
    const long = decodeWithProblems('#net=' + 'relu,'.repeat(MAX_HASH_LENGTH));
    expect(long.model).toEqual(createModel());
  });
});

describe('properties', () => {
  const hashLike = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc
      .array(
        fc.oneof(
          fc.constantFrom('in=', 'net=', 'seed=', 'train=', 'view=', 'data=', '&', '#', ',', '(', ')', 'x', '=', '%', '%2', '%28', 'in=', ' '),
          fc.constantFrom('linear', 'relu', 'dropout', 'sigmoid', 'tanh', 'softmax', 'flatten', 'nobias', 'he', 'xavier', 'zeros', 'lecun', 'none', 'masks', 'ones'),
          fc.integer({ min: -10, max: 100_000 }).map(String),
          fc.double().map(String),
          fc.string({ maxLength: 4 }),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join('')),
  );

  it('decoding never throws and always gives a usable model', () => {
    fc.assert(
      fc.property(hashLike, (hash) => {
        const { model, problems } = decodeUrlState(hash);
        expect(Array.isArray(problems)).toBe(true);
        expect(model.input.batch).toBeGreaterThanOrEqual(1);
        expect(model.input.features.length).toBeGreaterThanOrEqual(1);
        expect(model.blocks.length).toBeLessThanOrEqual(64);
      }),
      { numRuns: 2000 },
    );
  });

  it('decode(encode(decode(s).model)) equals decode(s).model', () => {
    fc.assert(
      fc.property(hashLike, (hash) => {
        const first = decodeUrlState(hash).model;
        const second = decodeUrlState(encodeUrlState(first));
        expect(second.problems).toEqual([]);
        expect(second.model).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });
});
