import { describe, expect, test } from 'vitest';
import { flopsLine, maskSummary, ordinal, samplingNote } from '../../../web/src/views/blocks/captions.ts';
import { rasterFor } from '../../../web/src/views/kit/canvas.ts';

describe('ordinal', () => {
  test('st, nd, rd, th, and the teens', () => {
    const cases: [number, string][] = [
      [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [10, '10th'], [11, '11th'], [12, '12th'], [13, '13th'],
      [21, '21st'], [22, '22nd'], [23, '23rd'], [101, '101st'], [111, '111th'], [112, '112th'], [1003, '1003rd'],
    ];
    for (const [n, text] of cases) expect(ordinal(n)).toBe(text);
  });
});

describe('samplingNote', () => {
  test('names the step with an ordinal', () => {
    // 256 rows by 1,536 columns shown as at most 128 × 512: every 2nd row, every 3rd column.
    expect(samplingNote(rasterFor([256, 1536], 128, 512))).toBe('every 2nd row, every 3rd column');
    expect(samplingNote(rasterFor([32, 10752], 128, 512))).toBe('every row, every 21st column');
    expect(samplingNote(rasterFor([32, 256], 128, 512))).toBe('');
  });
});

describe('maskSummary', () => {
  test('p = 0.5: kept fraction, expectation and the survivors’ scale', () => {
    expect(maskSummary({ keptFraction: 0.498779, p: 0.5, scale: 2 })).toBe(
      'Kept 49.9% of units (expected 1 − p = 50.0%); survivors are scaled ×2.00 = 1/(1 − p).',
    );
  });
  test('p = 1: no element survives, and no ×0.00 scale is claimed', () => {
    const text = maskSummary({ keptFraction: 0, p: 1, scale: 0 });
    expect(text).toBe('Kept 0.0% of units (expected 1 − p = 0.0%); at p = 1 no element survives: the output is all zeros.');
    expect(text).not.toContain('×');
  });
});

describe('flopsLine', () => {
  test('FLOPs are twice the multiply-adds, in one line', () => {
    expect(flopsLine(7_512_064)).toBe('FLOPs ≈ 2 × multiply-adds = 15,024,128 (15.0 M)');
  });
});
