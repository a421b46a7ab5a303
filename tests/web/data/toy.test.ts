import { describe, expect, it } from 'vitest';
import type { Dataset, Split } from '../../../web/src/data/dataset.ts';
import { TOY_DOMAIN, TOY_KINDS, toyDataset } from '../../../web/src/data/toy.ts';

/** Every point of both splits as [x, y, label]. */
function points(d: Dataset): [number, number, number][] {
  const rows = (s: Split): [number, number, number][] => Array.from({ length: s.n }, (_, i) => [s.x[2 * i] ?? NaN, s.x[2 * i + 1] ?? NaN, s.y[i] ?? -1]);
  return [...rows(d.train), ...rows(d.test)];
}
const ones = (d: Dataset): number => points(d).filter((p) => p[2] === 1).length;

describe('2-D toy sets', () => {
  it.each(TOY_KINDS)('%s: shape, split sizes, binary labels, both classes equal, inside the domain', (kind) => {
    const d = toyDataset({ kind, seed: 1, samples: 400, trainFraction: 0.7, noise: 0 });
    expect(d.inputShape).toEqual([2]);
    expect(d.numClasses).toBe(2);
    expect(d.classNames).toEqual(['0', '1']);
    expect(d.domain).toBe(TOY_DOMAIN);
    expect([d.train.n, d.test.n]).toEqual([280, 120]);
    expect([d.train.x.length, d.train.y.length, d.test.x.length]).toEqual([560, 280, 240]);
    expect(points(d).every(([x, y, l]) => Number.isFinite(x) && Math.abs(x) <= TOY_DOMAIN && Math.abs(y) <= TOY_DOMAIN && (l === 0 || l === 1))).toBe(true);
    expect(ones(d)).toBe(200);
    // the shuffle before the cut puts both classes in both splits
    expect(new Set(d.test.y).size).toBe(2);
  });

  it.each(TOY_KINDS)('%s: same seed gives the same points and split; another seed other points', (kind) => {
    const a = toyDataset({ kind, seed: 9, noise: 0.2 });
    const b = toyDataset({ kind, seed: 9, noise: 0.2 });
    expect(Array.from(b.train.x)).toEqual(Array.from(a.train.x));
    expect(Array.from(b.test.y)).toEqual(Array.from(a.test.y));
    const c = toyDataset({ kind, seed: 10, noise: 0.2 });
    expect(Array.from(c.train.x)).not.toEqual(Array.from(a.train.x));
  });

  it('pins the first two training points per set for seed 42, noise 0.1 (a link reproduces training only if these stay)', () => {
    const pins: Record<string, [number[], number[]]> = {
      circle: [[0.30074894428253174, -4.178280830383301, -3.990341901779175, -2.4563779830932617], [0, 0]],
      xor: [[-4.365904331207275, 1.1966221332550049, 2.4233782291412354, -2.8638370037078857], [0, 0]],
      gauss: [[-4.339520454406738, -3.551046848297119, -0.8495045900344849, -2.878143310546875], [0, 0]],
      spiral: [[2.4876151084899902, 3.6640219688415527, 1.888329267501831, 0.6958110928535461], [0, 0]],
      moons: [[3.7546098232269287, -0.4603651165962219, 0.9024360775947571, -2.3483011722564697], [1, 1]],
    };
    for (const kind of TOY_KINDS) {
      const d = toyDataset({ kind, seed: 42, noise: 0.1 });
      expect([Array.from(d.train.x.subarray(0, 4)), Array.from(d.train.y.subarray(0, 2))]).toEqual(pins[kind]);
    }
  });

  it('circle: without noise, label 1 exactly inside radius 2.5, none in the ring 2.5 to 3.5', () => {
    for (const [x, y, label] of points(toyDataset({ kind: 'circle', seed: 2, samples: 1000 }))) {
      const r = Math.hypot(x, y);
      expect(label).toBe(r < 2.5 ? 1 : 0);
      expect(r < 2.5 + 1e-6 || r >= 3.5 - 1e-6).toBe(true);
    }
  });

  it('circle and XOR: noise flips labels near the boundary but leaves the points where they were', () => {
    for (const kind of ['circle', 'xor'] as const) {
      const clean = points(toyDataset({ kind, seed: 4, samples: 1000 }));
      const noisy = points(toyDataset({ kind, seed: 4, samples: 1000, noise: 0.5 }));
      expect(noisy.map((p) => [p[0], p[1]])).toEqual(clean.map((p) => [p[0], p[1]]));
      const flipped = noisy.filter((p, i) => p[2] !== clean[i]?.[2]).length;
      expect(flipped).toBeGreaterThan(20);
      expect(flipped).toBeLessThan(500);
    }
  });

  it('XOR: without noise, label 1 in quadrants I and III, 0 in II and IV, off the axes by 0.3', () => {
    for (const [x, y, label] of points(toyDataset({ kind: 'xor', seed: 3, samples: 1000 }))) {
      expect(label).toBe(x * y >= 0 ? 1 : 0);
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.3 - 1e-6);
    }
  });

  it('gauss: class 1 centred on (2, 2), class 0 on (-2, -2); noise widens the spread (variance 0.5 to 4)', () => {
    const stats = (noise: number) => {
      const ps = points(toyDataset({ kind: 'gauss', seed: 5, samples: 4000, noise }));
      const one = ps.filter((p) => p[2] === 1);
      const mean = one.reduce((s, p) => s + p[0], 0) / one.length;
      const variance = one.reduce((s, p) => s + (p[0] - mean) ** 2, 0) / one.length;
      const zeroMean = ps.filter((p) => p[2] === 0).reduce((s, p) => s + p[1], 0) / one.length;
      return { mean, variance, zeroMean };
    };
    const quiet = stats(0);
    expect(quiet.mean).toBeCloseTo(2, 1);
    expect(quiet.zeroMean).toBeCloseTo(-2, 1);
    expect(quiet.variance).toBeGreaterThan(0.45);
    expect(quiet.variance).toBeLessThan(0.55);
    const loud = stats(0.5);
    expect(loud.variance).toBeGreaterThan(3.6);
    expect(loud.variance).toBeLessThan(4.4);
  });

  it('spiral: without noise the radius grows to 5 along each arm and the arms are half a turn apart', () => {
    const d = toyDataset({ kind: 'spiral', seed: 6, samples: 200 });
    const ps = points(d);
    const radii = ps.map((p) => Math.hypot(p[0], p[1]));
    expect(Math.max(...radii)).toBeLessThan(5);
    expect(Math.max(...radii)).toBeGreaterThan(4.9);
    // a point (x, y) of arm 1 mirrors to (-x, -y) on arm 0
    const arm0 = new Set(ps.filter((p) => p[2] === 0).map((p) => `${p[0].toFixed(3)},${p[1].toFixed(3)}`));
    const mirrored = ps.filter((p) => p[2] === 1).filter((p) => arm0.has(`${(-p[0]).toFixed(3)},${(-p[1]).toFixed(3)}`)).length;
    expect(mirrored).toBe(100);
  });

  it('moons: without noise, on two half circles of radius 3 (sklearn make_moons, scaled by 3)', () => {
    for (const [x, y, label] of points(toyDataset({ kind: 'moons', seed: 7, samples: 300 }))) {
      // back to sklearn's units: outer moon centred (0, 0), inner (1, 0.5)
      const u = x / 3 + 0.5;
      const v = y / 3 + 0.25;
      const r = label === 0 ? Math.hypot(u, v) : Math.hypot(u - 1, v - 0.5);
      expect(r).toBeCloseTo(1, 5);
      expect(label === 0 ? v >= -1e-6 : v <= 0.5 + 1e-6).toBe(true);
    }
  });

  it('rejects bad options, naming the field and the value', () => {
    const base = { kind: 'circle', seed: 1 } as const;
    expect(() => toyDataset({ ...base, kind: 'ring' as never })).toThrow('toy data: unknown kind "ring", expected one of circle, xor, gauss, spiral, moons');
    expect(() => toyDataset({ ...base, seed: -1 })).toThrow('toy data: seed must be a whole number from 0 to 4294967295, got -1');
    expect(() => toyDataset({ ...base, samples: 7 })).toThrow('toy data: samples must be an even whole number from 4 to 100000, got 7');
    expect(() => toyDataset({ ...base, samples: 2 })).toThrow('samples must be an even whole number');
    expect(() => toyDataset({ ...base, noise: 0.6 })).toThrow('toy data: noise must be from 0 to 0.5, got 0.6');
    expect(() => toyDataset({ ...base, noise: NaN })).toThrow('toy data: noise must be from 0 to 0.5, got NaN');
    expect(() => toyDataset({ ...base, trainFraction: 1 })).toThrow('toy data: trainFraction must leave at least one training and one test point, got 1 of 500');
    expect(() => toyDataset({ ...base, samples: 4, trainFraction: 0.1 })).toThrow('got 0.1 of 4');
  });
});
