import { describe, expect, it } from 'vitest';
import { confusionMatrix, misclassified, argmaxRows } from '../../../web/src/learn/confusion.ts';
import { classOneProbability, fromPixel, gridPoints, probabilityGrid, toPixel } from '../../../web/src/learn/decision-grid.ts';
import { HALF, divergingIndex, divergingLut, maxAbsOf } from '../../../web/src/learn/diverging.ts';
import { depthSeriesOfSteps } from '../../../web/src/learn/depth.ts';
import { perLayerFactor } from '../../../web/src/learn/depth-verdict.ts';
import { curvePoints, finalGap, type EpochMetrics } from '../../../web/src/learn/dropout-compare.ts';
import { decadeRange, extent, formatDecade, linearScale, logScale, niceTicks } from '../../../web/src/learn/plot-scale.ts';
import { atlasHit, atlasLayout, paintWeightAtlas, weightAtlasLayout } from '../../../web/src/learn/weight-atlas.ts';

describe('diverging scale', () => {
  it('maps -max, 0 and +max to the ends and the middle, clamping beyond', () => {
    expect(divergingIndex(-2, 2)).toBe(0);
    expect(divergingIndex(0, 2)).toBe(HALF);
    expect(divergingIndex(1, 2)).toBe(HALF + 128); // 127.5 rounds up
    expect(divergingIndex(5, 2)).toBe(2 * HALF);
    expect(divergingIndex(NaN, 2)).toBe(HALF);
    expect(divergingIndex(3, 0)).toBe(HALF);
    expect(maxAbsOf([0.5, -3, NaN, 2])).toBe(3);
  });

  it('runs linearly from the negative colour through zero to the positive colour', () => {
    const lut = divergingLut([0, 0, 200], [100, 100, 100], [250, 0, 0]);
    expect([...lut.subarray(0, 4)]).toEqual([0, 0, 200, 255]);
    expect([...lut.subarray(HALF * 4, HALF * 4 + 4)]).toEqual([100, 100, 100, 255]);
    expect([...lut.subarray(2 * HALF * 4)]).toEqual([250, 0, 0, 255]);
  });
});

describe('weight atlas', () => {
  it('lays out a near-square grid with gaps', () => {
    expect(atlasLayout(256, 28, 28)).toMatchObject({ cols: 16, rows: 16, width: 16 * 29 + 1, height: 16 * 29 + 1 });
    expect(atlasLayout(10, 8, 8)).toMatchObject({ cols: 4, rows: 3 });
    expect(() => weightAtlasLayout(784, 10, [8, 8])).toThrow('a Linear with 784 inputs cannot be drawn as 8×8 images (64 pixels)');
  });

  it('draws column j of W (in, out) as tile j in image order', () => {
    // in = 4 = a 2×2 image, out = 2 units; W[i, j] row-major.
    const w = new Float32Array([
      1, -1, // pixel (0,0)
      0, 2, // pixel (0,1)
      -2, 0, // pixel (1,0)
      2, 1, // pixel (1,1)
    ]);
    const layout = weightAtlasLayout(4, 2, [2, 2]); // 2 cols × 1 row, width 7, height 4
    expect(layout).toMatchObject({ cols: 2, rows: 1, width: 7, height: 4 });
    const lut = new Uint32Array(2 * HALF + 1).map((_, i) => i); // pixel = LUT index
    const out = new Uint32Array(7 * 4);
    paintWeightAtlas(w, layout, 2, lut, 9999, out);
    const B = 9999;
    const i = (v: number): number => divergingIndex(v, 2);
    expect([...out]).toEqual([
      B, B, B, B, B, B, B,
      B, i(1), i(0), B, i(-1), i(2), B,
      B, i(-2), i(2), B, i(0), i(1), B,
      B, B, B, B, B, B, B,
    ]);
    expect(atlasHit(layout, 5, 2)).toEqual({ unit: 1, row: 1, col: 1, index: 7 });
    expect(w[7]).toBe(1);
    expect(atlasHit(layout, 3, 1)).toBeNull(); // the gap between tiles
    expect(atlasHit(layout, 0, 0)).toBeNull();
  });
});

describe('confusion matrix', () => {
  it('counts true × predicted and shades each row by its share', () => {
    const c = confusionMatrix([0, 1, 1, 2, 2, 0], [0, 1, 2, 2, 2, 1], 3);
    expect([...c.counts]).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 2]);
    expect([...c.rowTotals]).toEqual([1, 2, 3]);
    expect([...c.rowShare]).toEqual([1, 0, 0, 0.5, 0.5, 0, 0, 1 / 3, 2 / 3]);
    expect(c.correct).toBe(4);
    expect(c.total).toBe(6);
    expect(misclassified([0, 1, 1, 2, 2, 0], [0, 1, 2, 2, 2, 1], 5)).toEqual([2, 5]);
    expect(misclassified([0, 1, 1, 2, 2, 0], [0, 1, 2, 2, 2, 1], 1)).toEqual([2]);
  });

  it('names the bad value', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow('prediction 1 is 3, not a class in 0..2');
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow('1 predictions for 2 labels');
  });

  it('takes the argmax of each row (first on ties)', () => {
    expect([...argmaxRows(new Float32Array([0.1, 0.7, 0.2, 5, 5, -1]), 3)]).toEqual([1, 0]);
  });
});

describe('decision grid', () => {
  it('puts cell centres row-major from the top-left', () => {
    expect([...gridPoints(2, 2)]).toEqual([-1, 1, 1, 1, -1, -1, 1, -1]);
  });

  it('evaluates a known function once, over the whole grid', () => {
    let calls = 0;
    const g = probabilityGrid(
      (p, n) => {
        calls++;
        return Float32Array.from({ length: n }, (_, i) => (p[2 * i]! > 0 ? 1 : 0) * 0.5 + (p[2 * i + 1]! > 0 ? 0.25 : 0));
      },
      6,
      4,
    );
    expect(calls).toBe(1);
    expect([...g.probability]).toEqual([0.25, 0.25, 0.75, 0.75, 0.25, 0.25, 0.75, 0.75, 0, 0, 0.5, 0.5, 0, 0, 0.5, 0.5]);
  });

  it('turns 1 or 2 logits per point into P(class 1)', () => {
    const one = classOneProbability(new Float32Array([0, Math.log(3)]), 2);
    expect(one[0]).toBe(0.5);
    expect(one[1]).toBeCloseTo(0.75, 6);
    const two = classOneProbability(new Float32Array([1, 1, 0, Math.log(3)]), 2);
    expect(two[0]).toBe(0.5);
    expect(two[1]).toBeCloseTo(0.75, 6);
    expect(() => classOneProbability(new Float32Array(6), 2)).toThrow('3 outputs per point');
  });

  it('maps data to pixels and back', () => {
    expect(toPixel(-6, 6, 6, 240)).toEqual([0, 0]);
    expect(toPixel(3, -3, 6, 240)).toEqual([180, 180]);
    expect(fromPixel(180, 180, 6, 240)).toEqual([3, -3]);
  });
});

describe('plot scales', () => {
  it('maps linearly and by decades', () => {
    expect(linearScale(0, 10, 100, 0)(2.5)).toBe(75);
    const s = logScale(0.01, 10, 0, 300);
    expect(s(0.1)).toBeCloseTo(100, 9);
    expect(s(1)).toBeCloseTo(200, 9);
    expect(() => logScale(0, 1, 0, 1)).toThrow('must be > 0');
  });

  it('picks round ticks and whole decades', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 10, 4)).toEqual([2, 4, 6, 8, 10]);
    expect(decadeRange(0.003, 0.5)).toEqual({ lo: 0.001, hi: 1, ticks: [0.001, 0.01, 0.1, 1] });
    expect(extent([3, -1, NaN, 0, Infinity], true)).toEqual([3, 3]);
    expect(extent([NaN])).toBeNull();
    expect([1e-4, 0.001, 0.01, 0.1, 1, 1000, 1e4].map(formatDecade)).toEqual(['1e-4', '1e-3', '0.01', '0.1', '1', '1000', '1e4']);
  });
});

describe('depth factors and steps', () => {
  // three hidden Linear blocks and a head; the head is left out of the factor
  const kinds = ['linear', 'tanh', 'linear', 'tanh', 'linear', 'tanh', 'linear'];

  it('gives the geometric per-layer factor from the last hidden Linear back to the first', () => {
    expect(perLayerFactor([0.36, 9, 0.6, 9, 1, 9, 50], kinds)).toBeCloseTo(0.6, 12);
    expect(perLayerFactor([0.5, 9, 1], ['linear', 'tanh', 'linear'])).toBeCloseTo(0.5, 12); // two Linear: no head to drop
    expect(perLayerFactor([1, 1], ['linear', 'tanh'])).toBeNull();
  });

  it('picks first, middle and latest training steps', () => {
    const steps = [0, 10, 20, 30, 40].map((step) => ({ step, blocks: [] }));
    expect(depthSeriesOfSteps(steps).map((s) => s.label)).toEqual(['step 0', 'step 20', 'step 40']);
    expect(depthSeriesOfSteps(steps.slice(0, 1)).map((s) => s.label)).toEqual(['step 0']);
  });
});

describe('dropout comparison', () => {
  const run = (gaps: [number, number][]): EpochMetrics[] =>
    gaps.map(([train, test], i) => ({ epoch: i + 1, trainLoss: 1 - train, testLoss: 1 - test, trainAccuracy: train, testAccuracy: test }));
  const withDropout = run([[0.8, 0.78], [0.9, 0.88]]);
  const without = run([[0.85, 0.8], [0.99, 0.92]]);

  it('reports each final gap', () => {
    expect(finalGap(without)).toEqual({ epoch: 2, train: 0.99, test: 0.92, gap: 0.99 - 0.92 });
    expect(finalGap([])).toBeNull();
  });

  it('gives chart points per metric', () => {
    expect(curvePoints(withDropout, 'accuracy').test).toEqual([[1, 0.78], [2, 0.88]]);
    expect(curvePoints(withDropout, 'loss').train).toEqual([[1, 1 - 0.8], [2, 1 - 0.9]]);
  });
});
