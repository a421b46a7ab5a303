// The depth lab's verdict on one line of statistics: what the spreads, the saturation, the
// units' sameness, the optimizer's steps and the loss say together, in a sentence a learner
// can act on. Pure: the rules and their sources are listed in the README ("What the page
// teaches"); the thresholds come from the deep Tanh preset measured on digits
// (tests/web/learn/depth-measure.test.ts) and from the theory each rule cites.
import type { BlockStats } from '../engine/layerlab';
import type { OptimizerId } from '../model/training/settings.ts';
import type { LayerUpdate } from './update-probe.ts';

export interface DepthInput {
  /** Block kinds in order ("linear", "tanh", ...). */
  kinds: readonly string[];
  blocks: readonly BlockStats[];
  /** During training: the last measured step, per Linear (null or absent at initialisation). */
  updates?: readonly LayerUpdate[] | null;
  /** During training: the loss per step so far, oldest first. */
  losses?: readonly number[];
  optimizer?: OptimizerId;
}

/**
 * Positions of the Linear blocks a gradient travels through: all but the last one when there
 * are three or more, because the last is the head, whose output gradient the loss sets
 * directly (and whose width change, e.g. 256 -> 10, is not a depth effect).
 */
export function hiddenLinears(kinds: readonly string[]): number[] {
  const at = kinds.flatMap((k, i) => (k === 'linear' ? [i] : []));
  return at.length >= 3 ? at.slice(0, -1) : at;
}

/**
 * The per-layer factor of `values` over the hidden Linear blocks, from the last back to the
 * first: (first / last)^(1 / (layers - 1)). null with fewer than two of them or a zero,
 * negative or non-finite end.
 */
export function perLayerFactor(values: readonly number[], kinds: readonly string[]): number | null {
  const at = hiddenLinears(kinds);
  if (at.length < 2) return null;
  const first = values[at[0]!]!;
  const last = values[at[at.length - 1]!]!;
  if (!(first > 0 && last > 0 && Number.isFinite(first) && Number.isFinite(last))) return null;
  return (first / last) ** (1 / (at.length - 1));
}

export type Verdict = 'too-shallow' | 'overflow' | 'symmetric' | 'exploding' | 'rising' | 'stuck' | 'learning' | 'saturating' | 'shrinking' | 'growing' | 'steady';

export type LossTrend = 'unknown' | 'non-finite' | 'falling' | 'flat' | 'rising';

export interface DepthReading {
  verdict: Verdict;
  text: string;
  /** Per-layer factor of the hidden Linears' output spread, first to last (null: not measurable). */
  activationFactor: number | null;
  /** Per-layer factor of the gradient spread going back, last hidden Linear to first. */
  gradientFactor: number | null;
  /** Mean fraction of Tanh/Sigmoid outputs on the flat ends, deeper half of those blocks (null: no such block). */
  saturated: number | null;
  /** Smallest and largest ‖ΔW‖/‖W‖ of the last measured step over the Linears with weights. */
  updateRatio: { min: number; max: number } | null;
  loss: LossTrend;
}

/** Per-layer factors within [KEPT, 1/KEPT] keep their size: LeCun on tanh measures ×0.92 (tanh's slow squashing), LeCun on ReLU ×0.71 (√½). */
export const KEPT = 0.8;
/** A mean saturated share from which tanh/sigmoid units count as pushed to their flat ends: a gain-1 init drives it to 0 with depth, He on tanh holds it at 6 %. */
export const SATURATED_SHARE = 0.02;
/** Nearly every unit on a flat end: no gradient gets through. */
export const STUCK_SHARE = 0.5;
/** A step moving some layer's weights by this fraction of their size is out of control (healthy runs on the preset: 0.1–0.4 %; diverging ones: 12–56 %). */
export const LARGE_STEP = 0.05;
/** Losses needed to read a trend. */
export const MIN_LOSSES = 10;
/** Units closer than this (relative to their spread) count as identical. */
const SAME_UNITS = 1e-6;

const pct = (f: number): string => (f === 0 ? '0 %' : f < 1e-5 ? 'under 0.001 %' : `${Number((100 * f).toPrecision(2))} %`);
const times = (f: number): string => `×${Number(f.toPrecision(2))}`;

/**
 * How the loss moved: the mean of the last fifth of the steps against the start (the first
 * step's loss, the initial network's) and the best fifth. Rising: above its best by a quarter of the start, or above
 * the start itself (a run that blew up and settled higher has not learned).
 */
export function lossTrend(losses: readonly number[]): LossTrend {
  if (losses.length > 0 && !Number.isFinite(losses[losses.length - 1]!)) return 'non-finite';
  if (losses.length < MIN_LOSSES) return 'unknown';
  const w = Math.max(2, Math.floor(losses.length / 5));
  const mean = (from: number): number => losses.slice(from, from + w).reduce((s, v) => s + v, 0) / w;
  const start = losses[0]!;
  const last = mean(losses.length - w);
  let best = Math.min(start, last);
  for (let from = 0; from + w <= losses.length; from += w) best = Math.min(best, mean(from));
  if (last > best + 0.25 * Math.max(start, best) || last > 1.1 * start) return 'rising';
  return last < 0.9 * start ? 'falling' : 'flat';
}

/** The hidden blocks: everything before the head (the last Linear). */
function hiddenBlocks(kinds: readonly string[], blocks: readonly BlockStats[]): BlockStats[] {
  const head = kinds.lastIndexOf('linear');
  return blocks.slice(0, head > 0 ? head : blocks.length);
}

/**
 * Mean saturated share over the deeper half of the Tanh/Sigmoid blocks: there the init decides
 * it (a gain-1 init shrinks the spread towards 0, He's holds it), whatever the inputs' scale
 * does to the first layers.
 */
function meanSaturated(blocks: readonly BlockStats[]): number | null {
  const s = blocks.flatMap((b) => (b.saturated === null || b.saturated === undefined ? [] : [b.saturated]));
  const deep = s.slice(Math.floor(s.length / 2));
  return deep.length === 0 ? null : deep.reduce((a, b) => a + b, 0) / deep.length;
}

function ratios(updates: readonly LayerUpdate[] | null | undefined): { min: number; max: number } | null {
  const r = (updates ?? []).flatMap((u) => (u.weightNorm > 0 ? [u.weightStep / u.weightNorm] : []));
  return r.length === 0 ? null : { min: Math.min(...r), max: Math.max(...r) };
}

/** The activation the stack uses, for advice on its init. */
function activationOf(kinds: readonly string[]): 'tanh' | 'sigmoid' | 'relu' | null {
  for (const k of ['relu', 'tanh', 'sigmoid'] as const) if (kinds.includes(k)) return k;
  return null;
}

export function depthVerdict(input: DepthInput): DepthReading {
  const { kinds, blocks } = input;
  const hidden = hiddenBlocks(kinds, blocks);
  const reading: DepthReading = {
    verdict: 'steady',
    text: '',
    activationFactor: perLayerFactor(blocks.map((b) => b.outputStd), kinds) ?? null,
    gradientFactor: perLayerFactor(blocks.map((b) => b.gradStd), kinds),
    saturated: meanSaturated(hidden),
    updateRatio: ratios(input.updates),
    loss: lossTrend(input.losses ?? []),
  };
  // perLayerFactor reads first / last; activations are judged going forward, last / first.
  if (reading.activationFactor !== null) reading.activationFactor = 1 / reading.activationFactor;
  const say = (verdict: Verdict, text: string): DepthReading => ({ ...reading, verdict, text });
  const training = input.losses !== undefined && input.losses.length > 0;
  const act = activationOf(kinds);

  if (hiddenLinears(kinds).length < 2) return say('too-shallow', 'add at least three Linear blocks (two hidden and a head) to compare layers');
  if (blocks.some((b) => !Number.isFinite(b.gradStd) || !Number.isFinite(b.outputStd)) || reading.loss === 'non-finite') {
    return say('exploding', training ? `exploding: the loss or the values became inf or NaN${stepText(reading)}; lower the learning rate and Reset` : 'values overflow to inf or NaN: this stack explodes, training cannot start');
  }
  // Symmetry: units that compute the same value get the same gradient and stay the same.
  if (hidden.length > 0 && hidden.every((b) => b.unitRange <= SAME_UNITS * Math.max(1, Math.abs(b.outputMean), b.outputStd))) {
    const zero = hidden.every((b) => b.outputStd === 0 && b.outputMean === 0);
    const u = input.updates ?? [];
    const onlyHeadBias = u.length > 1 && u.every((l, i) => l.weightStep === 0 && (i === u.length - 1 ? (l.biasStep ?? 0) > 0 : !l.biasStep));
    return say(
      'symmetric',
      zero
        ? 'every hidden unit outputs the same value (0): units that start equal get equal gradients and stay equal (symmetry is never broken), and with every weight 0 no gradient reaches any weight, so only the output bias learns and accuracy stays at chance' + (onlyHeadBias ? ' (measured: the last step moved the output bias and nothing else)' : '')
        : 'every hidden unit of a layer computes the same value: they get equal gradients and stay equal (symmetry is never broken), so each layer acts as a single unit',
    );
  }
  if (training) {
    const trained = trainingVerdict(reading, input.optimizer ?? 'sgd', act);
    if (trained) return say(trained.verdict, trained.text);
    // Early in a run the statistics are still those of the init, and are read as such.
    const early = initVerdict(reading, act, say);
    return { ...early, text: `too early to judge the training (it needs ${MIN_LOSSES} losses and a measured step); as at initialisation: ${early.text}` };
  }
  return initVerdict(reading, act, say);
}

function stepText(r: DepthReading): string {
  return r.updateRatio ? ` (the last step moved weights by up to ${pct(r.updateRatio.max)} of their size)` : '';
}

function gradientText(r: DepthReading): string {
  const g = r.gradientFactor;
  if (g === null) return 'no gradient reaches the last hidden layer';
  return g < KEPT ? `gradients shrink ${times(g)} per layer going back` : g > 1 / KEPT ? `gradients grow ${times(g)} per layer going back` : `gradients keep roughly their size (${times(g)} per layer going back)`;
}

/** Training verdicts come from the loss and the steps; null when the run has too little history to judge. */
function trainingVerdict(r: DepthReading, optimizer: OptimizerId, act: string | null): { verdict: Verdict; text: string } | null {
  const large = r.updateRatio !== null && r.updateRatio.max >= LARGE_STEP;
  const flat = act === 'relu' || act === null ? '' : ` and ${pct(r.saturated ?? 0)} of the ${act} units in the deeper layers sit on their flat ends`;
  if (r.loss === 'rising' && large) return { verdict: 'exploding', text: `exploding: the loss is rising and the last step moved weights by up to ${pct(r.updateRatio!.max)} of their size; lower the learning rate and Reset` };
  if (r.loss === 'rising' && (r.saturated ?? 0) >= STUCK_SHARE) {
    return { verdict: 'stuck', text: `stuck: the loss rose${flat}, where almost no gradient passes (${gradientText(r)}); a too-large step pushed them there; lower the learning rate and Reset` };
  }
  if (r.loss === 'rising') return { verdict: 'rising', text: `the loss is rising, though no step is large${stepText(r)}: not an explosion yet; try a lower learning rate` };
  if (r.loss !== 'falling' || r.updateRatio === null) return null;
  const scale =
    optimizer === 'sgd'
      ? 'with SGD a step is the learning rate times the gradient, so these step sizes follow the gradients'
      : 'Adam divides each step by the gradient’s running size (Kingma & Ba, 2015), so a layer’s step does not grow with its gradient';
  const steps = `each step changes the layers’ weights by ${pct(r.updateRatio.min)} to ${pct(r.updateRatio.max)} of their size`;
  const sat = (r.saturated ?? 0) >= SATURATED_SHARE && act !== 'relu' && act !== null ? `; ${pct(r.saturated!)} of the ${act} units in the deeper layers now sit near their flat ends` : '';
  return { verdict: 'learning', text: `training well: the loss falls and ${steps}; ${gradientText(r)}, and ${scale}${sat}` };
}

function initVerdict(r: DepthReading, act: string | null, say: (v: Verdict, t: string) => DepthReading): DepthReading {
  const a = r.activationFactor;
  const sat = r.saturated;
  const grads = gradientText(r);
  if (sat !== null && sat >= SATURATED_SHARE && act !== null && act !== 'relu') {
    const match = act === 'tanh' ? 'LeCun or Xavier (variance 1/in or 2/(in+out)) keep it near 0 %; He’s 2/in, meant for ReLU, is twice what tanh needs' : 'Xavier keeps it low';
    return say('saturating', `saturating: ${pct(sat)} of the ${act} units in the deeper layers sit near their flat ends (${act === 'tanh' ? '|tanh| > 0.9' : 'below 0.05 or above 0.95'}, slope under a fifth of its peak), where little gradient passes; ${match}; ${grads}`);
  }
  if (a !== null && a < KEPT) {
    const why = act === 'relu' ? ': ReLU zeroes half of each layer’s input, so 1/in halves the variance per layer (×0.71 in spread); He’s 2/in makes up for it' : ': the weights are too small for this activation';
    return say('shrinking', `activations shrink ${times(a)} per layer${why}; ${grads}`);
  }
  if (a !== null && a > 1 / KEPT) return say('growing', `activations grow ${times(a)} per layer: the weights are too large for this activation; ${grads}`);
  const flat = sat === null || act === null || act === 'relu' ? '' : `, ${pct(sat)} of the ${act} units in the deeper layers near their flat ends`;
  const spread = `${a === null ? 'activations keep their spread' : `activations keep their spread (${times(a)} per layer)`}${flat}`;
  if (r.gradientFactor === null) return say('steady', `${spread}, but ${grads}`);
  return say(r.gradientFactor < KEPT ? 'shrinking' : r.gradientFactor > 1 / KEPT ? 'growing' : 'steady', `${spread}; ${grads}${r.gradientFactor < KEPT || r.gradientFactor > 1 / KEPT ? '' : ': every layer can learn'}`);
}
