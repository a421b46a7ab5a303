// <layerlab-playground> attributes → the same model and options as a link. The model
// attributes are turned into a URL hash and read by url-state's decoder, so there is one
// grammar for links and attributes. Pure TS, no DOM.
import { type NetworkModel } from '../model/network/network.ts';
import { defaultModel } from '../model/network/presets.ts';
import { quoted } from '../model/text.ts';
import { DEFAULT_TRAIN_URL, type TrainUrl, decodeUrlState } from '../model/link/url-state.ts';
import { readNameList } from '../model/link/key-values.ts';
import { QUESTION_IDS } from '../learn/predict/questions.ts';
import { type EmbedOptions, EXTRAS, PANELS, readBareFlag, readCaption, readLock } from './embed-options.ts';

/** The network's attributes → URL hash fields, in the order the hash writes them. */
const NETWORK_ATTRIBUTES = [
  ['input', 'in'],
  ['data', 'data'],
  ['x', 'x'],
  ['net', 'net'],
  ['train', 'train'],
  ['seed', 'seed'],
  ['view', 'view'],
] as const;

/** Attribute name → URL hash field: the network's, then the training settings (named as in a link). */
export const MODEL_ATTRIBUTES = [
  ...NETWORK_ATTRIBUTES,
  ['dataset', 'dataset'],
  ['noise', 'noise'],
  ['split', 'split'],
  ['loss', 'loss'],
  ['opt', 'opt'],
  ['lr', 'lr'],
  ['momentum', 'momentum'],
  ['nesterov', 'nesterov'],
  ['bs', 'bs'],
  ['wd', 'wd'],
  ['steps', 'steps'],
] as const;

export const OPTION_ATTRIBUTES = ['locked', 'hide', 'show', 'autoplay', 'caption', 'ask'] as const;

/** Every attribute the element watches. */
export const OBSERVED_ATTRIBUTES: readonly string[] = [...MODEL_ATTRIBUTES.map(([name]) => name), ...OPTION_ATTRIBUTES];

/** Reads one attribute: null when absent. */
export type AttributeReader = (name: string) => string | null;

/**
 * The URL hash the model attributes stand for, e.g. "#in=32x784&net=linear(10)". Values are
 * %-escaped, so an attribute can never add a field of its own ("relu&seed=1" stays the net's
 * text and is reported as unreadable). Null when no model attribute is set.
 */
export function hashFromAttributes(read: AttributeReader): string | null {
  const parts: string[] = [];
  for (const [attribute, field] of MODEL_ATTRIBUTES) {
    const value = read(attribute);
    if (value !== null) parts.push(`${field}=${encodeURIComponent(value)}`);
  }
  return parts.length === 0 ? null : '#' + parts.join('&');
}

export interface ElementState {
  model: NetworkModel;
  training: TrainUrl;
  options: EmbedOptions;
  /** Everything that could not be read, as text, named by attribute. */
  problems: string[];
}

/** The model part only (for attribute changes that do not touch the options). */
export function modelFromAttributes(read: AttributeReader): { model: NetworkModel; training: TrainUrl; problems: string[] } {
  const hash = hashFromAttributes(read);
  // No model attribute at all: the same start as the page without a link.
  if (hash === null) return { model: defaultModel(), training: DEFAULT_TRAIN_URL, problems: [] };
  const decoded = decodeUrlState(hash);
  // The decoder names hash fields; name the attributes instead.
  const problems = decoded.problems.map((p) => p.replace(/^in: /, 'input: '));
  // Training settings alone (dataset="digits") keep the course network, as a link without net= would not.
  const model = NETWORK_ATTRIBUTES.some(([name]) => read(name) !== null) ? decoded.model : defaultModel();
  return { model, training: decoded.training, problems };
}

/** The options part only: the element is always in the compact (embedded) layout. */
export function optionsFromAttributes(read: AttributeReader): { options: EmbedOptions; problems: string[] } {
  const problems: string[] = [];
  const lockedText = read('locked');
  const lock = lockedText === null ? { locked: false, lockStructure: false } : readLock('locked', lockedText, problems, 'no value, true, false');
  const autoplayText = read('autoplay');
  const autoplay = autoplayText === null ? false : readBareFlag(autoplayText);
  if (autoplay === null) problems.push(`autoplay: expected no value, or true/false (got ${quoted(autoplayText ?? '')}); not playing by itself`);
  const captionText = read('caption');
  const caption = captionText === null ? '' : readCaption('caption', captionText, problems);
  const hideText = read('hide');
  const hidden = hideText === null ? [] : readNameList('hide', hideText, PANELS, problems);
  const showText = read('show');
  const show = showText === null ? [] : readNameList('show', showText, EXTRAS, problems);
  const askText = read('ask');
  const ask = askText === null ? [] : readNameList('ask', askText, QUESTION_IDS, problems);
  return { options: { embed: true, ...lock, hidden, show, autoplay: autoplay ?? false, caption, ask }, problems };
}

export function readElementAttributes(read: AttributeReader): ElementState {
  const model = modelFromAttributes(read);
  const options = optionsFromAttributes(read);
  return { model: model.model, training: model.training, options: options.options, problems: [...model.problems, ...options.problems] };
}
