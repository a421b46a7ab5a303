// Tokens and logical lines of the Python that model definitions use. One pass over the
// characters, no backtracking: any input, however odd, is tokenized in linear time, and
// nothing in it is ever run.

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'bad';

export interface Token {
  kind: TokenKind;
  /** Source text; for strings the text without quotes and prefix. */
  text: string;
  /** 1-based. */
  line: number;
}

/** One statement's worth of tokens: a physical line, or several joined by brackets or "\". */
export interface LogicalLine {
  /** Column of the first token (a tab advances to the next multiple of 8), for blocks. */
  indent: number;
  line: number;
  tokens: Token[];
}

export interface Lexed {
  lines: LogicalLine[];
  comments: Token[];
  bad: Token[];
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

const OPS = ['**=', '//=', '>>=', '<<=', '**', '//', '==', '!=', '<=', '>=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=', '<<', '>>'];
const SINGLE_OPS = '()[]{},=.:;*/+-<>%@&|^~';
const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

export function lex(source: string): Lexed {
  const lines: LogicalLine[] = [];
  const comments: Token[] = [];
  const bad: Token[] = [];
  let current: Token[] = [];
  let column = 0;
  let depth = 0;
  let line = 1;
  let i = 0;
  const n = source.length;
  const push = (t: Token): void => {
    if (current.length === 0) {
      lines.push({ indent: column, line: t.line, tokens: current });
    }
    current.push(t);
  };
  const endLine = (): void => {
    current = [];
    depth = 0;
  };

  while (i < n) {
    const c = source[i] ?? '';
    const start = i;
    if (c === '\n') {
      line++;
      i++;
      if (current.length === 0) column = 0;
      if (depth === 0) {
        endLine();
        column = 0;
      }
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      if (current.length === 0) column = c === '\t' ? (Math.floor(column / 8) + 1) * 8 : column + 1;
      i++;
    } else if (c === '\\' && (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n'))) {
      // An explicit continuation joins two lines into one statement.
      i += source[i + 1] === '\n' ? 2 : 3;
      line++;
    } else if (c === '#') {
      while (i < n && source[i] !== '\n') i++;
      comments.push({ kind: 'op', text: source.slice(start, i), line });
    } else if (isNameStart(c)) {
      while (i < n && (isNameStart(source[i] ?? '') || isDigit(source[i]))) i++;
      const word = source.slice(start, i);
      if ((source[i] === '"' || source[i] === "'") && STRING_PREFIX.test(word)) continue; // read as a string next
      push({ kind: 'name', text: word, line });
    } else if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      while (i < n && (isDigit(source[i]) || source[i] === '_')) i++;
      if (source[i] === '.') {
        i++;
        while (i < n && (isDigit(source[i]) || source[i] === '_')) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && (isDigit(source[i + 1]) || ((source[i + 1] === '+' || source[i + 1] === '-') && isDigit(source[i + 2])))) {
        i += 2;
        while (i < n && (isDigit(source[i]) || source[i] === '_')) i++;
      }
      push({ kind: 'number', text: source.slice(start, i), line });
    } else if (c === '"' || c === "'") {
      const startLine = line;
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      let text = '';
      let closed = false;
      while (i < n && (triple || source[i] !== '\n')) {
        if (source.startsWith(quote, i)) {
          closed = true;
          i += quote.length;
          break;
        }
        const d = source[i] ?? '';
        if (d === '\n') line++;
        if (d === '\\' && i + 1 < n && source[i + 1] !== '\n') {
          text += source[i + 1];
          i += 2;
        } else {
          text += d;
          i++;
        }
      }
      const token: Token = closed ? { kind: 'string', text, line: startLine } : { kind: 'bad', text: source.slice(start, i), line: startLine };
      if (closed) push(token);
      else bad.push(token);
    } else {
      const op = OPS.find((o) => source.startsWith(o, i)) ?? c;
      i += op.length;
      if (op.length === 1 && !SINGLE_OPS.includes(op)) {
        bad.push({ kind: 'bad', text: op, line });
        continue;
      }
      if ('([{'.includes(op)) depth++;
      if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
      push({ kind: 'op', text: op, line });
    }
  }
  return { lines, comments, bad };
}

const NO_SPACE_BEFORE = new Set([')', ']', ',', '.', '(', '[', ':']);
const NO_SPACE_AFTER = new Set(['(', '[', '.']);
const TEXT_MAX = 80;

/** Source-like text for tokens, for messages: "nn.Conv2d(1, 8, kernel_size=3)". Cut short. */
export function tokensText(tokens: readonly Token[], from = 0, to = tokens.length): string {
  let text = '';
  let previous: Token | undefined;
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (t === undefined) break;
    if (text.length > TEXT_MAX) return `${text}…`;
    // Keyword arguments read as written: "p=0.5", but "x = 1" around a statement's "=".
    const tight = t.text === '=' || previous?.text === '=' ? depthAt(tokens, from, k) > 0 : false;
    // "-1", "*layers", "**options" right after an operator or "(" are unary: no space.
    const before = tokens[k - 2];
    const unary = ['-', '*', '**'].includes(previous?.text ?? '') && (k - 1 === from || (before?.kind === 'op' && !')]'.includes(before.text)));
    const spaced = previous !== undefined && !NO_SPACE_BEFORE.has(t.text) && !NO_SPACE_AFTER.has(previous.text) && !tight && !unary;
    text += (spaced ? ' ' : '') + (t.kind === 'string' ? JSON.stringify(t.text) : t.text);
    previous = t;
  }
  return text;
}

function depthAt(tokens: readonly Token[], from: number, at: number): number {
  let depth = 0;
  for (let k = from; k < at; k++) {
    const t = tokens[k]?.text ?? '';
    if (tokens[k]?.kind !== 'op') continue;
    if ('([{'.includes(t)) depth++;
    if (')]}'.includes(t)) depth--;
  }
  return depth;
}
