// The URL hash as a serialisation of the model, and nothing else.
//
// Grammar (fields joined by "&", in this order; a leading "#" is optional):
//
//   in=32x784                 batch × input features: 32x784, 32x28x28 (1 to 4 feature dims)
//   data=ones                 normal | ones | sample | typed               (default normal)
//   x=1,2,3;4,5,6             with data=typed: the values, rows by ";" (its shape must be in=)
//   net=<block>,<block>,...   empty for no blocks
//     linear(256)             out features 256, linked in features, bias, LeCun init
//     linear(256,in=128)      unlinked: in features set by hand to 128
//     linear(256,nobias)      no bias
//     linear(256,he)          init: lecun | xavier | he | zeros
//     linear(256,in=128,nobias,xavier)   options in any order; written in this order
//     dropout(0.5)            p in [0, 1]; also dropout(p=0.5); "dropout" alone means p = 0.5
//     relu  sigmoid  tanh  softmax  flatten
//     (block names are read case-insensitively: "ReLU" works; they are written in lower case)
//   train=1                   1 | 0 (also true/false, on/off)              (default 1)
//   seed=42                   whole number 0 .. 4294967295                 (default 42)
//   view=heatmaps,masks       the view options that are on, or "none"      (default all on)
//
// Training settings (web/src/model/training/settings.ts; written only when not at their default):
//   dataset=digits            circle | xor | gauss | spiral | moons | digits | fashion-mnist
//   noise=0.1  split=0.5      toy sets: label noise 0 .. 0.5, training share 0.1 .. 0.9
//   loss=cross-entropy        cross-entropy | bce | mse
//   opt=adam                  sgd | adam | adamw
//   lr=0.001  momentum=0.9  nesterov=1  bs=32  wd=0
//   steps=1000                optimizer steps taken: opening the link replays them (at most 200000)
//
// Only characters that survive in a URL fragment unescaped are written. Decoding never
// throws and never evaluates anything: every part that cannot be read is reported and
// replaced by its default, so a damaged link still opens a usable network.
import { type Matrix, matrixFromUrl, matrixToUrl } from '../network/input-matrix.ts';
import { readFlag, repeatedKey, splitKeyValues } from './key-values.ts';
import type { BlockSpec } from '../../vocabulary/blocks.ts';
import {
  type InputData,
  type NetworkModel,
  type ViewOptions,
  DEFAULT_INPUT,
  DEFAULT_SEED,
  DEFAULT_TRAINING,
  DEFAULT_VIEW,
  INPUT_DATA,
  modelFromSpecs,
} from '../network/network.ts';
import { quoted } from '../text.ts';
import { type Parsed, fail, parseNet, serialiseBlock } from './url-net.ts';
import { LIMITS, type Validated, validateBatch, validateFeatureSize, validateSeed } from '../network/validate.ts';
import {
  DATASET_IDS,
  DEFAULT_TRAIN_SETTINGS,
  LOSSES,
  OPTIMIZERS,
  type TrainSettings,
  validateBatchSize,
  validateChoice,
  validateLr,
  validateMomentum,
  validateNoise,
  validateSteps,
  validateTrainFraction,
  validateWeightDecay,
} from '../training/settings.ts';

/** What a link says about training: the settings and the steps to replay. */
export interface TrainUrl {
  settings: TrainSettings;
  steps: number;
}

export const DEFAULT_TRAIN_URL: Readonly<TrainUrl> = Object.freeze({ settings: { ...DEFAULT_TRAIN_SETTINGS }, steps: 0 });

/** Longer hashes are refused outright: no legitimate network needs this much text. */
export const MAX_HASH_LENGTH = 8_192;

interface UrlValues {
  in: { batch: number; features: number[] };
  data: InputData;
  /** The typed values (data=typed). */
  x: Matrix | null;
  net: BlockSpec[];
  train: boolean;
  seed: number;
  view: ViewOptions;
  dataset: TrainSettings['dataset'];
  noise: number;
  split: number;
  loss: TrainSettings['loss'];
  opt: TrainSettings['optimizer'];
  lr: number;
  momentum: number;
  nesterov: boolean;
  bs: number;
  wd: number;
  steps: number;
}

interface UrlField<T> {
  default: T;
  /** Written even at its default, so a shared link keeps its meaning if defaults change. */
  alwaysWritten: boolean;
  parse(text: string): Parsed<T>;
  serialise(value: T): string;
}

const VIEW_NAMES: readonly (keyof ViewOptions)[] = ['heatmaps', 'histograms', 'masks'];

function parseInput(text: string): Parsed<UrlValues['in']> {
  const parts = text.split(/[x×X]/);
  if (parts.length < 2) return fail(`expected batch × features like 32x784 (got ${quoted(text)})`);
  if (parts.length > LIMITS.maxInputDims + 1) {
    return fail(`at most ${LIMITS.maxInputDims} feature dimensions after the batch (got ${parts.length - 1})`);
  }
  const [batchText = '', ...featureTexts] = parts;
  const batch = validateBatch(batchText);
  if (!batch.ok) return fail(batch.error);
  const features: number[] = [];
  for (const [i, part] of featureTexts.entries()) {
    const label = featureTexts.length === 1 ? 'Input features' : `Input features (dimension ${i + 1} of ${featureTexts.length})`;
    const size = validateFeatureSize(part, label);
    if (!size.ok) return fail(size.error);
    features.push(size.value);
  }
  return { value: { batch: batch.value, features }, problems: [] };
}

function parseSwitch(text: string): Parsed<boolean> {
  const flag = readFlag(text);
  return flag === null ? fail(`expected 1 or 0 (got ${quoted(text)})`) : { value: flag, problems: [] };
}

function checked<T>(validate: (text: string) => Validated<T>): (text: string) => Parsed<T> {
  return (text) => {
    const v = validate(text);
    return v.ok ? { value: v.value, problems: [] } : fail(v.error);
  };
}

/** A training field: written when not at its default. */
function trainField<T>(value: T, parse: (text: string) => Parsed<T>, serialise: (v: T) => string = String): UrlField<T> {
  return { default: value, alwaysWritten: false, parse, serialise };
}

/** The one table of URL fields. Key order here is the order they are written in. */
const FIELDS: { [K in keyof UrlValues]: UrlField<UrlValues[K]> } = {
  in: {
    default: { batch: DEFAULT_INPUT.batch, features: [...DEFAULT_INPUT.features] },
    alwaysWritten: true,
    parse: parseInput,
    serialise: (v) => [v.batch, ...v.features].join('x'),
  },
  data: {
    default: DEFAULT_INPUT.data,
    alwaysWritten: false,
    parse: (text) => {
      const word = text.trim().toLowerCase();
      const data = INPUT_DATA.find((d) => d === word);
      return data === undefined ? fail(`expected ${INPUT_DATA.join(', ')} (got ${quoted(text)})`) : { value: data, problems: [] };
    },
    serialise: (v) => v,
  },
  x: {
    default: null,
    alwaysWritten: false,
    parse: (text) => {
      const m = matrixFromUrl(text);
      return m.ok ? { value: m.value, problems: [] } : fail(m.error);
    },
    serialise: (v) => (v ? matrixToUrl(v.values, v.columns) : ''),
  },
  net: {
    default: [],
    alwaysWritten: true,
    parse: parseNet,
    serialise: (v) => v.map(serialiseBlock).join(','),
  },
  train: {
    default: DEFAULT_TRAINING,
    alwaysWritten: false,
    parse: parseSwitch,
    serialise: (v) => (v ? '1' : '0'),
  },
  seed: {
    default: DEFAULT_SEED,
    alwaysWritten: false,
    parse: (text) => {
      const seed = validateSeed(text);
      return seed.ok ? { value: seed.value, problems: [] } : fail(seed.error);
    },
    serialise: (v) => String(v),
  },
  view: {
    default: { ...DEFAULT_VIEW },
    alwaysWritten: false,
    parse: (text) => {
      const view: ViewOptions = { heatmaps: false, histograms: false, masks: false };
      const problems: string[] = [];
      const words = text.trim().toLowerCase();
      if (words === '' || words === 'none') return { value: view, problems };
      for (const word of words.split(',')) {
        const name = VIEW_NAMES.find((n) => n === word.trim());
        if (name === undefined) problems.push(`unknown view option ${quoted(word)} ignored (options: ${VIEW_NAMES.join(', ')}, none)`);
        else view[name] = true;
      }
      return { value: view, problems };
    },
    serialise: (v) => {
      const on = VIEW_NAMES.filter((n) => v[n]);
      return on.length === 0 ? 'none' : on.join(',');
    },
  },
  dataset: trainField(DEFAULT_TRAIN_SETTINGS.dataset, checked((t) => validateChoice(t, 'Data set', DATASET_IDS))),
  noise: trainField(DEFAULT_TRAIN_SETTINGS.noise, checked(validateNoise)),
  split: trainField(DEFAULT_TRAIN_SETTINGS.trainFraction, checked(validateTrainFraction)),
  loss: trainField(DEFAULT_TRAIN_SETTINGS.loss, checked((t) => validateChoice(t, 'Loss', LOSSES))),
  opt: trainField(DEFAULT_TRAIN_SETTINGS.optimizer, checked((t) => validateChoice(t, 'Optimizer', OPTIMIZERS))),
  lr: trainField(DEFAULT_TRAIN_SETTINGS.lr, checked(validateLr)),
  momentum: trainField(DEFAULT_TRAIN_SETTINGS.momentum, checked(validateMomentum)),
  nesterov: trainField(DEFAULT_TRAIN_SETTINGS.nesterov, parseSwitch, (v) => (v ? '1' : '0')),
  bs: trainField(DEFAULT_TRAIN_SETTINGS.batchSize, checked(validateBatchSize)),
  wd: trainField(DEFAULT_TRAIN_SETTINGS.weightDecay, checked(validateWeightDecay)),
  steps: trainField(0, checked(validateSteps)),
};

const KEYS = Object.keys(FIELDS) as (keyof UrlValues)[];

function isKey(text: string): text is keyof UrlValues {
  return (KEYS as string[]).includes(text);
}

function valuesOf(model: NetworkModel, training: TrainUrl = DEFAULT_TRAIN_URL): UrlValues {
  const t = training.settings;
  return {
    dataset: t.dataset,
    noise: t.noise,
    split: t.trainFraction,
    loss: t.loss,
    opt: t.optimizer,
    lr: t.lr,
    momentum: t.momentum,
    nesterov: t.nesterov,
    bs: t.batchSize,
    wd: t.weightDecay,
    steps: training.steps,
    in: { batch: model.input.batch, features: [...model.input.features] },
    data: model.input.data,
    x: model.input.data === 'typed' && model.input.values ? { rows: model.input.batch, columns: model.input.features[0] ?? 0, values: [...model.input.values] } : null,
    net: model.blocks,
    train: model.training,
    seed: model.seed,
    view: model.view,
  };
}

function defaults(): UrlValues {
  return {
    ...valuesOf(modelFromSpecs([])),
    in: { ...FIELDS.in.default, features: [...FIELDS.in.default.features] },
    data: FIELDS.data.default,
    x: null,
    net: [...FIELDS.net.default],
    train: FIELDS.train.default,
    seed: FIELDS.seed.default,
    view: { ...FIELDS.view.default },
  };
}

function modelOf(values: UrlValues): NetworkModel {
  return modelFromSpecs(values.net, {
    input: { batch: values.in.batch, features: values.in.features, data: values.data, ...(values.data === 'typed' && values.x ? { values: values.x.values } : {}) },
    training: values.train,
    seed: values.seed,
    view: values.view,
  });
}

function trainingOf(v: UrlValues): TrainUrl {
  return {
    settings: {
      dataset: v.dataset,
      noise: v.noise,
      trainFraction: v.split,
      loss: v.loss,
      optimizer: v.opt,
      lr: v.lr,
      momentum: v.momentum,
      nesterov: v.nesterov,
      batchSize: v.bs,
      weightDecay: v.wd,
    },
    steps: v.steps,
  };
}

function defaultText<K extends keyof UrlValues>(key: K): string {
  const field: UrlField<UrlValues[K]> = FIELDS[key];
  return field.serialise(field.default);
}

function writeField<K extends keyof UrlValues>(key: K, values: UrlValues): string | null {
  const field: UrlField<UrlValues[K]> = FIELDS[key];
  const text = field.serialise(values[key]);
  if (!field.alwaysWritten && text === defaultText(key)) return null;
  return `${key}=${text}`;
}

/** The hash for `model` (and the training settings, when given), with the leading "#". */
export function encodeUrlState(model: NetworkModel, training?: TrainUrl): string {
  const values = valuesOf(model, training);
  const parts = KEYS.map((key) => writeField(key, values)).filter((p): p is string => p !== null);
  return '#' + parts.join('&');
}

function readField<K extends keyof UrlValues>(key: K, text: string, values: UrlValues, problems: string[]): void {
  const field: UrlField<UrlValues[K]> = FIELDS[key];
  const parsed = field.parse(text);
  for (const p of parsed.problems) problems.push(`${key}: ${p}`);
  if (parsed.value !== null) values[key] = parsed.value;
  else problems.push(`${key}: using the default, ${defaultText(key) || 'nothing'}`);
}

export interface DecodedUrl {
  model: NetworkModel;
  training: TrainUrl;
  problems: string[];
}

function decode(hash: string): DecodedUrl {
  const problems: string[] = [];
  const values = defaults();
  if (hash.length > MAX_HASH_LENGTH) {
    problems.push(`The link is too long (${hash.length} characters, at most ${MAX_HASH_LENGTH}); the default network was opened instead`);
    return { model: modelOf(values), training: trainingOf(values), problems };
  }
  const seen = new Set<string>();
  // A fragment's "+" is a plus, not a space.
  for (const { key, value: text, hasValue } of splitKeyValues(hash.replace(/^#/, ''), { plusIsSpace: false }, problems)) {
    if (!isKey(key)) {
      problems.push(`Unknown link setting ${quoted(key)} ignored (settings: ${KEYS.join(', ')})`);
    } else if (seen.has(key)) {
      problems.push(repeatedKey(key));
    } else if (!hasValue) {
      seen.add(key);
      problems.push(`${key}: has no value, as in ${key}=${defaultText(key) || '...'}; ignored`);
    } else {
      seen.add(key);
      readField(key, text, values, problems);
    }
  }
  typedProblem(values, problems);
  return { model: modelOf(values), training: trainingOf(values), problems };
}

/** data=typed needs x= with the input's shape; anything else falls back to seeded noise, saying why. */
function typedProblem(values: UrlValues, problems: string[]): void {
  const { x, in: input } = values;
  if (values.data !== 'typed') {
    if (x) problems.push('x: typed values are used with data=typed; ignored');
    return;
  }
  const columns = input.features.length === 1 ? (input.features[0] ?? 0) : -1;
  const why = !x
    ? 'data=typed needs the values, as in x=1,2,3'
    : x.rows !== input.batch || x.columns !== columns
      ? `x has ${x.rows} × ${x.columns} values, in= says ${[input.batch, ...input.features].join(' × ')}`
      : null;
  if (why === null) return;
  problems.push(`${why}; using ${DEFAULT_INPUT.data} data`);
  values.data = DEFAULT_INPUT.data;
  values.x = null;
}

/**
 * Reads a hash ("#in=32x784&net=relu" or without "#"). Never throws: anything unreadable
 * is listed in `problems` and falls back to its default.
 */
export function decodeUrlState(hash: string): DecodedUrl {
  try {
    return decode(hash);
  } catch (error) {
    // Unreachable by design; kept so a bug here can never stop the page from opening.
    return { model: modelOf(defaults()), training: trainingOf(defaults()), problems: [`The link could not be read (${String(error)}); the default network was opened`] };
  }
}
