// Embed options: the query string of an embedded page (`?embed=1&lock=1&hide=masks,code`) and
// the same options as attributes of <layerlab-playground>. Pure TS, no DOM.
//
// Grammar (query parameters, any order, "&"-separated; values are %-decoded):
//
//   embed=1          compact layout for an <iframe> (also bare "embed"; 0/false = normal page)
//   lock=1           read-only network: only the training toggle and seed/resample stay active
//   hide=a,b,...     panels to leave out: masks, heatmaps, histograms, totals, code, input
//   show=a,b,...     page parts the compact layout leaves out by default: header, presets, memory
//
// Parsing never throws and never evaluates anything. Anything unreadable is reported in
// `problems` (as text for the page to show); the network itself still comes from the hash.
// The key=value grammar, yes/no words and name lists are model/link/key-values.ts's.
import { readFlag, readNameList, repeatedKey, splitKeyValues } from '../model/link/key-values.ts';
import { quoted } from '../model/text.ts';

export const PANELS = ['masks', 'heatmaps', 'histograms', 'totals', 'code', 'input'] as const;
export type PanelName = (typeof PANELS)[number];

export const EXTRAS = ['header', 'presets', 'memory'] as const;
export type ExtraName = (typeof EXTRAS)[number];

export const EMBED_KEYS = ['embed', 'lock', 'hide', 'show'] as const;
type EmbedKey = (typeof EMBED_KEYS)[number];

/** Longer query strings are not read: no legitimate set of options needs this much text. */
export const MAX_QUERY_LENGTH = 1_024;

export interface EmbedOptions {
  /** Compact layout for an <iframe> or the custom element. */
  embed: boolean;
  /** The network cannot be edited; training mode and the seed can. */
  locked: boolean;
  /** Panels left out, in PANELS order, without repeats. */
  hidden: PanelName[];
  /** Parts of the full page shown in the compact layout anyway, in EXTRAS order. */
  show: ExtraName[];
}

export interface ParsedEmbedOptions extends EmbedOptions {
  problems: string[];
}

export const NORMAL_PAGE: Readonly<EmbedOptions> = Object.freeze({ embed: false, locked: false, hidden: [], show: [] });

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
  const result: ParsedEmbedOptions = { ...NORMAL_PAGE, hidden: [], show: [], problems: [] };
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
      case 'lock': {
        const flag = readBareFlag(value);
        // An instructor who wrote lock=... meant to lock: an unreadable value locks.
        if (flag === null) problems.push(`lock: expected 1 or 0 (got ${quoted(value)}); the network is locked`);
        result.locked = flag ?? true;
        break;
      }
      case 'hide':
        result.hidden = readNameList('hide', value, PANELS, problems);
        break;
      case 'show':
        result.show = readNameList('show', value, EXTRAS, problems);
        break;
    }
  }
  if (!embedSeen || !result.embed) return { ...NORMAL_PAGE, hidden: [], show: [], problems: [] };
  result.problems = problems;
  return result;
}

/** The query string for `options` ("?embed=1&lock=1&hide=masks,code"); "" for the normal page. */
export function embedQuery(options: EmbedOptions): string {
  if (!options.embed) return '';
  const parts = ['embed=1'];
  if (options.locked) parts.push('lock=1');
  const hidden = PANELS.filter((p) => options.hidden.includes(p));
  if (hidden.length > 0) parts.push(`hide=${hidden.join(',')}`);
  const show = EXTRAS.filter((p) => options.show.includes(p));
  if (show.length > 0) parts.push(`show=${show.join(',')}`);
  return '?' + parts.join('&');
}

/** Whether `panel` is on show under `options`. */
export function isShown(options: EmbedOptions, panel: PanelName): boolean {
  return !options.hidden.includes(panel);
}
