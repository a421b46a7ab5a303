// Statements and indented blocks from logical lines. A line that cannot be parsed becomes a
// 'bad' statement with the reason, and parsing goes on with the next one.
import type { Expr, Param, Stmt } from './python-ast.ts';
import { ExprParser, ParseError } from './python-expr.ts';
import { type LogicalLine, type Token, tokensText } from './python-lexer.ts';

const COMPOUND = new Set(['class', 'def', 'if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async']);
const IGNORED = new Set(['del', 'assert', 'raise', 'global', 'nonlocal', 'break', 'continue', 'pass']);
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=', '@=', '>>=', '<<=']);

/** Indices of depth-0 op tokens equal to one of `ops` in [from, to). */
function topLevel(tokens: readonly Token[], ops: ReadonlySet<string>, from = 0, to = tokens.length): number[] {
  const found: number[] = [];
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (t?.kind !== 'op') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    else if (depth === 0 && ops.has(t.text)) found.push(k);
  }
  return found;
}

function whole(tokens: readonly Token[], from: number, to: number): Expr {
  const p = new ExprParser(tokens, from, to);
  const e = p.exprList();
  if (!p.atEnd()) throw p.error(`unexpected "${p.peek()?.text ?? ''}"`);
  return e;
}

function dotted(tokens: readonly Token[], k: number): { path: string; next: number } {
  let i = k;
  // Relative imports start with dots.
  while (tokens[i]?.text === '.') i++;
  const parts = [tokens[i]?.kind === 'name' ? (tokens[i++]?.text ?? '') : ''];
  while (tokens[i]?.text === '.' && tokens[i + 1]?.kind === 'name') {
    parts.push(tokens[i + 1]?.text ?? '');
    i += 2;
  }
  return { path: parts.join('.'), next: i };
}

function importStmt(tokens: readonly Token[], line: number): Stmt {
  const bindings: { alias: string; path: string }[] = [];
  const names = (from: number, prefix: string): void => {
    for (const piece of splitTop(tokens, from)) {
      const inner = piece.filter((t) => t.text !== '(' && t.text !== ')');
      const { path } = dotted(inner, 0);
      const asAt = inner.findIndex((t) => t.kind === 'name' && t.text === 'as');
      const alias = asAt >= 0 ? (inner[asAt + 1]?.text ?? path) : prefix === '' ? (path.split('.')[0] ?? path) : path;
      const full = prefix === '' ? (asAt >= 0 ? path : alias) : `${prefix}.${path}`;
      if (path !== '' && path !== '*') bindings.push({ alias, path: full });
    }
  };
  if (tokens[0]?.text === 'import') names(1, '');
  else {
    const { path, next } = dotted(tokens, 1);
    names(next + 1, path);
  }
  return { kind: 'import', bindings, line };
}

function splitTop(tokens: readonly Token[], from: number): Token[][] {
  const cuts = topLevel(tokens, new Set([',']), from);
  const pieces: Token[][] = [];
  let start = from;
  for (const cut of [...cuts, tokens.length]) {
    pieces.push(tokens.slice(start, cut));
    start = cut + 1;
  }
  return pieces;
}

function params(tokens: readonly Token[], from: number, to: number): Param[] {
  const result: Param[] = [];
  for (const piece of splitTop(tokens.slice(from, to), 0)) {
    let k = 0;
    let star: 0 | 1 | 2 = 0;
    if (piece[0]?.text === '*' || piece[0]?.text === '**') {
      star = piece[0].text === '*' ? 1 : 2;
      k = 1;
    }
    const name = piece[k];
    if (name?.kind !== 'name') continue; // "/" and a bare "*" only mark where keywords start
    const eq = topLevel(piece, new Set(['=']), k)[0];
    result.push({ name: name.text, star, default: eq === undefined ? null : whole(piece, eq + 1, piece.length) });
  }
  return result;
}

function simple(tokens: Token[], line: number): Stmt {
  const first = tokens[0];
  if (first?.kind === 'name') {
    if (IGNORED.has(first.text)) return { kind: 'pass', line };
    if (first.text === 'return') return { kind: 'return', value: tokens.length > 1 ? whole(tokens, 1, tokens.length) : null, line };
    if (first.text === 'import' || first.text === 'from') return importStmt(tokens, line);
  }
  const aug = topLevel(tokens, AUGMENTED)[0];
  if (aug !== undefined) {
    return { kind: 'augassign', target: whole(tokens, 0, aug), op: tokens[aug]?.text.slice(0, -1) ?? '', value: whole(tokens, aug + 1, tokens.length), line };
  }
  const cuts = topLevel(tokens, new Set(['=']));
  if (cuts.length === 0) return { kind: 'expr', value: whole(tokens, 0, tokens.length), line };
  const bounds = [-1, ...cuts, tokens.length];
  const parts: Expr[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = (bounds[k] ?? 0) + 1;
    let to = bounds[k + 1] ?? tokens.length;
    // An annotated target, "x: int = 5".
    if (k === 0) to = topLevel(tokens, new Set([':']), from, to)[0] ?? to;
    parts.push(whole(tokens, from, to));
  }
  const value = parts.pop() as Expr;
  return { kind: 'assign', targets: parts, value, line };
}

function header(line: LogicalLine, colon: number): Stmt {
  const tokens = line.tokens;
  const keyword = tokens[0]?.text === 'async' ? (tokens[1]?.text ?? '') : (tokens[0]?.text ?? '');
  const at = tokens[0]?.text === 'async' ? 1 : 0;
  const base = { line: line.line, body: [] as Stmt[] };
  if (keyword === 'class' || keyword === 'def') {
    const name = tokens[at + 1];
    if (name?.kind !== 'name') throw new ParseError(`${keyword} without a name`, line.line);
    const open = tokens[at + 2]?.text === '(' ? at + 2 : -1;
    const close = open < 0 ? -1 : findClose(tokens, open);
    if (keyword === 'def') return { ...base, kind: 'def', name: name.text, params: open < 0 ? [] : params(tokens, open + 1, close) };
    const bases = open < 0 ? [] : splitTop(tokens.slice(open + 1, close), 0).filter((p) => p.length > 0).map((p) => whole(p, 0, p.length));
    return { ...base, kind: 'class', name: name.text, bases };
  }
  const text = tokensText(tokens, 0, colon);
  if (keyword === 'if' || keyword === 'elif' || keyword === 'while') return { ...base, kind: 'block', keyword, test: whole(tokens, at + 1, colon), target: null, text };
  if (keyword === 'for') {
    const inAt = tokens.findIndex((t, k) => k > at && t.kind === 'name' && t.text === 'in');
    return { ...base, kind: 'block', keyword, test: null, target: inAt < 0 ? null : whole(tokens, at + 1, inAt), text };
  }
  return { ...base, kind: 'block', keyword, test: null, target: null, text };
}

function findClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]?.text ?? '';
    if (tokens[k]?.kind !== 'op') continue;
    if ('([{'.includes(t)) depth++;
    if (')]}'.includes(t) && --depth === 0) return k;
  }
  throw new ParseError('"(" is never closed with ")"', tokens[open]?.line ?? 1);
}

function statementsOf(tokens: Token[], line: number): Stmt[] {
  const result: Stmt[] = [];
  let start = 0;
  for (const cut of [...topLevel(tokens, new Set([';'])), tokens.length]) {
    if (cut > start) result.push(simple(tokens.slice(start, cut), tokens[start]?.line ?? line));
    start = cut + 1;
  }
  return result;
}

/** Closing brackets for those left open at the end of the tokens, innermost first. */
function unclosed(tokens: readonly Token[]): Token[] {
  const open: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'op') continue;
    if ('([{'.includes(t.text)) open.push(t);
    else if (')]}'.includes(t.text)) open.pop();
  }
  const closing: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  return open.reverse().map((t) => ({ kind: 'op', text: closing[t.text] ?? ')', line: tokens[tokens.length - 1]?.line ?? t.line }));
}

/** A line whose brackets are never closed (a paste cut short) is read as if they were. */
function recovered(line: LogicalLine): LogicalLine | null {
  const closers = unclosed(line.tokens);
  return closers.length === 0 ? null : { ...line, tokens: [...line.tokens, ...closers] };
}

/** The statements of lines[from..] indented deeper than `outer`; returns where it stopped. */
function block(lines: readonly LogicalLine[], from: number, outer: number): { body: Stmt[]; next: number } {
  const body: Stmt[] = [];
  let k = from;
  while (k < lines.length) {
    const written = lines[k] as LogicalLine;
    const line = recovered(written) ?? written;
    if (written.indent <= outer) break;
    k++;
    const first = line.tokens[0];
    if (first?.kind === 'op' && first.text === '@') continue; // decorators change nothing we read
    if (line !== written) {
      const open = line.tokens.slice(written.tokens.length).map((t) => `"${t.text}"`).join(', ');
      body.push({ kind: 'bad', message: `brackets are never closed (${open} missing); reading what is there`, line: line.line });
    }
    try {
      if (first?.kind === 'name' && COMPOUND.has(first.text)) {
        const colon = topLevel(line.tokens, new Set([':']))[0];
        if (colon === undefined) throw new ParseError(`"${first.text}" line without ":"`, line.line);
        const stmt = header(line, colon);
        if ('body' in stmt) {
          if (colon + 1 < line.tokens.length) stmt.body.push(...statementsOf(line.tokens.slice(colon + 1), line.line));
          else {
            const inner = block(lines, k, line.indent);
            stmt.body.push(...inner.body);
            k = inner.next;
          }
        }
        body.push(stmt);
      } else {
        body.push(...statementsOf(line.tokens, line.line));
      }
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      body.push({ kind: 'bad', message: `${error.message} in "${tokensText(line.tokens)}"; line skipped`, line: error.line });
      // A broken compound line still owns its indented block: skip it.
      while (k < lines.length && (lines[k]?.indent ?? 0) > line.indent && first?.kind === 'name' && COMPOUND.has(first.text)) k++;
    }
  }
  return { body, next: k };
}

export function parse(lines: readonly LogicalLine[]): Stmt[] {
  const result: Stmt[] = [];
  let k = 0;
  while (k < lines.length) {
    // Code pasted with a common indent (or a stray deeper line) is still read.
    const { body, next } = block(lines, k, (lines[k]?.indent ?? 0) - 1);
    result.push(...body);
    k = next;
  }
  return result;
}
