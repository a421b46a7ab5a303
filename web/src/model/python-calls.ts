// Reading calls like `nn.Linear(784, 256, bias=False)` from tokens: the dotted callee,
// positional and keyword arguments, and literal values. Values are only ever read as
// literals or plain arithmetic on numbers; nothing is looked up or executed.
import { type Token, tokensText } from './python-tokens.ts';

export type Value =
  | { kind: 'number'; value: number; integer: boolean; text: string }
  | { kind: 'bool'; value: boolean; text: string }
  | { kind: 'none'; text: string }
  | { kind: 'string'; value: string; text: string }
  | { kind: 'other'; text: string };

export interface Argument {
  /** null for positional arguments. */
  name: string | null;
  tokens: Token[];
  line: number;
}

export interface Call {
  /** ["nn", "Linear"] */
  callee: string[];
  args: Argument[];
  line: number;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** Splits on commas outside brackets; empty pieces (a trailing comma) are dropped. */
export function splitOnCommas(tokens: readonly Token[]): Token[][] {
  const pieces: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && OPEN.has(t.text)) depth++;
    if (t.kind === 'op' && CLOSE.has(t.text)) depth = Math.max(0, depth - 1);
    if (depth === 0 && t.kind === 'op' && t.text === ',') {
      pieces.push(current);
      current = [];
    } else if (t.kind !== 'newline' && t.kind !== 'comment') {
      current.push(t);
    }
  }
  pieces.push(current);
  return pieces.filter((p) => p.length > 0);
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.kind !== 'op') continue;
    if (OPEN.has(t.text)) depth++;
    if (CLOSE.has(t.text)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Reads `a.b.c` from `start`; returns the parts and the index after them. */
export function readDotted(tokens: readonly Token[], start: number): { parts: string[]; end: number } {
  const parts: string[] = [];
  let i = start;
  while (tokens[i]?.kind === 'name') {
    parts.push(tokens[i]?.text ?? '');
    if (tokens[i + 1]?.text === '.' && tokens[i + 2]?.kind === 'name') i += 2;
    else {
      i += 1;
      break;
    }
  }
  return { parts, end: i };
}

/**
 * `tokens` must be exactly `dotted.name( args )`. Returns null otherwise, or a message when
 * the shape is right but the arguments are not (a positional after a keyword).
 */
export function readCall(tokens: readonly Token[]): Call | { error: string } | null {
  const { parts, end } = readDotted(tokens, 0);
  if (parts.length === 0 || tokens[end]?.text !== '(') return null;
  const close = matchingClose(tokens, end);
  if (close !== tokens.length - 1) return null;
  const args: Argument[] = [];
  for (const piece of splitOnCommas(tokens.slice(end + 1, close))) {
    const first = piece[0];
    if (first === undefined) continue;
    if (first.kind === 'name' && piece[1]?.text === '=' && piece[1].kind === 'op') {
      args.push({ name: first.text, tokens: piece.slice(2), line: first.line });
    } else {
      if (args.some((a) => a.name !== null)) return { error: `positional argument ${tokensText(piece)} after a keyword argument` };
      args.push({ name: null, tokens: piece, line: first.line });
    }
  }
  return { callee: parts, args, line: tokens[0]?.line ?? 1 };
}

function numberOf(text: string): { value: number; integer: boolean } {
  const clean = text.replace(/_/g, '');
  return { value: Number(clean), integer: /^\d+$/.test(clean) };
}

/** A literal: a number (with sign), True, False, None or a string. Anything else is 'other'. */
export function readValue(tokens: readonly Token[]): Value {
  const text = tokensText(tokens);
  const [a, b] = tokens;
  if (tokens.length === 1 && a !== undefined) {
    if (a.kind === 'number') return { kind: 'number', ...numberOf(a.text), text };
    if (a.kind === 'string') return { kind: 'string', value: a.text, text };
    if (a.kind === 'name' && (a.text === 'True' || a.text === 'False')) return { kind: 'bool', value: a.text === 'True', text };
    if (a.kind === 'name' && a.text === 'None') return { kind: 'none', text };
  }
  if (tokens.length === 2 && a?.kind === 'op' && (a.text === '-' || a.text === '+') && b?.kind === 'number') {
    const { value, integer } = numberOf(b.text);
    return { kind: 'number', value: a.text === '-' ? -value : value, integer, text };
  }
  return { kind: 'other', text };
}

/**
 * Plain arithmetic on number literals with Python's precedence (`**` binds tighter than
 * unary minus and is right-associative), for values like `(1/784)**0.5`. null when the
 * tokens are anything else.
 */
export function evaluateArithmetic(tokens: readonly Token[]): number | null {
  let i = 0;
  const peek = (): string | undefined => (tokens[i]?.kind === 'op' ? tokens[i]?.text : undefined);
  // Nesting is bounded so that "((((((..." cannot exhaust the stack.
  let depth = 0;
  const MAX_DEPTH = 50;

  function sum(): number | null {
    let left = product();
    while (left !== null && (peek() === '+' || peek() === '-')) {
      const op = peek();
      i++;
      const right = product();
      if (right === null) return null;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  }
  function product(): number | null {
    let left = unary();
    while (left !== null && (peek() === '*' || peek() === '/')) {
      const op = peek();
      i++;
      const right = unary();
      if (right === null) return null;
      left = op === '*' ? left * right : left / right;
    }
    return left;
  }
  function unary(): number | null {
    if (peek() === '-' || peek() === '+') {
      const op = peek();
      i++;
      if (++depth > MAX_DEPTH) return null;
      const inner = unary();
      depth--;
      return inner === null ? null : op === '-' ? -inner : inner;
    }
    return power();
  }
  function power(): number | null {
    const base = atom();
    if (base === null || peek() !== '**') return base;
    i++;
    if (++depth > MAX_DEPTH) return null;
    const exponent = unary();
    depth--;
    return exponent === null ? null : base ** exponent;
  }
  function atom(): number | null {
    const t = tokens[i];
    if (t?.kind === 'number') {
      i++;
      return numberOf(t.text).value;
    }
    if (t?.kind === 'op' && t.text === '(') {
      i++;
      if (++depth > MAX_DEPTH) return null;
      const inner = sum();
      depth--;
      if (inner === null || peek() !== ')') return null;
      i++;
      return inner;
    }
    return null;
  }

  const value = sum();
  return value !== null && i === tokens.length ? value : null;
}
