// Embed options: the query string of an embedded page (`?embed=1&lock=1&hide=masks,code`) and
// the same options as attributes of <layerlab-playground>. Pure TS, no DOM.
//
// Grammar (query parameters, any order, "&"-separated; values are %-decoded):
//
//   embed=1          compact layout for an <iframe> (also bare "embed"; 0/false = normal page)
//   lock=1           read-only network: only the training toggle and seed/resample stay active
//   lock=structure   blocks cannot be added, removed, reordered or resized; Dropout's p, each
//                    Linear's init, the training switch, the seed and training stay editable
//   hide=a,b,...     panels and parts to leave out: masks, heatmaps, histograms, totals, code,
//                    input, mode, descriptions
//   show=a,b,...     parts the compact layout leaves out by default: header, presets, memory,
//                    and the learning panels train, curves, weights, confusion, boundary, depth, compare
//   autoplay=1       training plays while the embed is in view and pauses when it leaves
//   caption=text     the instructor's short instructions, shown above the playground
//   ask=a,b,...      "Predict first" on, asking these: shape, params, total, memory, macs, keep,
//                    scale, mode, init (learn/predict/questions.ts)
//
// Parsing never throws and never evaluates anything. Anything unreadable is reported in
// `problems` (as text for the page to show); the network itself still comes from the hash.
// The key=value grammar, yes/no words and name lists are model/link/key-values.ts's.
import { readFlag, readNameList, repeatedKey, splitKeyValues } from '../model/link/key-values.ts';
import { quoted } from '../model/text.ts';
import { QUESTION_IDS, type QuestionId } from '../learn/predict/questions.ts';

export const PANELS = ['masks', 'heatmaps', 'histograms', 'totals', 'code', 'input', 'mode', 'descriptions'] as const;
export type PanelName = (typeof PANELS)[number];

/** The learning panels an embed can show (the full page always has them). */
export const LEARN_EXTRAS = ['train', 'curves', 'weights', 'confusion', 'boundary', 'depth', 'compare'] as const;
export type LearnExtra = (typeof LEARN_EXTRAS)[number];

export const EXTRAS = ['header', 'presets', 'memory', ...LEARN_EXTRAS] as const;
export type ExtraName = (typeof EXTRAS)[number];

export const EMBED_KEYS = ['embed', 'lock', 'hide', 'show', 'autoplay', 'caption', 'ask'] as const;
type EmbedKey = (typeof EMBED_KEYS)[number];

/** Longer query strings are not read: no legitimate set of options needs this much text. */
export const MAX_QUERY_LENGTH = 1_024;

/** A caption is a sentence or two of instructions, not a page. */
export const MAX_CAPTION_LENGTH = 280;

/** The word `lock=` / `locked=` takes for the partial lock. */
export const STRUCTURE_LOCK = 'structure';

export interface EmbedOptions {
  /** Compact layout for an <iframe> or the custom element. */
  embed: boolean;
  /** The network cannot be edited; training mode and the seed can. */
  locked: boolean;
  /** lock=structure: no block added, removed, moved or resized; p, init, mode, seed and training stay editable. */
  lockStructure: boolean;
  /** Panels left out, in PANELS order, without repeats. */
  hidden: PanelName[];
  /** Parts of the full page shown in the compact layout anyway, in EXTRAS order. */
  show: ExtraName[];
  /** Training plays while the embed is in view. */
  autoplay: boolean;
  /** The instructor's instructions shown above the playground ("" for none). */
  caption: string;
  /** Questions to ask before their figures show ("Predict first" on), in QUESTION_IDS order; none: off. */
  ask: QuestionId[];
}

export interface ParsedEmbedOptions extends EmbedOptions {
  problems: string[];
}

export const NORMAL_PAGE: Readonly<EmbedOptions> = Object.freeze({ embed: false, locked: false, lockStructure: false, hidden: [], show: [], autoplay: false, caption: '', ask: [] });

/** No block can be added, removed, moved or resized (lock=1 or lock=structure). */
export function structureFrozen(options: Pick<EmbedOptions, 'locked' | 'lockStructure'>): boolean {
  return options.locked || options.lockStructure;
}

/**
 * Reads a lock value (`lock=` in the query, `locked=` on the element): "structure" is the
 * partial lock; an unreadable value locks everything (an instructor who wrote it meant to lock).
 */
export function readLock(key: string, text: string, problems: string[], expected = '1, 0'): Pick<EmbedOptions, 'locked' | 'lockStructure'> {
  const word = text.trim().toLowerCase();
  if (word === STRUCTURE_LOCK) return { locked: false, lockStructure: true };
  // A boolean attribute may repeat its name (locked="locked").
  const flag = word === key ? true : readBareFlag(text);
  if (flag === null) problems.push(`${key}: expected ${expected} or ${STRUCTURE_LOCK} (got ${quoted(text)}); the network is locked`);
  return { locked: flag ?? true, lockStructure: false };
}

/** A caption as shown: control characters become spaces; longer text is cut, and says so. */
export function readCaption(key: string, text: string, problems: string[]): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (clean.length <= MAX_CAPTION_LENGTH) return clean;
  problems.push(`${key}: at most ${MAX_CAPTION_LENGTH} characters (got ${clean.length}); the rest is not shown`);
  return clean.slice(0, MAX_CAPTION_LENGTH - 1) + '…';
}

/** A fresh copy of the normal page's options. */
function normalPage(): EmbedOptions {
  return { ...NORMAL_PAGE, hidden: [], show: [], ask: [] };
}

function isEmbedKey(text: string): text is EmbedKey {
  return (EMBED_KEYS as readonly string[]).includes(text);
}

/** A yes/no value: bare flags ("lock", locked="") count as yes. */
export function readBareFlag(text: string): boolean | null {
  return readFlag(text, true);
}

/**
 * Reads `location.search` ("?embed=1&lock=1", with or without "?"). Without an `embed`
 * parameter the page is the normal page and other parameters are left alone (they may be a
 * host's tracking parameters); with one, everything unreadable is listed in `problems`.
 */
export function parseEmbedQuery(search: string): ParsedEmbedOptions {
  const query = search.replace(/^\?/, '');
  const result: ParsedEmbedOptions = { ...normalPage(), problems: [] };
  if (query === '') return result;
  if (query.length > MAX_QUERY_LENGTH) {
    const looksEmbedded = /(^|&)embed(=|&|$)/.test(query.slice(0, MAX_QUERY_LENGTH));
    if (looksEmbedded) {
      result.embed = true;
      result.problems.push(`The embed options are too long (${query.length} characters, at most ${MAX_QUERY_LENGTH}); they were ignored`);
    }
    return result;
  }
  const problems: string[] = [];
  const seen = new Set<EmbedKey>();
  let embedSeen = false;
  for (const { key, value } of splitKeyValues(query, { plusIsSpace: true }, problems)) {
    const name = key.trim().toLowerCase();
    if (!isEmbedKey(name)) {
      problems.push(`Unknown embed option ${quoted(key)} ignored (options: ${EMBED_KEYS.join(', ')})`);
      continue;
    }
    if (seen.has(name)) {
      problems.push(repeatedKey(name));
      continue;
    }
    seen.add(name);
    switch (name) {
      case 'embed': {
        embedSeen = true;
        const flag = readBareFlag(value);
        if (flag === null) problems.push(`embed: expected 1 or 0 (got ${quoted(value)}); shown embedded`);
        result.embed = flag ?? true;
        break;
      }
      case 'lock':
        Object.assign(result, readLock('lock', value, problems));
        break;
      case 'autoplay': {
        const flag = readBareFlag(value);
        if (flag === null) problems.push(`autoplay: expected 1 or 0 (got ${quoted(value)}); not playing by itself`);
        result.autoplay = flag ?? false;
        break;
      }
      case 'caption':
        result.caption = readCaption('caption', value, problems);
        break;
      case 'hide':
        result.hidden = readNameList('hide', value, PANELS, problems);
        break;
      case 'show':
        result.show = readNameList('show', value, EXTRAS, problems);
        break;
      case 'ask':
        result.ask = readNameList('ask', value, QUESTION_IDS, problems);
        break;
    }
  }
  if (!embedSeen || !result.embed) return { ...normalPage(), problems: [] };
  result.problems = problems;
  return result;
}

/** The query string for `options` ("?embed=1&lock=1&hide=masks,code"); "" for the normal page. */
export function embedQuery(options: EmbedOptions): string {
  if (!options.embed) return '';
  const parts = ['embed=1'];
  if (options.locked) parts.push('lock=1');
  else if (options.lockStructure) parts.push(`lock=${STRUCTURE_LOCK}`);
  const hidden = PANELS.filter((p) => options.hidden.includes(p));
  if (hidden.length > 0) parts.push(`hide=${hidden.join(',')}`);
  const show = EXTRAS.filter((p) => options.show.includes(p));
  if (show.length > 0) parts.push(`show=${show.join(',')}`);
  if (options.autoplay) parts.push('autoplay=1');
  if (options.caption !== '') parts.push(`caption=${encodeURIComponent(options.caption)}`);
  const ask = QUESTION_IDS.filter((q) => options.ask.includes(q));
  if (ask.length > 0) parts.push(`ask=${ask.join(',')}`);
  return '?' + parts.join('&');
}

/** Whether `panel` is on show under `options`. */
export function isShown(options: EmbedOptions, panel: PanelName): boolean {
  return !options.hidden.includes(panel);
}
