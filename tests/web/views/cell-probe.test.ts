import { describe, expect, test } from 'vitest';
import { rasterFor } from '../../../web/src/views/kit/canvas.ts';
import { cellAt, cellText, stepCell } from '../../../web/src/views/blocks/cell-probe.ts';

describe('cellAt', () => {
  test('every value drawn: the point’s row and column', () => {
    const r = rasterFor([4, 10], 128, 512);
    expect(cellAt(r, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(cellAt(r, 0.55, 0.3)).toEqual({ row: 1, col: 5 });
    expect(cellAt(r, 1, 1)).toEqual({ row: 3, col: 9 }); // the far edge is the last cell
    expect(cellAt(r, -0.2, 1.7)).toEqual({ row: 3, col: 0 });
  });

  test('a sampled picture maps a pixel back to the value it shows', () => {
    // 256 × 1536 drawn as 128 × 512: pixel (x, y) shows row 2y, column 3x.
    const r = rasterFor([256, 1536], 128, 512);
    expect(cellAt(r, 10.5 / 512, 7.5 / 128)).toEqual({ row: 14, col: 30 });
  });
});

describe('stepCell', () => {
  test('arrow keys move one drawn cell and stop at the edges', () => {
    const r = rasterFor([256, 1536], 128, 512);
    expect(stepCell(r, { row: 0, col: 0 }, 'ArrowRight')).toEqual({ row: 0, col: 3 });
    expect(stepCell(r, { row: 0, col: 0 }, 'ArrowDown')).toEqual({ row: 2, col: 0 });
    expect(stepCell(r, { row: 0, col: 0 }, 'ArrowUp')).toEqual({ row: 0, col: 0 });
    expect(stepCell(r, { row: 255, col: 1535 }, 'ArrowRight')).toEqual({ row: 255, col: 1535 });
    expect(stepCell(r, { row: 0, col: 0 }, 'Enter')).toBeNull();
  });
});

test('cellText counts from 1', () => {
  expect(cellText(2, 16, '0.412')).toBe('row 3, column 17: 0.412');
});
