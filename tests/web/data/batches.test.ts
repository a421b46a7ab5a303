import { describe, expect, it } from 'vitest';
import { BatchGatherer, BatchIterator } from '../../../web/src/data/batches.ts';

/** The next `k` batches' indices, copied (the iterator reuses its views). */
function take(iter: BatchIterator, k: number): number[][] {
  return Array.from({ length: k }, () => Array.from(iter.next().indices));
}

describe('mini-batches', () => {
  it('each epoch visits every sample once; the last partial batch is kept by default', () => {
    const iter = new BatchIterator({ n: 10, batchSize: 4, seed: 1 });
    expect(iter.batchesPerEpoch).toBe(3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const batches = take(iter, 3);
      expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
      expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('reports step, epoch, index and the last batch of each epoch', () => {
    const iter = new BatchIterator({ n: 10, batchSize: 4, seed: 1 });
    const seen = Array.from({ length: 4 }, () => {
      const b = iter.next();
      return [b.step, b.epoch, b.index, b.lastInEpoch];
    });
    expect(seen).toEqual([[0, 0, 0, false], [1, 0, 1, false], [2, 0, 2, true], [3, 1, 0, false]]);
    expect(iter.position).toBe(4);
  });

  it('dropLast skips the short batch: floor(n / batchSize) full batches per epoch', () => {
    const iter = new BatchIterator({ n: 10, batchSize: 4, seed: 1, dropLast: true });
    expect(iter.batchesPerEpoch).toBe(2);
    const epoch = take(iter, 2);
    expect(epoch.map((b) => b.length)).toEqual([4, 4]);
    expect(new Set(epoch.flat()).size).toBe(8);
    expect(iter.next().epoch).toBe(1);
  });

  it('same seed gives the same order; another seed, or another epoch, a different one', () => {
    const a = take(new BatchIterator({ n: 100, batchSize: 100, seed: 7 }), 2);
    expect(take(new BatchIterator({ n: 100, batchSize: 100, seed: 7 }), 2)).toEqual(a);
    expect(take(new BatchIterator({ n: 100, batchSize: 100, seed: 8 }), 1)[0]).not.toEqual(a[0]);
    expect(a[1]).not.toEqual(a[0]);
    expect(a[0]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('seek(step) lands exactly where stepping would have, in any order', () => {
    const walked = take(new BatchIterator({ n: 50, batchSize: 8, seed: 3 }), 30);
    const iter = new BatchIterator({ n: 50, batchSize: 8, seed: 3 });
    for (const step of [29, 0, 13, 7, 14, 28]) {
      iter.seek(step);
      expect(Array.from(iter.next().indices)).toEqual(walked[step]);
    }
    expect(() => iter.seek(-1)).toThrow('batches: step must be a whole number from 0, got -1');
  });

  it('shuffle: false visits the samples in order (for evaluation)', () => {
    const iter = new BatchIterator({ n: 5, batchSize: 2, seed: 3, shuffle: false });
    expect(take(iter, 4)).toEqual([[0, 1], [2, 3], [4], [0, 1]]);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => new BatchIterator({ n: 0, batchSize: 4, seed: 1 })).toThrow('batches: n must be a whole number of samples from 1, got 0');
    expect(() => new BatchIterator({ n: 10, batchSize: 0, seed: 1 })).toThrow('batches: batch size must be a whole number from 1, got 0');
    expect(() => new BatchIterator({ n: 10, batchSize: 4, seed: -2 })).toThrow('batches: seed must be a whole number from 0 to 4294967295, got -2');
    expect(() => new BatchIterator({ n: 10, batchSize: 11, seed: 1, dropLast: true })).toThrow(
      'batches: batch size 11 is larger than the 10 samples and dropLast is set, so an epoch would have no batch',
    );
  });

  it('the gatherer copies the rows and labels of the indices into buffers it reuses', () => {
    // 5 samples of 3 features: sample i is (10i, 10i + 1, 10i + 2), label i
    const split = { x: Float32Array.from({ length: 15 }, (_, k) => 10 * Math.floor(k / 3) + (k % 3)), y: Uint8Array.of(0, 1, 2, 3, 4), n: 5 };
    const g = new BatchGatherer(split, 3, 2);
    const full = g.gather(Uint32Array.of(4, 1));
    expect(Array.from(full.x)).toEqual([40, 41, 42, 10, 11, 12]);
    expect(Array.from(full.y)).toEqual([4, 1]);
    const bufferX = full.x;
    expect(g.gather(Uint32Array.of(0, 2)).x).toBe(bufferX); // no new arrays for full batches
    const short = g.gather(Uint32Array.of(3));
    expect([short.size, Array.from(short.x), Array.from(short.y)]).toEqual([1, [30, 31, 32], [3]]);
    expect(short.x.buffer).toBe(bufferX.buffer);
    expect(() => g.gather(Uint32Array.of(0, 1, 2))).toThrow('batches: 3 indices, more than the batch size 2');
    expect(() => g.gather(Uint32Array.of(5))).toThrow('batches: index 5 is outside the 5 samples');
    expect(() => new BatchGatherer(split, 4, 2)).toThrow('batches: the split has 15 values, not 5 samples × 4 features');
  });
});
