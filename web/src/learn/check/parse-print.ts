// Reads what a learner's layer printed: NumPy's str and repr of arrays (`[[1. 2.]\n [3. 4.]]`,
// `array([[1., 2.]], dtype=float32)`), scientific notation, a wrapper such as `Tensor(...)`,
// `tensor(..., grad_fn=<AddBackward0>)` or `np.float64(0.05)`, Python's nested lists, or one
// number. Pure: text in, a flat array and its shape out, or the line and what was expected.

/** Pastes longer than this are refused before reading: a test case's output is a few KB. */
export const MAX_PASTE_CHARS = 100_000;
/** At most this many numbers and this deep a nesting (the cases print ≤ 1000 numbers, 2-D). */
export const MAX_NUMBERS = 20_000;
export const MAX_DEPTH = 8;

export interface Printed {
  /** Row-major values. */
  values: Float64Array;
  /** [] for a single number, [n] for a vector, [rows, cols] for a matrix… */
  shape: number[];
}

export interface ParseProblem {
  /** 1-based; 0 when the problem is the paste as a whole (empty, too long). */
  line: number;
  column: number;
  message: string;
}

export type ParseResult = { ok: true; value: Printed } | { ok: false; problem: ParseProblem };

type Tree = number | Tree[];

class ParseError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)(?![\w.])/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;

class Reader {
  pos = 0;
  count = 0;

  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  expect(ch: string, what: string): void {
    if (this.peek() !== ch) throw new ParseError(this.pos, `expected ${what}, found ${this.describeHere()}`);
    this.pos++;
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return 'the end of the text';
    if (this.text.startsWith('...', this.pos) || this.text.startsWith('…', this.pos)) {
      return "'...' (NumPy shortened the array: run np.set_printoptions(threshold=100000) and print again)";
    }
    const word = /\S{1,12}/y;
    word.lastIndex = this.pos;
    return `'${word.exec(this.text)?.[0] ?? ''}'`;
  }

  value(depth: number): Tree {
    if (depth > MAX_DEPTH) throw new ParseError(this.pos, `lists nested deeper than ${MAX_DEPTH} levels`);
    const ch = this.peek();
    if (ch === '[') return this.list(depth);
    const num = this.number();
    if (num !== null) return num;
    IDENT.lastIndex = this.pos;
    const ident = IDENT.exec(this.text);
    if (ident) {
      this.pos = IDENT.lastIndex;
      return this.wrapper(ident[0], depth);
    }
    throw new ParseError(this.pos, `expected a number, '[' or array(...), found ${this.describeHere()}`);
  }

  private number(): number | null {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) return null;
    this.pos = NUMBER.lastIndex;
    if (++this.count > MAX_NUMBERS) throw new ParseError(this.pos, `more than ${MAX_NUMBERS} numbers`);
    const t = m[0];
    if (/nan$/.test(t)) return Number.NaN;
    if (/inf$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    return Number(t);
  }

  /** `name(value, key=..., ...)`: the keyword arguments (dtype, requires_grad, grad_fn) are skipped. */
  private wrapper(name: string, depth: number): Tree {
    if (this.peek() !== '(') throw new ParseError(this.pos, `expected '(' after '${name}', found ${this.describeHere()}`);
    this.pos++;
    const inner = this.value(depth + 1);
    while (this.peek() === ',') {
      this.pos++;
      if (this.peek() === ')') break;
      this.keyword();
    }
    this.expect(')', `',' or ')' to close ${name}(`);
    return inner;
  }

  private keyword(): void {
    IDENT.lastIndex = this.pos;
    const key = IDENT.exec(this.text);
    if (!key) throw new ParseError(this.pos, `expected a keyword argument such as dtype=float32, found ${this.describeHere()}`);
    this.pos = IDENT.lastIndex;
    this.expect('=', `'=' after '${key[0]}'`);
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    const m = /^(?:<[^<>\n]{0,200}>|'[^'\n]{0,200}'|"[^"\n]{0,200}"|[-+\w.]+(?:\([^()\n]{0,200}\))?)/.exec(rest);
    if (!m) throw new ParseError(this.pos, `expected the value of ${key[0]}=, found ${this.describeHere()}`);
    this.pos += m[0].length;
  }

  /** NumPy's str separates items by spaces (rows by newlines), repr and Python by commas. */
  private list(depth: number): Tree[] {
    this.pos++; // '['
    const items: Tree[] = [];
    for (;;) {
      const ch = this.peek();
      if (ch === ']') {
        this.pos++;
        return items;
      }
      if (ch === '') throw new ParseError(this.pos, `expected ']' to close the list opened earlier, found the end of the text`);
      if (items.length > 0 && ch === ',') {
        this.pos++;
        if (this.peek() === ']') continue;
      }
      items.push(this.value(depth + 1));
    }
  }

  lineAndColumn(at: number): { line: number; column: number } {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - before.lastIndexOf('\n') };
  }
}

function shapeOf(tree: Tree, path: number[], reader: Reader, at: number): number[] {
  if (typeof tree === 'number') return [];
  if (tree.length === 0) return [0];
  const first = shapeOf(tree[0]!, [...path, 0], reader, at);
  for (let i = 1; i < tree.length; i++) {
    const s = shapeOf(tree[i]!, [...path, i], reader, at);
    if (s.join(',') !== first.join(',')) {
      const where = [...path, i].join(', ');
      throw new ParseError(at, `the rows differ in length: item [${where}] has shape (${s.join(', ')}), item [${[...path, 0].join(', ')}] has (${first.join(', ')})`);
    }
  }
  return [tree.length, ...first];
}

function flatten(tree: Tree, out: number[]): void {
  if (typeof tree === 'number') out.push(tree);
  else for (const t of tree) flatten(t, out);
}

export function parsePrinted(text: string): ParseResult {
  if (text.length > MAX_PASTE_CHARS) {
    return { ok: false, problem: { line: 0, column: 0, message: `The paste is ${text.length.toLocaleString('en-US')} characters; at most ${MAX_PASTE_CHARS.toLocaleString('en-US')} are read. Paste only what your layer printed.` } };
  }
  const reader = new Reader(text);
  try {
    if (reader.peek() === '') throw new ParseError(0, 'expected what your layer printed, found nothing');
    const start = reader.pos;
    const tree = reader.value(0);
    if (reader.peek() !== '') throw new ParseError(reader.pos, `expected the end after one array, found ${reader.describeHere()} (paste one printed result)`);
    const shape = shapeOf(tree, [], reader, start);
    const flat: number[] = [];
    flatten(tree, flat);
    return { ok: true, value: { values: Float64Array.from(flat), shape } };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const { line, column } = reader.lineAndColumn(e.at);
    return { ok: false, problem: { line, column, message: `Line ${line}, column ${column}: ${e.message}.` } };
  }
}
