// The depth lab's statistics measured on the real module: the deep Tanh preset (and the same
// stack with ReLU) trained on digits per init scheme, as the page's worker trains it. Prints a
// table (DEPTH_TABLE=1: the figures the verdicts' thresholds come from) and checks that what
// the lab reads matches what is known of each init.
import { describe, expect, it } from 'vitest';
import { deepTanhSpecs } from '../../../web/src/learn/depth-preset';
import { depthVerdict } from '../../../web/src/learn/depth-verdict';
import type { OptimizerId } from '../../../web/src/model/training/settings';
import type { BlockStats } from '../../../web/src/engine/layerlab';
import type { InitScheme } from '../../../web/src/vocabulary/blocks';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import { Trainer } from '../../../web/src/train/worker/trainer';
import type { TrainSettings } from '../../../web/src/model/training/settings';
import type { MeasuredUpdate } from '../../../web/src/learn/update-probe';
import { useModule } from '../support/module';
import { dataBuilt, imageSet, noop, setupFor } from '../train/support';

const fx = useModule({ checkHeap: false });
const print = process.env.DEPTH_TABLE === '1';

/** The preset's blocks as the worker gets them, on digits' 64 inputs. */
function deepSpecs(init: InitScheme, act: 'tanh' | 'relu' = 'tanh'): LayerSpec[] {
  let inF = 64;
  return deepTanhSpecs().map((b) => {
    if (b.kind !== 'linear') return { kind: act };
    const spec: LayerSpec = { kind: 'linear', in: inF, out: b.outFeatures, bias: true, init };
    inF = b.outFeatures;
    return spec;
  });
}

interface Measured {
  init: BlockStats[];
  late: BlockStats[];
  updates: MeasuredUpdate | null;
  losses: number[];
  testAccuracy: number;
}

/** `steps` steps; depth statistics at step 0 and at the end, the update of the last step. */
async function measure(layers: LayerSpec[], settings: Partial<TrainSettings>, steps: number): Promise<Measured> {
  const data = await imageSet('digits');
  const t = new Trainer(fx.ll, setupFor(layers, [64], { dataset: 'digits', ...settings }), data);
  try {
    const init = t.snapshot({ depthStats: true }).depthStats!;
    const losses: number[] = [];
    let late = init;
    let updates: MeasuredUpdate | null = null;
    for (let i = 0; i < steps; i++) {
      if (i === steps - 1) t.snapshot({ depthStats: true }); // arms the probe for the last step
      const r = t.trainStep(false, noop);
      if (r.kind !== 'ok') {
        losses.push(Number.NaN);
        break;
      }
      losses.push(r.loss ?? Number.NaN);
    }
    const end = t.snapshot({ depthStats: true });
    late = end.depthStats!;
    updates = end.updates ?? null;
    return { init, late, updates, losses, testAccuracy: t.evaluateTest(false).accuracy };
  } finally {
    t.dispose();
  }
}

const f = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : Number(v.toPrecision(2)).toString());

function table(name: string, m: Measured, kinds: string[], optimizer: OptimizerId): void {
  if (!print) return;
  const atInit = depthVerdict({ kinds, blocks: m.init });
  const late = depthVerdict({ kinds, blocks: m.late, updates: m.updates?.layers, losses: m.losses, optimizer });
  const hidden = (b: BlockStats[], k: keyof BlockStats) => b.filter((_, i) => i % 2 === 1 && i < 20).map((s) => f(s[k] as number));
  const lin = (b: BlockStats[], k: keyof BlockStats) => b.filter((_, i) => i % 2 === 0).map((s) => f(s[k] as number));
  console.log(
    [
      `== ${name}: test accuracy ${f(m.testAccuracy)}; loss first ${f(m.losses[0])} last ${f(m.losses.at(-1))}`,
      `  init act std (after each activation): ${hidden(m.init, 'outputStd').join(' ')}`,
      `  init linear out std: ${lin(m.init, 'outputStd').join(' ')}`,
      `  init saturated: ${hidden(m.init, 'saturated').join(' ')}`,
      `  init unitRange (activations): ${hidden(m.init, 'unitRange').join(' ')}`,
      `  init grad std at linear outputs: ${lin(m.init, 'gradStd').join(' ')}`,
      `  late act std: ${hidden(m.late, 'outputStd').join(' ')}`,
      `  late saturated: ${hidden(m.late, 'saturated').join(' ')}`,
      `  late grad std at linear outputs: ${lin(m.late, 'gradStd').join(' ')}`,
      `  last step ‖ΔW‖/‖W‖: ${(m.updates?.layers ?? []).map((u) => f(u.weightStep / u.weightNorm)).join(' ')}`,
      `  last step ‖Δb‖: ${(m.updates?.layers ?? []).map((u) => f(u.biasStep)).join(' ')}`,
      `  verdict at init: ${atInit.verdict}: ${atInit.text}`,
      `  verdict late: ${late.verdict}: ${late.text}`,
      `  losses: ${m.losses.filter((_, i) => i % 5 === 0).map(f).join(" ")}`,
    ].join('\n'),
  );
}

/** One run: its measurements, and the verdicts at initialisation and at the end. */
async function run(name: string, layers: LayerSpec[], settings: Partial<TrainSettings>, steps = 135) {
  const m = await measure(layers, settings, steps);
  const kinds = layers.map((l) => l.kind);
  table(name, m, kinds, settings.optimizer ?? 'adam');
  return {
    m,
    atInit: depthVerdict({ kinds, blocks: m.init }),
    late: depthVerdict({ kinds, blocks: m.late, updates: m.updates?.layers, losses: m.losses, optimizer: settings.optimizer ?? 'adam' }),
  };
}

const ADAM = { optimizer: 'adam', lr: 0.001 } as const;

describe.skipIf(!dataBuilt)('depth lab on the deep preset trained on digits (measured, 135 steps)', { timeout: 120_000 }, () => {
  it.each(['lecun', 'xavier'] as const)('%s on tanh: steady at init; trains to 90 %+ and is read as training well, not exploding', async (init) => {
    const { m, atInit, late } = await run(`tanh ${init} adam`, deepSpecs(init), ADAM);
    expect(atInit.verdict).toBe('steady');
    expect(m.testAccuracy).toBeGreaterThan(0.9);
    expect(late.verdict).toBe('learning');
    expect(late.text).not.toMatch(/explod|blow/);
  });

  it('He on tanh: saturating at init with about the mean-field share (6.1 % at |tanh| > 0.9)', async () => {
    const { atInit, late } = await run('tanh he adam', deepSpecs('he'), ADAM);
    expect(atInit.verdict).toBe('saturating');
    expect(atInit.saturated).toBeGreaterThan(0.03);
    expect(atInit.saturated).toBeLessThan(0.1);
    expect(late.verdict).toBe('learning'); // Adam still trains it on this small set
  });

  it('zeros: symmetric, only the output bias moves, accuracy stays at chance', async () => {
    const { m, atInit, late } = await run('tanh zeros adam', deepSpecs('zeros'), ADAM);
    expect([atInit.verdict, late.verdict]).toEqual(['symmetric', 'symmetric']);
    const layers = m.updates!.layers;
    expect(layers.every((u) => u.weightNorm === 0 && u.weightStep === 0)).toBe(true);
    expect(layers.slice(0, -1).every((u) => u.biasStep === 0)).toBe(true);
    expect(layers.at(-1)!.biasStep).toBeGreaterThan(0);
    expect(m.testAccuracy).toBeLessThan(0.15);
  });

  it('ReLU: LeCun halves the variance per layer (spread ×√½), He keeps it', async () => {
    const lecun = await run('relu lecun adam', deepSpecs('lecun', 'relu'), ADAM);
    expect(lecun.atInit.verdict).toBe('shrinking');
    expect(lecun.atInit.activationFactor).toBeCloseTo(Math.SQRT1_2, 1);
    const he = await run('relu he adam', deepSpecs('he', 'relu'), ADAM);
    expect(he.atInit.verdict).toBe('steady');
    expect(he.atInit.activationFactor).toBeCloseTo(1, 1);
  });

  it('too large a learning rate: exploding (SGD), stuck on saturated units (Adam)', async () => {
    expect((await run('tanh lecun sgd lr 0.1', deepSpecs('lecun'), { optimizer: 'sgd', lr: 0.1, momentum: 0.9 })).late.verdict).toBe('exploding');
    expect((await run('tanh lecun sgd lr 3', deepSpecs('lecun'), { optimizer: 'sgd', lr: 3, momentum: 0.9 })).late.verdict).toBe('exploding');
    expect((await run('tanh lecun adam lr 0.05', deepSpecs('lecun'), { optimizer: 'adam', lr: 0.05 })).late.verdict).toBe('stuck');
  });
});
