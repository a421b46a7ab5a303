// The syntax tree of the Python subset the importer reads. Everything outside the subset
// still parses, as 'other' nodes that keep their text, so it can be named in messages.

export interface Arg {
  /** null for positional arguments. */
  name: string | null;
  /** 1 for *args, 2 for **kwargs. */
  star: 0 | 1 | 2;
  value: Expr;
}

interface Node {
  line: number;
  /** Source text, cut short, for messages. */
  text: string;
}

export type Expr = Node &
  (
    | { kind: 'number'; value: number; integer: boolean }
    | { kind: 'string'; value: string }
    | { kind: 'const'; value: boolean | null }
    | { kind: 'name'; id: string }
    | { kind: 'attr'; object: Expr; name: string }
    | { kind: 'call'; fn: Expr; args: Arg[] }
    | { kind: 'index'; object: Expr; index: Expr }
    | { kind: 'binary'; op: string; left: Expr; right: Expr }
    | { kind: 'unary'; op: string; operand: Expr }
    | { kind: 'tuple' | 'list'; items: Expr[] }
    | { kind: 'dict'; entries: [Expr, Expr][] }
    | { kind: 'star'; value: Expr }
    /** A lambda, comprehension, slice, conditional expression...: never evaluated. */
    | { kind: 'other'; what: string }
  );

export interface Param {
  name: string;
  default: Expr | null;
  star: 0 | 1 | 2;
}

export type Stmt = { line: number } & (
  | { kind: 'assign'; targets: Expr[]; value: Expr }
  | { kind: 'augassign'; target: Expr; op: string; value: Expr }
  | { kind: 'expr'; value: Expr }
  | { kind: 'return'; value: Expr | null }
  /** `import a.b as c` binds c to a.b; `from a import b as c` binds c to a.b. */
  | { kind: 'import'; bindings: { alias: string; path: string }[] }
  | { kind: 'class'; name: string; bases: Expr[]; body: Stmt[] }
  | { kind: 'def'; name: string; params: Param[]; body: Stmt[] }
  /** if/elif/else/for/while/with/try/except/finally; `test` for if/elif, `target` for for. */
  | { kind: 'block'; keyword: string; test: Expr | null; target: Expr | null; body: Stmt[]; text: string }
  | { kind: 'pass' }
  /** A statement that could not be parsed, with why. */
  | { kind: 'bad'; message: string }
);
