// A tokenizer for the small slice of Python that a pasted nn.Sequential uses. One pass over
// the characters, no backtracking: any input, however odd, is tokenized in linear time and
// nothing in it is ever run.

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'comment' | 'bad';

export interface Token {
  kind: TokenKind;
  /** Source text; for strings the text without quotes, for comments including the "#". */
  text: string;
  /** 1-based. */
  line: number;
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isNamePart(c: string): boolean {
  return isNameStart(c) || isDigit(c);
}

const TWO_CHAR_OPS = new Set(['**', '==', '!=', '<=', '>=', '->', '//']);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i] ?? '';
    const start = i;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '\\' && (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n'))) {
      // An explicit line continuation joins two lines into one statement.
      i += source[i + 1] === '\n' ? 2 : 3;
      line++;
    } else if (c === '#') {
      while (i < n && source[i] !== '\n') i++;
      tokens.push({ kind: 'comment', text: source.slice(start, i), line });
    } else if (isNameStart(c)) {
      while (i < n && isNamePart(source[i] ?? '')) i++;
      tokens.push({ kind: 'name', text: source.slice(start, i), line });
    } else if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      // Python numbers: digits with optional underscores, a fraction and an exponent.
      while (i < n && (isDigit(source[i]) || source[i] === '_')) i++;
      if (source[i] === '.') {
        i++;
        while (i < n && (isDigit(source[i]) || source[i] === '_')) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && (isDigit(source[i + 1]) || ((source[i + 1] === '+' || source[i + 1] === '-') && isDigit(source[i + 2])))) {
        i += 2;
        while (i < n && (isDigit(source[i]) || source[i] === '_')) i++;
      }
      tokens.push({ kind: 'number', text: source.slice(start, i), line });
    } else if (c === '"' || c === "'") {
      i++;
      let text = '';
      let closed = false;
      while (i < n && source[i] !== '\n') {
        const d = source[i] ?? '';
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && source[i + 1] !== '\n') {
          text += source[i + 1];
          i += 2;
        } else {
          text += d;
          i++;
        }
      }
      tokens.push(closed ? { kind: 'string', text, line } : { kind: 'bad', text: source.slice(start, i), line });
    } else {
      const two = source.slice(i, i + 2);
      const op = TWO_CHAR_OPS.has(two) ? two : c;
      i += op.length;
      tokens.push({ kind: '()[]{},=.:*/+-<>%@'.includes(op) || op.length === 2 ? 'op' : 'bad', text: op, line });
    }
  }
  return tokens;
}

const NO_SPACE_BEFORE = new Set([')', ']', ',', '.', '(', '[', '=', ':']);
const NO_SPACE_AFTER = new Set(['(', '[', '.', '=', '-', '**']);

/** Source-like text for tokens, for messages: "nn.Conv2d(1, 8, kernel_size=3)". */
export function tokensText(tokens: readonly Token[]): string {
  let text = '';
  let previous: Token | undefined;
  for (const t of tokens) {
    if (t.kind === 'newline' || t.kind === 'comment') continue;
    const spaced = previous !== undefined && !NO_SPACE_BEFORE.has(t.text) && !NO_SPACE_AFTER.has(previous.text);
    text += (spaced ? ' ' : '') + (t.kind === 'string' ? JSON.stringify(t.text) : t.text);
    previous = t;
  }
  return text;
}
