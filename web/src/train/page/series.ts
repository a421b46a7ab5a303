// Per-step training loss for the curves, kept small: when it passes MAX_POINTS, neighbouring
// points are averaged in pairs (each point then stands for twice as many steps), so a run of
// 100,000 steps still draws from at most MAX_POINTS numbers.
export const MAX_POINTS = 1000;

export class StepSeries {
  /** Steps per point. */
  private bucket = 1;
  private readonly steps: number[] = [];
  private readonly values: number[] = [];
  private partialSum = 0;
  private partialCount = 0;
  private partialStep = 0;

  /** `losses[i]` is the loss of step firstStep + i + 1 (steps count from 1). */
  add(losses: ArrayLike<number>, firstStep: number): void {
    for (let i = 0; i < losses.length; i++) {
      const v = losses[i] ?? Number.NaN;
      if (this.partialCount === 0) this.partialStep = firstStep + i + 1;
      this.partialSum += v;
      this.partialCount++;
      if (this.partialCount === this.bucket) this.flush();
    }
  }

  points(): { steps: readonly number[]; values: readonly number[] } {
    return { steps: this.steps, values: this.values };
  }

  get length(): number {
    return this.values.length;
  }

  clear(): void {
    this.bucket = 1;
    this.steps.length = 0;
    this.values.length = 0;
    this.partialSum = 0;
    this.partialCount = 0;
  }

  private flush(): void {
    this.steps.push(this.partialStep);
    this.values.push(this.partialSum / this.partialCount);
    this.partialSum = 0;
    this.partialCount = 0;
    if (this.values.length <= MAX_POINTS) return;
    // An odd point out stays as it is; the next flushes pair it up.
    const n = Math.floor(this.values.length / 2);
    const oddStep = this.steps[this.steps.length - 1] ?? 0;
    const oddValue = this.values[this.values.length - 1] ?? 0;
    const odd = this.values.length % 2 === 1;
    for (let k = 0; k < n; k++) {
      this.steps[k] = this.steps[2 * k] ?? 0;
      this.values[k] = ((this.values[2 * k] ?? 0) + (this.values[2 * k + 1] ?? 0)) / 2;
    }
    this.steps.length = n;
    this.values.length = n;
    if (odd) {
      this.steps.push(oddStep);
      this.values.push(oddValue);
    }
    this.bucket *= 2;
  }
}
