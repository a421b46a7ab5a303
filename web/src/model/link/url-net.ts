// The `net=` part of the URL: blocks as `linear(256,in=128,nobias,he)`, `dropout(0.5)`,
// `relu`, ... joined by commas. The grammar is documented in url-state.ts.
import { type BlockSpec, type InitScheme, BLOCK_KINDS, DEFAULT_DROPOUT_P, isBlockKind, isInitScheme, isOptionless, isOptionlessKind, unhandledKind } from '../../vocabulary/blocks.ts';
import { quoted } from '../text.ts';
import { LIMITS, validateDropoutP, validateInFeatures, validateOutFeatures } from '../network/validate.ts';

/** `value` null: unreadable, the default stands. */
export interface Parsed<T> {
  value: T | null;
  problems: string[];
}

export function fail<T>(problem: string): Parsed<T> {
  return { value: null, problems: [problem] };
}

/** Splits on commas outside parentheses: "linear(256,he),relu" -> ["linear(256,he)", "relu"]. */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

function parseLinear(args: string[], item: string): Parsed<BlockSpec> {
  const problems: string[] = [];
  let outFeatures: number | null = null;
  let inFeatures: number | null = null;
  let bias = true;
  let init: InitScheme = 'lecun';
  for (const raw of args) {
    const arg = raw.trim().toLowerCase();
    if (arg === 'nobias') bias = false;
    else if (arg === 'bias') bias = true;
    else if (isInitScheme(arg)) init = arg;
    else if (arg.startsWith('in=')) {
      const size = validateInFeatures(arg.slice(3));
      if (size.ok) inFeatures = size.value;
      else problems.push(`${quoted(item)}: ${size.error}; linked instead`);
    } else if (outFeatures === null && /^[^a-z]/.test(arg)) {
      const size = validateOutFeatures(arg);
      if (!size.ok) return { value: null, problems: [...problems, `${quoted(item)}: ${size.error}; block ignored`] };
      outFeatures = size.value;
    } else {
      problems.push(`${quoted(item)}: unknown option ${quoted(raw)} ignored (options: in=N, nobias, lecun, xavier, he, zeros)`);
    }
  }
  if (outFeatures === null) {
    return { value: null, problems: [...problems, `${quoted(item)}: out features missing, as in linear(256); block ignored`] };
  }
  return { value: { kind: 'linear', outFeatures, bias, init, inFeatures }, problems };
}

function parseBlock(item: string): Parsed<BlockSpec> {
  const open = item.indexOf('(');
  const name = (open < 0 ? item : item.slice(0, open)).trim().toLowerCase();
  if (!isBlockKind(name)) {
    return fail(`${quoted(item)} is not a block; ignored (blocks: ${BLOCK_KINDS.join(', ')})`);
  }
  let args: string[] = [];
  if (open >= 0) {
    if (!item.trimEnd().endsWith(')')) return fail(`${quoted(item)}: missing ")"; block ignored`);
    const inner = item.slice(open + 1, item.trimEnd().length - 1);
    if (/[()]/.test(inner)) return fail(`${quoted(item)}: unexpected parenthesis; block ignored`);
    args = inner.trim() === '' ? [] : inner.split(',');
  }
  if (isOptionlessKind(name)) {
    return {
      value: { kind: name },
      problems: args.length > 0 ? [`${quoted(item)}: ${name} takes no options; they were ignored`] : [],
    };
  }
  switch (name) {
    case 'linear':
      return parseLinear(args, item);
    case 'dropout': {
      if (args.length > 1) return fail(`${quoted(item)}: dropout takes one value, p; block ignored`);
      const text = (args[0] ?? String(DEFAULT_DROPOUT_P)).trim().replace(/^p=/, '');
      const p = validateDropoutP(text);
      return p.ok ? { value: { kind: 'dropout', p: p.value }, problems: [] } : fail(`${quoted(item)}: ${p.error}; block ignored`);
    }
    default:
      return unhandledKind(name);
  }
}

export function parseNet(text: string): Parsed<BlockSpec[]> {
  const blocks: BlockSpec[] = [];
  const problems: string[] = [];
  for (const item of splitTopLevel(text)) {
    if (item.trim() === '') continue; // "relu,,relu" or a trailing comma: nothing to report
    if (blocks.length === LIMITS.maxBlocks) {
      problems.push(`more than ${LIMITS.maxBlocks} blocks; the rest were ignored`);
      break;
    }
    const block = parseBlock(item);
    problems.push(...block.problems);
    if (block.value !== null) blocks.push(block.value);
  }
  return { value: blocks, problems };
}

export function serialiseBlock(block: BlockSpec): string {
  if (isOptionless(block)) return block.kind;
  switch (block.kind) {
    case 'linear': {
      const options = [String(block.outFeatures)];
      if (block.inFeatures !== null) options.push(`in=${block.inFeatures}`);
      if (!block.bias) options.push('nobias');
      if (block.init !== 'lecun') options.push(block.init);
      return `linear(${options.join(',')})`;
    }
    case 'dropout':
      return `dropout(${String(block.p)})`;
    default:
      return unhandledKind(block);
  }
}
