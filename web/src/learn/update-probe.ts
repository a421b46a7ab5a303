// How big one optimizer step is next to the weights it changes, per Linear: the depth lab's
// measure of whether a layer learns slowly, steadily or explosively. A gradient's size alone
// does not say it: Adam divides each step by the gradient's running RMS (Kingma & Ba, 2015), so
// a ten times larger gradient gives about the same step. The trainer arms the probe when the
// depth statistics are asked for and the next step is measured (two copies of the parameters
// then, none otherwise).

/** One Linear's last measured step. */
export interface LayerUpdate {
  /** ‖W‖ (Frobenius) after the step. */
  weightNorm: number;
  /** ‖ΔW‖ of the step. */
  weightStep: number;
  /** ‖Δb‖ of the step; null without a bias. */
  biasStep: number | null;
}

export interface MeasuredUpdate {
  /** The step measured (counting from 1). */
  step: number;
  layers: LayerUpdate[];
}

function norm(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * Per Linear, from the parameters before and after a step (as Trainer.parameters() lists them:
 * the weight, then the bias when `hasBias`, per Linear).
 */
export function layerUpdates(before: readonly Float32Array[], after: readonly Float32Array[], hasBias: readonly boolean[]): LayerUpdate[] {
  if (before.length !== after.length) throw new Error(`layerUpdates: ${before.length} parameters before the step, ${after.length} after`);
  let k = 0;
  return hasBias.map((bias) => {
    const w0 = before[k]!;
    const w1 = after[k++]!;
    const update: LayerUpdate = { weightNorm: norm(w1), weightStep: distance(w0, w1), biasStep: null };
    if (bias) {
      update.biasStep = distance(before[k]!, after[k]!);
      k++;
    }
    return update;
  });
}

export class UpdateProbe {
  private armed = false;
  private latest: MeasuredUpdate | null = null;

  /** Measure the next step. */
  arm(): void {
    this.armed = true;
  }

  /** Whether the coming step is to be measured. */
  get wanted(): boolean {
    return this.armed;
  }

  record(update: MeasuredUpdate): void {
    this.armed = false;
    this.latest = update;
  }

  /** The last measured step, or null before the first. */
  get last(): MeasuredUpdate | null {
    return this.latest;
  }
}
