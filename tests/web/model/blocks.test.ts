import { describe, expect, it } from 'vitest';
import { BLOCK_INFO, BLOCK_KINDS, INIT_INFO, INIT_SCHEMES, defaultSpec, isBlockKind, isInitScheme, specOf } from '../../../web/src/vocabulary/blocks.ts';

describe('block metadata', () => {
  it('has a label, a description and a PyTorch class for every kind', () => {
    for (const kind of BLOCK_KINDS) {
      const info = BLOCK_INFO[kind];
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.description.length).toBeGreaterThan(20);
      expect(info.pytorchClass).toMatch(/^[A-Z][A-Za-z]+$/);
    }
    expect(BLOCK_KINDS.filter((k) => BLOCK_INFO[k].hasParameters)).toEqual(['linear']);
    for (const scheme of INIT_SCHEMES) expect(INIT_INFO[scheme].label.length).toBeGreaterThan(0);
  });

  it('recognises kinds and schemes by name only', () => {
    expect(isBlockKind('linear')).toBe(true);
    expect(isBlockKind('conv2d')).toBe(false);
    expect(isBlockKind('toString')).toBe(false);
    expect(isInitScheme('he')).toBe(true);
    expect(isInitScheme('kaiming')).toBe(false);
  });
});

describe('default specs', () => {
  it('starts a Linear linked, with bias and LeCun init', () => {
    expect(defaultSpec('linear')).toEqual({ kind: 'linear', outFeatures: 64, bias: true, init: 'lecun', inFeatures: null });
    expect(defaultSpec('dropout')).toEqual({ kind: 'dropout', p: 0.5 });
    expect(defaultSpec('tanh')).toEqual({ kind: 'tanh' });
  });

  it('specOf drops the id and any stray field', () => {
    const stray = { kind: 'relu' as const, id: 'b1', extra: 1 };
    expect(specOf(stray)).toEqual({ kind: 'relu' });
    expect(specOf({ kind: 'dropout', p: 0.2, id: 'b9' })).toEqual({ kind: 'dropout', p: 0.2 });
  });
});
