// The depth lab's preset, "10 × Linear(256) + Tanh" and a 10-class head. It lives here, not in
// model/network/presets.ts, because a preset entry there is several lines and that file belongs to
// the page; the training panel can list it next to PRESETS.
import type { BlockSpec, InitScheme } from '../vocabulary/blocks.ts';
import type { Preset } from '../model/network/presets.ts';
import { modelFromSpecs, type NetworkModel, setSeed, updateBlock } from '../model/network/network.ts';
import { dataShapeOf, fitFix } from '../model/training/fit.ts';
import type { TrainSettings } from '../model/training/settings.ts';

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

/** The deep Tanh preset fitted to the data set being trained on, with the learner's seed. */
export function depthPresetFor(current: NetworkModel, settings: TrainSettings): NetworkModel {
  const preset = setSeed(DEEP_TANH_PRESET.model, current.seed);
  return fitFix(preset, dataShapeOf(settings.dataset), settings.loss) ?? preset;
}

/** Every Linear of the model switched to `init`. */
export function withInit(model: NetworkModel, init: InitScheme): NetworkModel {
  return model.blocks.reduce((m, b) => (b.kind === 'linear' && b.init !== init ? updateBlock(m, b.id, { init }) : m), model);
}
