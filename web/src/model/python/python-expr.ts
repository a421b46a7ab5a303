// Expressions of one logical line, by precedence climbing. Nesting is bounded so that
// "((((..." cannot exhaust the stack; anything outside the subset becomes an 'other' node.
import type { Arg, Expr } from './python-ast.ts';
import { type Token, tokensText } from './python-lexer.ts';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 100;
const COMPARE = new Set(['==', '!=', '<', '>', '<=', '>=', 'in', 'is', 'not']);
const BINARY_LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];

export class ExprParser {
  i: number;
  private depth = 0;

  constructor(
    readonly tokens: readonly Token[],
    start = 0,
    readonly end = tokens.length,
  ) {
    this.i = start;
  }

  peek(offset = 0): Token | undefined {
    return this.i + offset < this.end ? this.tokens[this.i + offset] : undefined;
  }

  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'op' && t.text === text;
  }

  isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'name' && t.text === text;
  }

  atEnd(): boolean {
    return this.i >= this.end;
  }

  expect(text: string): void {
    if (!this.isOp(text)) throw this.error(`expected "${text}"${this.atEnd() ? ' before the end of the line' : ` but found "${this.peek()?.text}"`}`);
    this.i++;
  }

  error(message: string): ParseError {
    return new ParseError(message, this.peek()?.line ?? this.tokens[this.end - 1]?.line ?? 1);
  }

  private node<T extends object>(start: number, fields: T): Expr {
    const line = this.tokens[start]?.line ?? 1;
    return { line, text: tokensText(this.tokens, start, this.i), ...fields } as unknown as Expr;
  }

  /** `a, b` as a tuple (no brackets), or a single expression. */
  exprList(): Expr {
    const start = this.i;
    const first = this.starOr();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.i++;
      if (this.atEnd() || this.isOp('=') || this.isOp(')') || this.isOp(':')) break;
      items.push(this.starOr());
    }
    return this.node(start, { kind: 'tuple', items });
  }

  private starOr(): Expr {
    if (!this.isOp('*')) return this.expr();
    const start = this.i++;
    return this.node(start, { kind: 'star', value: this.expr() });
  }

  expr(): Expr {
    if (++this.depth > MAX_DEPTH) throw this.error('nested too deeply');
    try {
      const start = this.i;
      if (this.isWord('lambda')) return this.skipOther(start, 'a lambda');
      const value = this.or();
      if (this.isWord('if')) {
        this.i++;
        this.or();
        if (!this.isWord('else')) throw this.error('expected "else"');
        this.i++;
        this.expr();
        return this.node(start, { kind: 'other', what: 'a conditional expression' });
      }
      return value;
    } finally {
      this.depth--;
    }
  }

  /** Skips to the closing bracket at this level (and to a comma when `comma`). */
  private skipOther(start: number, what: string, comma = true): Expr {
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.peek();
      if (t?.kind === 'op' && '([{'.includes(t.text)) depth++;
      if (t?.kind === 'op' && ')]}'.includes(t.text)) {
        if (depth === 0) break;
        depth--;
      }
      if (comma && depth === 0 && t?.kind === 'op' && t.text === ',') break;
      this.i++;
    }
    return this.node(start, { kind: 'other', what });
  }

  private or(): Expr {
    return this.wordChain('or', () => this.and());
  }

  private and(): Expr {
    return this.wordChain('and', () => this.not());
  }

  /** operand (word operand)*, left-associative: `a or b or c` is `(a or b) or c`. */
  private wordChain(word: 'or' | 'and', operand: () => Expr): Expr {
    const start = this.i;
    let left = operand();
    while (this.isWord(word)) {
      this.i++;
      left = this.node(start, { kind: 'binary', op: word, left, right: operand() });
    }
    return left;
  }

  private not(): Expr {
    if (!this.isWord('not')) return this.compare();
    const start = this.i++;
    if (++this.depth > MAX_DEPTH) throw this.error('nested too deeply');
    const operand = this.not();
    this.depth--;
    return this.node(start, { kind: 'unary', op: 'not', operand });
  }

  private compare(): Expr {
    const start = this.i;
    let left = this.binary(0);
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.kind === 'string' || t.kind === 'number' || !COMPARE.has(t.text)) break;
      if (t.text === 'not' && this.peek(1)?.text !== 'in') break;
      let op = t.text;
      this.i++;
      if ((op === 'not' || op === 'is') && (this.isWord('in') || this.isWord('not'))) {
        op += ` ${this.peek()?.text ?? ''}`;
        this.i++;
      }
      left = this.node(start, { kind: 'binary', op, left, right: this.binary(0) });
    }
    return left;
  }

  private binary(level: number): Expr {
    const ops = BINARY_LEVELS[level];
    if (ops === undefined) return this.unary();
    const start = this.i;
    let left = this.binary(level + 1);
    while (this.peek()?.kind === 'op' && ops.includes(this.peek()?.text ?? '')) {
      const op = this.peek()?.text ?? '';
      this.i++;
      left = this.node(start, { kind: 'binary', op, left, right: this.binary(level + 1) });
    }
    return left;
  }

  private unary(): Expr {
    if (!this.isOp('-') && !this.isOp('+') && !this.isOp('~')) return this.power();
    const start = this.i;
    const op = this.peek()?.text ?? '';
    this.i++;
    if (++this.depth > MAX_DEPTH) throw this.error('nested too deeply');
    const operand = this.unary();
    this.depth--;
    return this.node(start, { kind: 'unary', op, operand });
  }

  private power(): Expr {
    const start = this.i;
    const base = this.postfix();
    if (!this.isOp('**')) return base;
    this.i++;
    if (++this.depth > MAX_DEPTH) throw this.error('nested too deeply');
    const exponent = this.unary();
    this.depth--;
    return this.node(start, { kind: 'binary', op: '**', left: base, right: exponent });
  }

  private postfix(): Expr {
    const start = this.i;
    let value = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        const name = this.peek();
        if (name?.kind !== 'name') throw this.error('expected a name after "."');
        this.i++;
        value = this.node(start, { kind: 'attr', object: value, name: name.text });
      } else if (this.isOp('(')) {
        this.i++;
        const args = this.args();
        value = this.node(start, { kind: 'call', fn: value, args });
      } else if (this.isOp('[')) {
        this.i++;
        const indexStart = this.i;
        const index = this.exprList();
        if (this.isOp(':')) {
          this.i = indexStart;
          this.skipOther(indexStart, 'a slice', false);
          this.expect(']');
          value = this.node(start, { kind: 'other', what: 'a slice' });
          continue;
        }
        this.expect(']');
        value = this.node(start, { kind: 'index', object: value, index });
      } else {
        return value;
      }
    }
  }

  private args(): Arg[] {
    const args: Arg[] = [];
    while (!this.isOp(')')) {
      if (this.atEnd()) throw this.error('"(" is never closed with ")"');
      let star: 0 | 1 | 2 = 0;
      if (this.isOp('*') || this.isOp('**')) {
        star = this.isOp('*') ? 1 : 2;
        this.i++;
      }
      const t = this.peek();
      let name: string | null = null;
      const start = this.i;
      if (star === 0 && t?.kind === 'name' && this.isOp('=', 1)) {
        name = t.text;
        this.i += 2;
      }
      let value = this.expr();
      // Python refuses the whole call; reading it as one unreadable argument keeps the rest.
      if (star === 0 && name === null && args.some((a) => a.name !== null || a.star === 2)) {
        value = this.node(start, { kind: 'other', what: 'a positional argument after a keyword argument' });
      }
      if (this.isWord('for')) throw this.error('generator arguments are not read');
      args.push({ name, star, value });
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expect(')');
    return args;
  }

  private atom(): Expr {
    const start = this.i;
    const t = this.peek();
    if (t === undefined) throw this.error('an expression is missing');
    this.i++;
    if (t.kind === 'number') {
      const clean = t.text.replace(/_/g, '');
      return this.node(start, { kind: 'number', value: Number(clean), integer: /^\d+$/.test(clean) });
    }
    if (t.kind === 'string') {
      let value = t.text;
      while (this.peek()?.kind === 'string') value += this.tokens[this.i++]?.text ?? '';
      return this.node(start, { kind: 'string', value });
    }
    if (t.kind === 'name') {
      if (t.text === 'True' || t.text === 'False' || t.text === 'None') {
        return this.node(start, { kind: 'const', value: t.text === 'None' ? null : t.text === 'True' });
      }
      if (t.text === 'yield' || t.text === 'await') return this.skipOther(start, `a ${t.text}`);
      return this.node(start, { kind: 'name', id: t.text });
    }
    if (t.kind === 'op' && (t.text === '(' || t.text === '[')) return this.display(start, t.text === '(' ? ')' : ']');
    if (t.kind === 'op' && t.text === '{') return this.dict(start);
    if (t.kind === 'op' && t.text === '.' && this.isOp('.') && this.isOp('.', 1)) {
      this.i += 2;
      return this.node(start, { kind: 'other', what: '...' });
    }
    throw new ParseError(`unexpected "${t.text}"`, t.line);
  }

  /** (a), (a, b), (), [a, b], and comprehensions as 'other'. */
  private display(start: number, close: string): Expr {
    const items: Expr[] = [];
    let comma = false;
    while (!this.isOp(close)) {
      if (this.atEnd()) throw this.error(`"${close === ')' ? '(' : '['}" is never closed with "${close}"`);
      items.push(this.starOr());
      if (this.isWord('for')) {
        this.skipOther(this.i, 'a comprehension', false);
        this.expect(close);
        return this.node(start, { kind: 'other', what: 'a comprehension' });
      }
      if (!this.isOp(',')) break;
      comma = true;
      this.i++;
    }
    this.expect(close);
    if (close === ')' && items.length === 1 && !comma) return items[0] as Expr;
    return this.node(start, { kind: close === ')' ? 'tuple' : 'list', items });
  }

  private dict(start: number): Expr {
    const entries: [Expr, Expr][] = [];
    while (!this.isOp('}')) {
      if (this.atEnd()) throw this.error('"{" is never closed with "}"');
      const key = this.expr();
      if (this.isWord('for') || !this.isOp(':')) {
        this.skipOther(this.i, 'a set or comprehension', false);
        this.expect('}');
        return this.node(start, { kind: 'other', what: 'a set or comprehension' });
      }
      this.i++;
      entries.push([key, this.expr()]);
      if (this.isWord('for')) {
        this.skipOther(this.i, 'a comprehension', false);
        this.expect('}');
        return this.node(start, { kind: 'other', what: 'a comprehension' });
      }
      if (!this.isOp(',')) break;
      this.i++;
    }
    this.expect('}');
    return this.node(start, { kind: 'dict', entries });
  }
}
