// The small "key=value&key=value" grammar shared by the embed options (query string and
// element attributes) and the URL hash (url-state.ts): splitting, %-decoding, yes/no words and
// comma-separated name lists. Pure TS; never throws, never evaluates anything.
import { quoted } from '../text.ts';

/** The one list of yes/no words every key=value reader accepts (compared trimmed, in lower case). */
export const TRUE_WORDS: readonly string[] = ['1', 'true', 'on', 'yes'];
export const FALSE_WORDS: readonly string[] = ['0', 'false', 'off', 'no'];

/**
 * A yes/no value, or null when the text is neither. `empty` is what an empty value means:
 * bare flags ("lock", locked="") are a yes in the embed options.
 */
export function readFlag(text: string, empty: boolean | null = null): boolean | null {
  const word = text.trim().toLowerCase();
  if (word === '') return empty;
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return null;
}

/** One `key=value` part, %-decoded; `hasValue` is false for a bare `key`. */
export interface KeyValue {
  raw: string;
  key: string;
  value: string;
  hasValue: boolean;
}

export interface SplitOptions {
  /** A query string's "+" is a space; a URL fragment's is a plus. */
  plusIsSpace: boolean;
}

function decodePart(raw: string, options: SplitOptions): string | null {
  try {
    return decodeURIComponent(options.plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return null;
  }
}

/**
 * Splits "a=1&b&c=x%20y" into decoded parts, in order, skipping empty ones. A part with
 * broken %-escapes is reported in `problems` when the loop reaches it (so problems keep the
 * text's order) and left out.
 */
export function* splitKeyValues(text: string, options: SplitOptions, problems: string[]): Generator<KeyValue> {
  for (const raw of text.split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const key = decodePart(eq < 0 ? raw : raw.slice(0, eq), options);
    const value = decodePart(eq < 0 ? '' : raw.slice(eq + 1), options);
    if (key === null || value === null) problems.push(`${quoted(raw)} has broken %-escapes; ignored`);
    else yield { raw, key, value, hasValue: eq >= 0 };
  }
}

/** The message for a key given twice; readers keep the first. */
export function repeatedKey(key: string): string {
  return `${key}: appears more than once; the first one was used`;
}

/**
 * A comma-separated list of names from `allowed` ("" or "none" for no names), returned in
 * `allowed`'s order without repeats; unknown names are reported under `key` and skipped.
 */
export function readNameList<T extends string>(key: string, text: string, allowed: readonly T[], problems: string[]): T[] {
  const chosen = new Set<T>();
  const words = text.trim().toLowerCase();
  if (words === '' || words === 'none') return [];
  for (const raw of words.split(',')) {
    const word = raw.trim();
    if (word === '') continue;
    const name = allowed.find((n) => n === word);
    if (name === undefined) problems.push(`${key}: unknown name ${quoted(raw)} ignored (names: ${allowed.join(', ')})`);
    else chosen.add(name);
  }
  return allowed.filter((n) => chosen.has(n));
}
