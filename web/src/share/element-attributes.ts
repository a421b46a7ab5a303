// <layerlab-playground> attributes → the same model and options as a link. The model
// attributes are turned into a URL hash and read by url-state's decoder, so there is one
// grammar for links and attributes. Pure TS, no DOM.
import { type NetworkModel } from '../model/network/network.ts';
import { defaultModel } from '../model/network/presets.ts';
import { quoted } from '../model/text.ts';
import { decodeUrlState } from '../model/link/url-state.ts';
import { readNameList } from '../model/link/key-values.ts';
import { type EmbedOptions, EXTRAS, PANELS, readBareFlag } from './embed-options.ts';

/** Attribute name → URL hash field, in the order the hash writes them. */
export const MODEL_ATTRIBUTES = [
  ['input', 'in'],
  ['data', 'data'],
  ['x', 'x'],
  ['net', 'net'],
  ['train', 'train'],
  ['seed', 'seed'],
  ['view', 'view'],
] as const;

export const OPTION_ATTRIBUTES = ['locked', 'hide', 'show'] as const;

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
  options: EmbedOptions;
  /** Everything that could not be read, as text, named by attribute. */
  problems: string[];
}

/** The model part only (for attribute changes that do not touch the options). */
export function modelFromAttributes(read: AttributeReader): { model: NetworkModel; problems: string[] } {
  const hash = hashFromAttributes(read);
  // No model attribute at all: the same start as the page without a link.
  if (hash === null) return { model: defaultModel(), problems: [] };
  const decoded = decodeUrlState(hash);
  // The decoder names hash fields; name the attributes instead.
  const problems = decoded.problems.map((p) => p.replace(/^in: /, 'input: '));
  return { model: decoded.model, problems };
}

/** The options part only: the element is always in the compact (embedded) layout. */
export function optionsFromAttributes(read: AttributeReader): { options: EmbedOptions; problems: string[] } {
  const problems: string[] = [];
  let locked = false;
  const lockedText = read('locked');
  if (lockedText !== null) {
    const flag = readBareFlag(lockedText);
    if (flag === null) problems.push(`locked: expected no value, or true/false (got ${quoted(lockedText)}); the network is locked`);
    locked = flag ?? true;
  }
  const hideText = read('hide');
  const hidden = hideText === null ? [] : readNameList('hide', hideText, PANELS, problems);
  const showText = read('show');
  const show = showText === null ? [] : readNameList('show', showText, EXTRAS, problems);
  return { options: { embed: true, locked, hidden, show }, problems };
}

export function readElementAttributes(read: AttributeReader): ElementState {
  const model = modelFromAttributes(read);
  const options = optionsFromAttributes(read);
  return { model: model.model, options: options.options, problems: [...model.problems, ...options.problems] };
}
