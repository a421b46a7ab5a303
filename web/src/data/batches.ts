// Mini-batches in a deterministic order. Epoch e visits the samples in a Fisher–Yates shuffle
// drawn from (seed, e) alone, so any step can be reached directly (seek) and a link that says
// "seed 42, 1,000 steps" puts the next batch exactly where the original run had it. As in
// PyTorch's DataLoader (drop_last=False), the last, smaller batch of an epoch is kept unless
// dropLast is set; then an epoch is floor(n / batchSize) full batches and the remaining samples
// of that epoch's shuffle are skipped. Nothing is allocated per full batch: the iterator and the
// gatherer each hand back the same object, with views that the next call overwrites.
import type { Split } from './dataset.ts';
import { checkU32, createRng, RngStream, shuffleInPlace } from './rng.ts';

export interface BatchOptions {
  /** Samples in the split. */
  n: number;
  batchSize: number;
  seed: number;
  /** Drop each epoch's last batch when it is smaller than batchSize. Default false (kept). */
  dropLast?: boolean;
  /** Shuffle every epoch. Default true; false visits samples in order (for evaluation). */
  shuffle?: boolean;
}

export interface Batch {
  /** Steps taken before this batch, over all epochs (0 for the very first batch). */
  step: number;
  epoch: number;
  /** Index of this batch within its epoch. */
  index: number;
  /** The samples of this batch, as indices into the split; a view valid until the next call. */
  indices: Uint32Array;
  /** True for the last batch of its epoch. */
  lastInEpoch: boolean;
}

export class BatchIterator {
  readonly batchesPerEpoch: number;
  private readonly order: Uint32Array;
  private readonly shuffle: boolean;
  private orderEpoch = -1;
  private nextStep = 0;
  private readonly batch: Batch = { step: 0, epoch: 0, index: 0, indices: new Uint32Array(0), lastInEpoch: false };

  constructor(private readonly options: BatchOptions) {
    const { n, batchSize, seed, dropLast = false, shuffle = true } = options;
    if (!Number.isInteger(n) || n < 1 || n >= 2 ** 32) throw new RangeError(`batches: n must be a whole number of samples from 1, got ${n}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batches: batch size must be a whole number from 1, got ${batchSize}`);
    checkU32(seed, 'batches: seed');
    this.batchesPerEpoch = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
    if (this.batchesPerEpoch === 0) {
      throw new RangeError(`batches: batch size ${batchSize} is larger than the ${n} samples and dropLast is set, so an epoch would have no batch`);
    }
    this.order = new Uint32Array(n);
    this.shuffle = shuffle;
  }

  /** Steps taken so far: the step number of the next batch. */
  get position(): number {
    return this.nextStep;
  }

  /** Makes the next batch the one at `step` (as if `step` batches had been taken). */
  seek(step: number): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`batches: step must be a whole number from 0, got ${step}`);
    this.nextStep = step;
  }

  /** The next batch; the returned object and its indices are reused by the following call. */
  next(): Batch {
    const step = this.nextStep;
    const epoch = Math.floor(step / this.batchesPerEpoch);
    const index = step - epoch * this.batchesPerEpoch;
    if (epoch !== this.orderEpoch) this.orderFor(epoch);
    const start = index * this.options.batchSize;
    const end = Math.min(start + this.options.batchSize, this.options.n);
    const b = this.batch;
    b.step = step;
    b.epoch = epoch;
    b.index = index;
    b.indices = this.order.subarray(start, end);
    b.lastInEpoch = index === this.batchesPerEpoch - 1;
    this.nextStep = step + 1;
    return b;
  }

  private orderFor(epoch: number): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    if (this.shuffle) shuffleInPlace(this.order, createRng(this.options.seed, RngStream.batches, epoch >>> 0));
    this.orderEpoch = epoch;
  }
}

export interface GatheredBatch {
  /** (size, features) */
  x: Float32Array;
  /** (size,) */
  y: Uint8Array;
  size: number;
}

/** Copies a batch's rows out of a split into buffers allocated once, at the largest batch size. */
export class BatchGatherer {
  private readonly x: Float32Array;
  private readonly y: Uint8Array;
  private readonly out: GatheredBatch;

  constructor(
    private readonly split: Split,
    private readonly features: number,
    private readonly batchSize: number,
  ) {
    if (split.x.length !== split.n * features) throw new RangeError(`batches: the split has ${split.x.length} values, not ${split.n} samples × ${features} features`);
    this.x = new Float32Array(batchSize * features);
    this.y = new Uint8Array(batchSize);
    this.out = { x: this.x, y: this.y, size: batchSize };
  }

  /** The rows at `indices`; the returned object and arrays are reused by the following call. */
  gather(indices: Uint32Array): GatheredBatch {
    const size = indices.length;
    if (size > this.batchSize) throw new RangeError(`batches: ${size} indices, more than the batch size ${this.batchSize}`);
    const f = this.features;
    const src = this.split.x;
    for (let k = 0; k < size; k++) {
      const i = indices[k] ?? 0;
      if (i >= this.split.n) throw new RangeError(`batches: index ${i} is outside the ${this.split.n} samples`);
      // A plain loop, not set(subarray()): no view object per row.
      for (let j = 0, from = i * f, to = k * f; j < f; j++) this.x[to + j] = src[from + j] ?? 0;
      this.y[k] = this.split.y[i] ?? 0;
    }
    const o = this.out;
    // Full batches reuse the whole buffers; only a short last batch needs views.
    o.x = size === this.batchSize ? this.x : this.x.subarray(0, size * f);
    o.y = size === this.batchSize ? this.y : this.y.subarray(0, size);
    o.size = size;
    return o;
  }
}
