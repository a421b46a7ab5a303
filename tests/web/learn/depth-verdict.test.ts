// The depth lab's verdicts on constructed statistics: one case per rule the README lists, with
// numbers shaped like the deep preset's measured ones (depth-measure.test.ts).
import { describe, expect, it } from 'vitest';
import type { BlockStats } from '../../../web/src/engine/layerlab';
import { depthVerdict, lossTrend } from '../../../web/src/learn/depth-verdict';
import type { LayerUpdate } from '../../../web/src/learn/update-probe';

const LAYERS = 10;

/** Kinds of LAYERS × (Linear + act) and a head. */
function kindsOf(act: string): string[] {
  return [...Array.from({ length: LAYERS }, () => ['linear', act]).flat(), 'linear'];
}

/**
 * Blocks whose hidden Linear outputs have spread `spread(i)` (i = 0 .. LAYERS-1), gradient
 * spread `grad(i)` at them, and `saturated(i)` at each activation.
 */
function blocks(o: { act?: string; spread?: (i: number) => number; grad?: (i: number) => number; saturated?: (i: number) => number; unitRange?: number }): BlockStats[] {
  const { act = 'tanh', spread = () => 0.3, grad = () => 1e-3, saturated = () => 0, unitRange = 1.5 } = o;
  const out: BlockStats[] = [];
  for (let i = 0; i < LAYERS; i++) {
    out.push({ outputMean: 0, outputStd: spread(i), gradStd: grad(i), saturated: null, unitRange });
    out.push({ outputMean: 0, outputStd: spread(i) * 0.9, gradStd: grad(i), saturated: act === 'relu' ? null : saturated(i), unitRange });
  }
  out.push({ outputMean: 0, outputStd: 0.3, gradStd: 0.01, saturated: null, unitRange: 1 });
  return out;
}

/** Every Linear's step moved its weights by `ratio` of their size (and its bias by a little). */
const updates = (ratio: number): LayerUpdate[] => Array.from({ length: LAYERS + 1 }, () => ({ weightNorm: 10, weightStep: 10 * ratio, biasStep: 0.003 }));
/** A loss falling from ln 10 to about 0.2 over `n` steps, with mini-batch noise. */
const falling = (n = 135): number[] => Array.from({ length: n }, (_, i) => 0.2 + 2.1 * Math.exp(-i / 20) + 0.1 * Math.sin(i * 1.7));

describe('depth verdict at initialisation', () => {
  const tanh = kindsOf('tanh');

  it('LeCun or Xavier on tanh: spreads kept (tanh squashes a little), no unit near ±1: steady', () => {
    const r = depthVerdict({ kinds: tanh, blocks: blocks({ spread: (i) => 0.49 * 0.92 ** i, grad: (i) => 0.0017 * 0.91 ** (9 - i) }) });
    expect(r.verdict).toBe('steady');
    expect(r.activationFactor).toBeCloseTo(0.92, 6);
    expect(r.gradientFactor).toBeCloseTo(0.91, 6);
    expect(r.text).toBe('activations keep their spread (×0.92 per layer), 0 % of the tanh units in the deeper layers near their flat ends; gradients keep roughly their size (×0.91 per layer going back): every layer can learn');
  });

  it('He on tanh: the deeper half holds 6 % of its units near ±1, and the verdict names the share', () => {
    const r = depthVerdict({ kinds: tanh, blocks: blocks({ spread: () => 0.79, grad: (i) => 0.002 * 1.05 ** (9 - i), saturated: (i) => (i < 5 ? 0.035 : 0.061) }) });
    expect(r.verdict).toBe('saturating');
    expect(r.saturated).toBeCloseTo(0.061, 9);
    expect(r.text).toMatch(/^saturating: 6\.1 % of the tanh units in the deeper layers sit near their flat ends \(\|tanh\| > 0\.9/);
    expect(r.text).toContain('He’s 2/in, meant for ReLU, is twice what tanh needs');
  });

  it('a steep first layer from unscaled inputs is not read as saturation: the deeper layers decide', () => {
    const r = depthVerdict({ kinds: tanh, blocks: blocks({ spread: (i) => 0.9 * 0.9 ** i, grad: () => 1e-3, saturated: (i) => (i === 0 ? 0.14 : 0.001) }) });
    expect(r.verdict).toBe('steady');
  });

  it('LeCun on ReLU: the spread halves in variance per layer (×0.71), He makes up for it', () => {
    const relu = kindsOf('relu');
    const lecun = depthVerdict({ kinds: relu, blocks: blocks({ act: 'relu', spread: (i) => 0.49 * Math.SQRT1_2 ** i, grad: (i) => 0.0013 * 0.72 ** (9 - i) }) });
    expect(lecun.verdict).toBe('shrinking');
    expect(lecun.saturated).toBeNull();
    expect(lecun.text).toMatch(/^activations shrink ×0\.71 per layer: ReLU zeroes half of each layer’s input, so 1\/in halves the variance per layer/);
    expect(lecun.text).toContain('He’s 2/in makes up for it');
    const he = depthVerdict({ kinds: relu, blocks: blocks({ act: 'relu', spread: (i) => 0.7 * 1.01 ** i, grad: () => 0.0022 }) });
    expect(he.verdict).toBe('steady');
    expect(he.text).toBe('activations keep their spread (×1 per layer); gradients keep roughly their size (×1 per layer going back): every layer can learn');
  });

  it('zeros: every hidden unit identical (here 0), so symmetry is never broken and only the output bias learns', () => {
    const zeros = blocks({ spread: () => 0, grad: () => 0, unitRange: 0 });
    const r = depthVerdict({ kinds: tanh, blocks: zeros });
    expect(r.verdict).toBe('symmetric');
    expect(r.text).toContain('only the output bias learns and accuracy stays at chance');
    // During training the measured step agrees: nothing but the head's bias moved.
    const still: LayerUpdate[] = Array.from({ length: LAYERS + 1 }, (_, i) => ({ weightNorm: 0, weightStep: 0, biasStep: i === LAYERS ? 6e-4 : 0 }));
    const trained = depthVerdict({ kinds: tanh, blocks: zeros, updates: still, losses: Array(100).fill(2.303), optimizer: 'adam' });
    expect(trained.verdict).toBe('symmetric');
    expect(trained.text).toMatch(/\(measured: the last step moved the output bias and nothing else\)$/);
  });

  it('equal but non-zero units are symmetric too (each layer acts as one unit)', () => {
    const r = depthVerdict({ kinds: tanh, blocks: blocks({ spread: () => 0.2, unitRange: 0 }).map((b) => ({ ...b, outputMean: 0.4 })) });
    expect(r.verdict).toBe('symmetric');
    expect(r.text).toMatch(/each layer acts as a single unit$/);
  });

  it('overflow and stacks too shallow to compare', () => {
    expect(depthVerdict({ kinds: tanh, blocks: blocks({ grad: (i) => (i === 0 ? Number.NaN : 1) }) }).verdict).toBe('exploding');
    expect(depthVerdict({ kinds: ['linear', 'tanh'], blocks: blocks({}).slice(0, 2) }).verdict).toBe('too-shallow');
  });
});

describe('depth verdict during training', () => {
  const tanh = kindsOf('tanh');
  // Measured on the preset after 135 Adam steps on digits (test accuracy 94 %): gradients
  // grow ×1.25 per layer going back, steps are 0.15–0.36 % of the weights.
  const trainedLeCun = blocks({ spread: (i) => 0.35 + 0.04 * i, grad: (i) => 0.00035 * 1.26 ** (9 - i), saturated: (i) => 0.03 * i });

  it('a network training well is not called exploding, whatever its per-layer gradient ratio', () => {
    const r = depthVerdict({ kinds: tanh, blocks: trainedLeCun, updates: updates(0.003), losses: falling(), optimizer: 'adam' });
    expect(r.gradientFactor).toBeGreaterThan(1.2);
    expect(r.verdict).toBe('learning');
    expect(r.text).not.toMatch(/explod|blow/);
    expect(r.text).toMatch(/^training well: the loss falls and each step changes the layers’ weights by 0\.3 % to 0\.3 % of their size; gradients grow ×1\.3 per layer going back, and Adam divides each step/);
    const sgd = depthVerdict({ kinds: tanh, blocks: trainedLeCun, updates: updates(0.003), losses: falling(), optimizer: 'sgd' });
    expect(sgd.verdict).toBe('learning');
    expect(sgd.text).toContain('with SGD a step is the learning rate times the gradient');
  });

  it('a diverging run: the loss rising or NaN with large steps is exploding', () => {
    const rising = Array.from({ length: 135 }, (_, i) => 2.3 + (i > 30 ? (i - 30) * 0.3 : 0));
    const r = depthVerdict({ kinds: tanh, blocks: trainedLeCun, updates: updates(0.13), losses: rising, optimizer: 'sgd' });
    expect(r.verdict).toBe('exploding');
    expect(r.text).toBe('exploding: the loss is rising and the last step moved weights by up to 13 % of their size; lower the learning rate and Reset');
    const nan = depthVerdict({ kinds: tanh, blocks: trainedLeCun, updates: updates(0.56), losses: [2.3, Number.NaN], optimizer: 'sgd' });
    expect(nan.verdict).toBe('exploding');
  });

  it('a rising loss with small steps is not an explosion: stuck on saturated units, or just rising', () => {
    const up = Array.from({ length: 135 }, (_, i) => (i < 5 ? 2.3 : 3.2));
    const saturated = blocks({ spread: () => 0.99, grad: (i) => 1e-10 * 10 ** i, saturated: () => 0.96 });
    const stuck = depthVerdict({ kinds: tanh, blocks: saturated, updates: updates(0.02), losses: up, optimizer: 'adam' });
    expect(stuck.verdict).toBe('stuck');
    expect(stuck.text).toMatch(/^stuck: the loss rose and 96 % of the tanh units in the deeper layers sit on their flat ends/);
    expect(depthVerdict({ kinds: tanh, blocks: trainedLeCun, updates: updates(0.003), losses: up, optimizer: 'adam' }).verdict).toBe('rising');
  });

  it('too little history or no measured step yet: read as at initialisation, and said so', () => {
    const early = blocks({ spread: (i) => 0.49 * 0.92 ** i, grad: (i) => 0.0017 * 0.91 ** (9 - i) });
    const r = depthVerdict({ kinds: tanh, blocks: early, updates: updates(0.003), losses: [2.3], optimizer: 'adam' });
    expect(r.verdict).toBe('steady');
    expect(r.text).toMatch(/^too early to judge the training \(it needs 10 losses and a measured step\); as at initialisation: activations keep their spread/);
    expect(depthVerdict({ kinds: tanh, blocks: early, updates: null, losses: falling(), optimizer: 'adam' }).text).toMatch(/^too early/);
  });
});

describe('lossTrend', () => {
  it('reads falling, flat, rising, non-finite and too short', () => {
    expect(lossTrend(falling())).toBe('falling');
    expect(lossTrend(Array(50).fill(2.3))).toBe('flat');
    // learned, then blew up: above its best by more than a quarter of the start
    expect(lossTrend([...falling(100), ...Array(30).fill(1.2)])).toBe('rising');
    // spiked and settled above where it started
    expect(lossTrend([2.3, 9.4, 4.8, 7.9, 6.3, 5.1, 3, 3.1, 2.9, 3, 2.8, 3.1])).toBe('rising');
    expect(lossTrend([2.3, 2, Number.NaN])).toBe('non-finite');
    expect(lossTrend([2.3, 2, 1.8])).toBe('unknown');
  });
});
