import { describe, expect, it } from 'vitest';
import { createRng, RngStream, shuffleInPlace, xoshiro128ss } from '../../../web/src/data/rng.ts';

const draws = (n: number, next: () => number): number[] => Array.from({ length: n }, next);

describe('data PRNG', () => {
  it('xoshiro128** matches the reference C implementation from state (1, 2, 3, 4)', () => {
    // Printed by Blackman & Vigna's xoshiro128starstar.c, compiled with gcc.
    expect(draws(8, xoshiro128ss(Uint32Array.of(1, 2, 3, 4)))).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('the same seed and stream give the same sequence; another seed, stream or index another one', () => {
    const a = draws(100, createRng(42).u32);
    expect(draws(100, createRng(42).u32)).toEqual(a);
    for (const other of [createRng(43), createRng(42, 1), createRng(42, 0, 1)]) {
      const b = draws(100, other.u32);
      expect(b.filter((v, i) => v === a[i]).length).toBe(0);
    }
  });

  it('pins the first draws for seed 42, so a change in seeding is noticed (links depend on it)', () => {
    expect(draws(3, createRng(42, RngStream.toyPoints).u32)).toEqual([1178099375, 1008154775, 2269940861]);
  });

  it('float is in [0, 1), uniform in [lo, hi), with the right mean', () => {
    const rng = createRng(7);
    const xs = draws(20_000, rng.float);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // mean 0.5, sd of the mean sqrt(1/12/20000) = 0.002: 5 sigma
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length - 0.5)).toBeLessThan(0.01);
    const us = draws(1000, () => rng.uniform(-3, 5));
    expect(Math.min(...us)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...us)).toBeLessThan(5);
  });

  it('int(n) covers 0..n-1 evenly (chi-square) and rejects bad n', () => {
    const rng = createRng(3);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const k = rng.int(7);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(22.5); // p = 0.001 for 6 degrees of freedom
    expect(rng.int(1)).toBe(0);
    expect(rng.int(2 ** 32)).toBeLessThan(2 ** 32);
    expect(() => rng.int(0)).toThrow('int(n) needs n from 1 to 2^32, got 0');
    expect(() => rng.int(2.5)).toThrow('int(n) needs n from 1 to 2^32, got 2.5');
  });

  it('normal has mean 0 and standard deviation 1', () => {
    const rng = createRng(11);
    const xs = draws(20_000, rng.normal);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.04); // 5 sigma of 1/sqrt(20000)
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('rejects seeds that are not 32-bit whole numbers, naming the field', () => {
    expect(() => createRng(-1)).toThrow('seed must be a whole number from 0 to 4294967295, got -1');
    expect(() => createRng(2 ** 32)).toThrow('seed must be a whole number from 0 to 4294967295, got 4294967296');
    expect(() => createRng(1.5)).toThrow('seed must be a whole number from 0 to 4294967295, got 1.5');
    expect(() => createRng(1, -1)).toThrow('stream must be');
    expect(() => createRng(1, 0, NaN)).toThrow('index must be');
  });

  it('shuffleInPlace gives a permutation, each of the 6 of 3 items about equally often', () => {
    const rng = createRng(5);
    const seen = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const order = Uint32Array.of(0, 1, 2);
      shuffleInPlace(order, rng);
      const key = order.join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210']);
    for (const count of seen.values()) expect(Math.abs(count - 1000)).toBeLessThan(150); // ~5 sigma
  });
});
