// The URL hash as a serialisation of the model, and nothing else.
//
// Grammar (fields joined by "&", in this order; a leading "#" is optional):
//
//   in=32x784                 batch × input features: 32x784, 32x28x28 (1 to 4 feature dims)
//   data=ones                 normal | ones | sample                       (default normal)
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
// Only characters that survive in a URL fragment unescaped are written. Decoding never
// throws and never evaluates anything: every part that cannot be read is reported and
// replaced by its default, so a damaged link still opens a usable network.
import type { BlockSpec } from './blocks.ts';
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
} from './network.ts';
import { quoted } from './text.ts';
import { type Parsed, fail, parseNet, serialiseBlock } from './url-net.ts';
import { LIMITS, validateBatch, validateFeatureSize, validateSeed } from './validate.ts';

/** Longer hashes are refused outright: no legitimate network needs this much text. */
export const MAX_HASH_LENGTH = 8_192;

interface UrlValues {
  in: { batch: number; features: number[] };
  data: InputData;
  net: BlockSpec[];
  train: boolean;
  seed: number;
  view: ViewOptions;
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

const TRUE_WORDS = ['1', 'true', 'on', 'yes'];
const FALSE_WORDS = ['0', 'false', 'off', 'no'];

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
  net: {
    default: [],
    alwaysWritten: true,
    parse: parseNet,
    serialise: (v) => v.map(serialiseBlock).join(','),
  },
  train: {
    default: DEFAULT_TRAINING,
    alwaysWritten: false,
    parse: (text) => {
      const word = text.trim().toLowerCase();
      if (TRUE_WORDS.includes(word)) return { value: true, problems: [] };
      if (FALSE_WORDS.includes(word)) return { value: false, problems: [] };
      return fail(`expected 1 or 0 (got ${quoted(text)})`);
    },
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
};

const KEYS = Object.keys(FIELDS) as (keyof UrlValues)[];

function isKey(text: string): text is keyof UrlValues {
  return (KEYS as string[]).includes(text);
}

function valuesOf(model: NetworkModel): UrlValues {
  return {
    in: { batch: model.input.batch, features: [...model.input.features] },
    data: model.input.data,
    net: model.blocks,
    train: model.training,
    seed: model.seed,
    view: model.view,
  };
}

function defaults(): UrlValues {
  return {
    in: { ...FIELDS.in.default, features: [...FIELDS.in.default.features] },
    data: FIELDS.data.default,
    net: [...FIELDS.net.default],
    train: FIELDS.train.default,
    seed: FIELDS.seed.default,
    view: { ...FIELDS.view.default },
  };
}

function modelOf(values: UrlValues): NetworkModel {
  return modelFromSpecs(values.net, {
    input: { batch: values.in.batch, features: values.in.features, data: values.data },
    training: values.train,
    seed: values.seed,
    view: values.view,
  });
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

/** The hash for `model`, with the leading "#". */
export function encodeUrlState(model: NetworkModel): string {
  const values = valuesOf(model);
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

function decodePart(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function decode(hash: string): { model: NetworkModel; problems: string[] } {
  const problems: string[] = [];
  const values = defaults();
  if (hash.length > MAX_HASH_LENGTH) {
    problems.push(`The link is too long (${hash.length} characters, at most ${MAX_HASH_LENGTH}); the default network was opened instead`);
    return { model: modelOf(values), problems };
  }
  const seen = new Set<string>();
  for (const raw of hash.replace(/^#/, '').split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const key = decodePart(eq < 0 ? raw : raw.slice(0, eq));
    const text = decodePart(eq < 0 ? '' : raw.slice(eq + 1));
    if (key === null || text === null) {
      problems.push(`${quoted(raw)} has broken %-escapes; ignored`);
    } else if (!isKey(key)) {
      problems.push(`Unknown link setting ${quoted(key)} ignored (settings: ${KEYS.join(', ')})`);
    } else if (seen.has(key)) {
      problems.push(`${key}: appears more than once; the first one was used`);
    } else if (eq < 0) {
      seen.add(key);
      problems.push(`${key}: has no value, as in ${key}=${defaultText(key) || '...'}; ignored`);
    } else {
      seen.add(key);
      readField(key, text, values, problems);
    }
  }
  return { model: modelOf(values), problems };
}

/**
 * Reads a hash ("#in=32x784&net=relu" or without "#"). Never throws: anything unreadable
 * is listed in `problems` and falls back to its default.
 */
export function decodeUrlState(hash: string): { model: NetworkModel; problems: string[] } {
  try {
    return decode(hash);
  } catch (error) {
    // Unreachable by design; kept so a bug here can never stop the page from opening.
    return { model: modelOf(defaults()), problems: [`The link could not be read (${String(error)}); the default network was opened`] };
  }
}
