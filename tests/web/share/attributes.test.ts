import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashFromAttributes, modelFromAttributes, optionsFromAttributes, readElementAttributes } from '../../../web/src/share/element-attributes.ts';
import { stripIds } from '../../../web/src/model/network/network.ts';
import { defaultModel } from '../../../web/src/model/network/presets.ts';
import { decodeUrlState, encodeUrlState } from '../../../web/src/model/link/url-state.ts';
import { networkModel } from '../model/arbitraries.ts';

const reader = (attrs: Record<string, string>) => (name: string): string | null => (name in attrs ? attrs[name]! : null);

describe('hashFromAttributes', () => {
  it('maps attributes to hash fields, %-escaping every value', () => {
    const hash = hashFromAttributes(reader({ net: 'linear(256),relu,dropout(0.5),linear(10)', input: '32x784', train: '1', seed: '42', hidden: 'x' }));
    expect(hash).toBe('#in=32x784&net=linear(256)%2Crelu%2Cdropout(0.5)%2Clinear(10)&train=1&seed=42');
    expect(hashFromAttributes(reader({ locked: '', hide: 'code' }))).toBeNull();
  });
});

describe('modelFromAttributes', () => {
  it('reads the same model as the equivalent link', () => {
    const { model, problems } = modelFromAttributes(reader({ net: 'linear(256),relu,dropout(0.5),linear(10)', input: '32x784', train: '0', seed: '7' }));
    expect(problems).toEqual([]);
    expect(stripIds(model)).toEqual(stripIds(decodeUrlState('#in=32x784&net=linear(256),relu,dropout(0.5),linear(10)&train=0&seed=7').model));
  });

  it("takes typed input values as the link's x: the course's seed example", () => {
    const { model, problems } = modelFromAttributes(reader({ input: '1x3', data: 'typed', x: '1,2,3', net: 'linear(4),relu,linear(2),sigmoid' }));
    expect(problems).toEqual([]);
    expect(model.input).toEqual({ batch: 1, features: [3], data: 'typed', values: [1, 2, 3] });
  });

  it('starts with the default network (the course network) when no model attribute is set, like the page without a link', () => {
    const { model, problems } = modelFromAttributes(reader({ locked: '' }));
    expect(problems).toEqual([]);
    expect(stripIds(model)).toEqual(stripIds(defaultModel()));
  });

  it('keeps an attribute from smuggling in other fields', () => {
    const { model, problems } = modelFromAttributes(reader({ net: 'relu&seed=5', seed: '9' }));
    expect(model.seed).toBe(9);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain('net:');
  });

  it('names attributes, not hash fields, in problems', () => {
    const { model, problems } = modelFromAttributes(reader({ input: '32by784', net: 'linear(10)', seed: '-1', data: '<b>' }));
    expect(model.input.features).toEqual([784]);
    expect(problems.some((p) => p.startsWith('input: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('seed: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('data: ') && p.includes('"<b>"'))).toBe(true);
  });

  it('round-trips any model written as attributes', () => {
    fc.assert(
      fc.property(networkModel, (m) => {
        // The link's fields, as attributes with decoded values.
        const attrs: Record<string, string> = {};
        const names: Record<string, string> = { in: 'input', data: 'data', net: 'net', train: 'train', seed: 'seed', view: 'view' };
        for (const part of encodeUrlState(m).slice(1).split('&')) {
          const eq = part.indexOf('=');
          attrs[names[part.slice(0, eq)]!] = decodeURIComponent(part.slice(eq + 1));
        }
        const read = modelFromAttributes(reader(attrs));
        expect(read.problems).toEqual([]);
        expect(stripIds(read.model)).toEqual(stripIds(decodeUrlState(encodeUrlState(m)).model));
      }),
      { numRuns: 200 },
    );
  });
});

describe('optionsFromAttributes', () => {
  it('treats locked as a boolean attribute', () => {
    expect(optionsFromAttributes(reader({ locked: '' })).options.locked).toBe(true);
    expect(optionsFromAttributes(reader({ locked: 'locked' })).options.locked).toBe(true);
    expect(optionsFromAttributes(reader({ locked: 'false' })).options.locked).toBe(false);
    expect(optionsFromAttributes(reader({})).options.locked).toBe(false);
  });

  it('reads hide and show lists and reports unknown names', () => {
    const { options, problems } = optionsFromAttributes(reader({ hide: 'code, masks,nope', show: 'memory' }));
    expect(options).toEqual({ embed: true, locked: false, hidden: ['masks', 'code'], show: ['memory'] });
    expect(problems).toEqual(['hide: unknown name "nope" ignored (names: masks, heatmaps, histograms, totals, code, input)']);
  });

  it('combines model and option problems', () => {
    const state = readElementAttributes(reader({ net: 'bogus', hide: 'bogus' }));
    expect(state.options.embed).toBe(true);
    expect(state.problems.length).toBe(2);
  });
});
