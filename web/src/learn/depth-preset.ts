// The depth lab's preset, "10 × Linear(256) + Tanh" and a 10-class head. It lives here, not in
// model/presets.ts, because a preset entry there is several lines and that file belongs to
// the page; the training panel can list it next to PRESETS.
import type { BlockSpec } from '../model/blocks.ts';
import type { Preset } from '../model/presets.ts';
import { modelFromSpecs } from '../model/network.ts';

export const DEPTH_LAYERS = 10;

export function deepTanhSpecs(layers = DEPTH_LAYERS, width = 256, classes = 10): BlockSpec[] {
  const out: BlockSpec[] = [];
  for (let i = 0; i < layers; i++) out.push({ kind: 'linear', outFeatures: width, bias: true, init: 'lecun', inFeatures: null }, { kind: 'tanh' });
  out.push({ kind: 'linear', outFeatures: classes, bias: true, init: 'lecun', inFeatures: null });
  return out;
}

export const DEEP_TANH_PRESET: Preset = Object.freeze({
  id: 'deep-tanh',
  name: '10 × Linear(256) + Tanh',
  description: 'A deep stack for the depth lab: change the init and watch activations and gradients shrink or grow layer by layer.',
  model: modelFromSpecs(deepTanhSpecs(), { input: { batch: 64, features: [784] } }),
});
