// Reads a whole pasted file: module-level assignments, imports, nn.Sequential(...) values,
// `class X(nn.Module)` with layers set in __init__ and their order taken from forward.
// Statements run only in the evaluator's model of Python: loops and branches are not
// entered (what they set is marked unreadable, with why), functions are not called.
import { builtin, numbers, orderedDict } from './import-builtins.ts';
import { functional, shapeIndex, tensorMethod } from './import-functional.ts';
import { applyInit } from './import-init.ts';
import { readLayer } from './import-layers.ts';
import { type ClassDef, MAX_ITEMS, type Module, NONE, type Step, type Value, attach, describe, integer, missingName, moduleSteps, moduleValue, newModule, tooBig, unknown, unknownFrom } from './import-values.ts';
import type { Expr, Param, Stmt } from '../python/python-ast.ts';
import { type CallArgs, Evaluator, type Host } from './python-eval.ts';

export interface Problem {
  line: number;
  message: string;
}

/** A name a layer's arguments use that the pasted code never defines (an earlier notebook cell's). */
export interface MissingName {
  name: string;
  /** Where a layer first needs it. */
  line: number;
  /** Indexed, as in hidden_sizes[0]: a list is wanted. */
  list: boolean;
}

const DEFAULT_ALIASES: Record<string, string> = {
  nn: 'torch.nn',
  F: 'torch.nn.functional',
  torch: 'torch',
  init: 'torch.nn.init',
  OrderedDict: 'collections.OrderedDict',
  collections: 'collections',
  math: 'math',
};
const BUILTINS = new Set(['int', 'float', 'len', 'round', 'abs', 'min', 'max', 'sum', 'list', 'tuple', 'super', 'print', 'range', 'isinstance']);
const TENSOR_MAKERS = new Set(['torch.randn', 'torch.rand', 'torch.zeros', 'torch.ones', 'torch.empty']);
const MODULE_SAME = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'requires_grad_']);
const MAX_INSTANCES = 200;

type Context = { problems: Problem[]; inForward: boolean; returned: Value | null };

/** Names and attributes a statement list sets, for marking them unreadable. */
function assignedIn(body: readonly Stmt[]): Expr[] {
  const out: Expr[] = [];
  const mutated = (e: Expr): void => {
    if (e.kind === 'call' && e.fn.kind === 'attr' && ['append', 'extend', 'insert', 'add_module'].includes(e.fn.name)) out.push(e.fn.object);
  };
  for (const s of body) {
    if (s.kind === 'assign') out.push(...s.targets);
    else if (s.kind === 'augassign') out.push(s.target);
    else if (s.kind === 'expr') mutated(s.value);
    else if (s.kind === 'block') {
      if (s.target !== null) out.push(s.target);
      out.push(...assignedIn(s.body));
    }
  }
  return out;
}

export class ModuleReader implements Host {
  readonly globals = new Map<string, Value>();
  readonly classes: ClassDef[] = [];
  /** Classes instantiated at module level: their instances are the candidates, not the class. */
  readonly madeAtTop = new Set<ClassDef>();
  /** Classes instantiated inside another class: parts, not whole models. */
  readonly madeInside = new Set<ClassDef>();
  /** Modules made by a statement of their own, as in a bare `nn.Sequential(...)` line. */
  readonly bare: Module[] = [];
  /** Every module bound to a name at module level, in order, including names bound again later. */
  readonly bound: { name: string; module: Module }[] = [];
  private readonly root: Context = { problems: [], inForward: false, returned: null };
  private ctx = this.root;
  /** Problems outside any class: unparsable lines, nn.init lines. */
  readonly problems = this.root.problems;
  private instances = 0;
  private readonly top = new Evaluator(this, this.globals);
  /** Names layers need and the code does not define, in the order first needed. */
  readonly missing = new Map<string, MissingName>();
  private readonly indexed = new Set<string>();

  run(stmts: readonly Stmt[]): void {
    this.exec(stmts, this.top, true);
  }

  /** Binds a value the learner gave for a missing name; why it cannot be used, or null. */
  given(name: string, expr: Expr): string | null {
    const value = this.top.eval(expr);
    if (value.kind === 'unknown') return `not readable (${value.why})`;
    if (value.kind === 'ref') return 'a name, not a value like 784 or [128, 64]';
    if (value.kind !== 'number' && value.kind !== 'bool' && value.kind !== 'seq' && value.kind !== 'dict' && value.kind !== 'string') return `${describe(value)}, not a number or a list`;
    this.globals.set(name, value);
    return null;
  }

  // --- Statements --------------------------------------------------------------------------

  private exec(stmts: readonly Stmt[], ev: Evaluator, topLevel = false): void {
    for (const s of stmts) {
      if (this.ctx.returned !== null) return;
      this.statement(s, ev, topLevel);
    }
  }

  private statement(s: Stmt, ev: Evaluator, topLevel: boolean): void {
    const scope = ev.locals ?? ev.globals;
    switch (s.kind) {
      case 'assign': {
        const value = ev.eval(s.value);
        if (this.ctx.inForward && value.kind === 'unknown' && s.targets.some((t) => t.kind === 'name' && scope.get(t.id)?.kind === 'tensor')) {
          this.problem(s.line, `${s.value.text}: ${value.why}; the line is skipped`);
          return;
        }
        for (const t of s.targets) {
          ev.assign(t, value);
          if (topLevel && t.kind === 'name' && value.kind === 'module') this.bound.push({ name: t.id, module: value.module });
        }
        return;
      }
      case 'augassign': {
        const value = ev.binary(s.op, ev.eval(s.target), ev.eval(s.value), `${s.target.text} ${s.op}= ${s.value.text}`);
        if (this.ctx.inForward && value.kind === 'unknown') this.problem(s.line, `${s.target.text} ${s.op}= ${s.value.text}: ${value.why}; the line is skipped`);
        else ev.assign(s.target, value);
        return;
      }
      case 'expr': {
        const value = ev.eval(s.value);
        if (topLevel && value.kind === 'module' && value.module.kind === 'sequential') this.bare.push(value.module);
        return;
      }
      case 'return':
        this.ctx.returned = s.value === null ? NONE : ev.eval(s.value);
        return;
      case 'import':
        for (const b of s.bindings) scope.set(b.alias, { kind: 'ref', path: b.path, defined: true });
        return;
      case 'class':
        this.defineClass(s, ev, scope);
        return;
      case 'def':
        scope.set(s.name, unknown(`${s.name}() is a function of the pasted code; calls to it are not read`));
        return;
      case 'block':
        this.block(s, ev, topLevel);
        return;
      case 'pass':
        return;
      case 'bad':
        this.problem(s.line, s.message);
        return;
    }
  }

  private block(s: Extract<Stmt, { kind: 'block' }>, ev: Evaluator, topLevel: boolean): void {
    const isMain = topLevel && s.keyword === 'if' && s.test?.kind === 'binary' && s.test.left.kind === 'name' && s.test.left.id === '__name__';
    if (isMain || s.keyword === 'with' || s.keyword === 'try' || s.keyword === 'finally') {
      this.exec(s.body, ev, topLevel);
      return;
    }
    if (this.ctx.inForward) {
      this.problem(s.line, `"${s.text}:" in forward is not read (layerlab reads forward as one straight line of layers); its lines are skipped`);
      return;
    }
    for (const target of [...(s.target === null ? [] : [s.target]), ...assignedIn(s.body)]) {
      const why = `${target.text} is set inside "${s.text}:" (line ${s.line}), which is not read: write the layers out one by one`;
      if (target.kind === 'name') (ev.locals ?? ev.globals).set(target.id, unknown(why));
      else if (target.kind === 'attr') this.setAttribute(ev.eval(target.object), target.name, unknown(why));
    }
  }

  private defineClass(s: Extract<Stmt, { kind: 'class' }>, ev: Evaluator, scope: Map<string, Value>): void {
    const bases = s.bases.map((b) => ev.eval(b));
    const isModule = bases.some((b) => (b.kind === 'ref' && /(^|\.)Module$/.test(b.path)) || (b.kind === 'class' && b.def.isModule));
    const def: ClassDef = { name: s.name, body: s.body, line: s.line, isModule };
    this.classes.push(def);
    scope.set(s.name, { kind: 'class', def });
  }

  private problem(line: number, message: string): void {
    this.ctx.problems.push({ line, message });
  }

  // --- Classes -------------------------------------------------------------------------------

  private method(def: ClassDef, name: string): Extract<Stmt, { kind: 'def' }> | null {
    for (const s of def.body) if (s.kind === 'def' && s.name === name) return s;
    return null;
  }

  private bindParams(params: readonly Param[], args: CallArgs, first: Value, className: string): Map<string, Value> {
    const locals = new Map<string, Value>();
    const [self, ...rest] = params;
    if (self !== undefined) locals.set(self.name, first);
    const positional = [...args.positional];
    for (const p of rest) {
      if (p.star !== 0) {
        locals.set(p.name, p.star === 1 ? { kind: 'seq', items: positional.splice(0), list: false } : { kind: 'dict', entries: [] });
        continue;
      }
      const given = positional.shift() ?? args.keywords.get(p.name);
      const fallback = p.default === null ? unknown(`${p.name} has no value (${className}() is made without it and it has no default; give it one, e.g. ${p.name}=784)`) : this.top.eval(p.default);
      locals.set(p.name, given ?? fallback);
    }
    return locals;
  }

  instantiate(def: ClassDef, args: CallArgs, line: number): Value {
    if (++this.instances > MAX_INSTANCES) return unknown(`${def.name}() makes too many modules to read`);
    const instance = newModule<'instance'>({ kind: 'instance', className: def.name, attrs: new Map(), steps: [], line });
    const self = moduleValue(instance);
    const outer = this.ctx;
    const ctx: Context = { problems: [], inForward: false, returned: null };
    this.ctx = ctx;
    try {
      const init = this.method(def, '__init__');
      if (init !== null) this.exec(init.body, new Evaluator(this, this.globals, this.bindParams(init.params, args, self, def.name)));
      ctx.returned = null;
      instance.steps = this.forward(def, instance, self, ctx);
    } finally {
      this.ctx = outer;
    }
    instance.steps = [...ctx.problems.map((p): Step => ({ kind: 'problem', ...p })), ...instance.steps];
    return self;
  }

  private forward(def: ClassDef, instance: Extract<Module, { kind: 'instance' }>, self: Value, ctx: Context): Step[] {
    const forward = this.method(def, 'forward');
    if (forward === null) {
      ctx.problems.push({ line: def.line, message: `${def.name} has no forward(); its layers are taken in the order __init__ sets them` });
      return [...instance.attrs.values()].flatMap((v) => (v.kind === 'module' ? moduleSteps(v.module) : []));
    }
    const input: Value = { kind: 'tensor', steps: [] };
    const locals = this.bindParams(forward.params, { positional: [input], keywords: new Map() }, self, def.name);
    ctx.inForward = true;
    this.exec(forward.body, new Evaluator(this, this.globals, locals));
    ctx.inForward = false;
    let out = ctx.returned;
    if (out?.kind === 'seq' && out.items[0]?.kind === 'tensor') {
      ctx.problems.push({ line: forward.line, message: `${def.name}.forward returns ${out.items.length} values; only the first is read` });
      out = out.items[0];
    }
    if (out?.kind === 'tensor') return out.steps;
    const last = [...locals.values()].reverse().find((v) => v.kind === 'tensor');
    const why = out === null ? 'returns nothing' : `returns ${describe(out)}`;
    ctx.problems.push({ line: forward.line, message: `${def.name}.forward ${why}; the layers up to its last tensor are read` });
    return last?.kind === 'tensor' ? last.steps : [];
  }

  // --- Host ----------------------------------------------------------------------------------

  lookup(name: string): Value {
    const alias = DEFAULT_ALIASES[name];
    if (alias !== undefined) return { kind: 'ref', path: alias, defined: true };
    if (BUILTINS.has(name)) return { kind: 'ref', path: `builtins.${name}`, defined: true };
    return { kind: 'ref', path: name, defined: false };
  }

  attribute(object: Value, name: string): Value {
    switch (object.kind) {
      case 'ref':
        return { kind: 'ref', path: `${object.path}.${name}`, defined: object.defined };
      case 'unknown':
        return object;
      case 'module': {
        const m = object.module;
        if (m.kind === 'instance') {
          const attr = m.attrs.get(name);
          if (attr !== undefined) return attr;
          if (name === 'training') return unknown('self.training');
        }
        // model.fc1 on a Sequential(OrderedDict(...)) names a child.
        const child = m.kind === 'sequential' ? m.children.find((c) => c.parent === m && c.localName === name) : undefined;
        if (child !== undefined) return moduleValue(child);
        if (name === 'weight' || name === 'bias') return { kind: 'param', module: m, part: name };
        if (m.kind === 'layer' && m.layer.spec.kind === 'linear' && (name === 'in_features' || name === 'out_features')) {
          return integer(name === 'out_features' ? m.layer.spec.outFeatures : (m.layer.spec.inFeatures ?? 0));
        }
        return { kind: 'method', target: object, name };
      }
      case 'tensor':
      case 'seq':
      case 'dict':
        return { kind: 'method', target: object, name };
      default:
        return unknown(`.${name} of ${describe(object)} is not read`);
    }
  }

  index(object: Value, index: Value, expr: Expr): Value {
    if (object.kind === 'method' && object.target.kind === 'tensor' && object.name === 'shape') return shapeIndex(index);
    if (object.kind === 'unknown') return object;
    if (object.kind === 'ref' && !object.defined) {
      const name = missingName(object);
      if (name !== null) this.indexed.add(name);
      return unknownFrom(object, describe(object));
    }
    if (object.kind === 'module' && object.module.kind === 'sequential' && index.kind === 'number' && index.integer) {
      const children = object.module.children;
      const child = children[index.value < 0 ? index.value + children.length : index.value];
      return child === undefined ? unknown(`${expr.text}: the Sequential has ${children.length} layers`) : moduleValue(child);
    }
    return unknown(`${expr.text} is not read`);
  }

  setAttribute(object: Value, name: string, value: Value): void {
    if (object.kind !== 'module' || object.module.kind !== 'instance') return;
    object.module.attrs.set(name, value);
    if (value.kind === 'module') attach(value.module, object.module, name);
  }

  call(fn: Value, args: CallArgs, expr: Expr): Value {
    switch (fn.kind) {
      case 'unknown':
        return fn;
      case 'class':
        (this.ctx === this.root ? this.madeAtTop : this.madeInside).add(fn.def);
        return this.instantiate(fn.def, args, expr.line);
      case 'module':
        return this.callModule(fn.module, args);
      case 'method':
        return this.callMethod(fn.target, fn.name, args, expr);
      case 'ref':
        return this.callRef(fn, args, expr);
      default:
        return unknown(`${expr.text}: ${describe(fn)} cannot be called`);
    }
  }

  private callModule(module: Module, args: CallArgs): Value {
    const x = args.positional[0];
    if (x?.kind === 'tensor') {
      const steps = moduleSteps(module);
      return x.steps.length + steps.length > MAX_ITEMS ? unknown(`more than ${MAX_ITEMS} layers`) : { kind: 'tensor', steps: [...x.steps, ...steps] };
    }
    if (x?.kind === 'shape') module.input ??= x.sizes;
    return unknown("the model's output");
  }

  private callMethod(target: Value, name: string, args: CallArgs, expr: Expr): Value {
    if (target.kind === 'tensor') return tensorMethod(target, name, args, expr);
    if (target.kind === 'module') {
      const m = target.module;
      if (MODULE_SAME.has(name)) return target;
      if (name === 'train' || name === 'eval') {
        const mode = args.positional[0] ?? args.keywords.get('mode');
        m.training = name === 'eval' ? false : mode === undefined ? true : mode.kind === 'bool' ? mode.value : m.training;
        return target;
      }
      if (name === 'add_module' && args.positional[0]?.kind === 'string' && args.positional[1] !== undefined) {
        if (m.kind === 'instance') this.setAttribute(target, args.positional[0].value, args.positional[1]);
        if (m.kind === 'sequential') this.addChildren(m, [args.positional[1]], [], expr, args.positional[0].value);
        return NONE;
      }
      return unknown(`${expr.text} is not read`);
    }
    if (target.kind === 'seq' && target.list && (name === 'append' || name === 'extend')) {
      const item = args.positional[0];
      if (item === undefined) return NONE;
      if (target.items.length >= MAX_ITEMS) return NONE;
      if (name === 'append') target.items.push(item);
      else if (item.kind === 'seq') target.items.push(...item.items);
      else target.items.push(unknown(`${expr.text}: ${describe(item)} is not a list`));
      return NONE;
    }
    return unknown(`${expr.text} is not read`);
  }

  private callRef(fn: Extract<Value, { kind: 'ref' }>, args: CallArgs, expr: Expr): Value {
    let path = fn.path;
    // Course style and `from torch.nn import *`: bare Linear(...), ReLU(...).
    if (!fn.defined && /^[A-Z]\w*$/.test(path)) path = `torch.nn.${path}`;
    if (!fn.defined && path === fn.path) return unknown(`${path} is not defined in the pasted code and is not a torch.nn layer`);
    const name = path.slice(path.lastIndexOf('.') + 1);
    const owner = path.slice(0, path.lastIndexOf('.'));
    const x = args.positional[0];
    if (owner === 'torch.nn' && /^[A-Z]/.test(name)) return this.construct(name, args, expr);
    if (owner === 'torch.nn.init') {
      const message = applyInit(name.replace(/(?<!_)$/, '_'), args, expr);
      if (message !== null) this.problem(expr.line, message);
      return NONE;
    }
    if ((owner === 'torch.nn.functional' || owner === 'torch') && x?.kind === 'tensor') return functional(name, `${owner === 'torch' ? 'torch' : 'F'}.${name}`, x, args, expr);
    if (TENSOR_MAKERS.has(path)) {
      const given = args.keywords.get('size') ?? (args.positional.length === 1 ? x : undefined);
      const sizes = numbers(given?.kind === 'seq' ? given.items : args.positional);
      return sizes === null || sizes.length === 0 ? unknown(`${expr.text}: sizes not read`) : { kind: 'shape', sizes };
    }
    if (path === 'collections.OrderedDict') return x === undefined ? { kind: 'dict', entries: [] } : orderedDict(x, expr);
    if (owner === 'builtins' || owner === 'math') return builtin(name, args.positional, expr);
    return unknown(`${expr.text} is not read`);
  }

  /** nn.Sequential(...), nn.Linear(...) and the other torch.nn classes. */
  private construct(className: string, args: CallArgs, expr: Expr): Value {
    if (className !== 'Sequential') return moduleValue(this.missingIn(args, expr) ?? readLayer(className, args, expr.text, expr.line));
    const sequential = newModule<'sequential'>({ kind: 'sequential', children: [], line: expr.line });
    const [first] = args.positional;
    const written = expr.kind === 'call' && expr.args.every((a) => a.star === 0 && a.name === null) ? expr.args.map((a) => a.value) : [];
    // Sequential([...]) in the course style; Sequential(OrderedDict([...])) keeps the names.
    if (args.positional.length === 1 && first?.kind === 'seq' && first.list) {
      const list = written[0];
      this.addChildren(sequential, first.items, list?.kind === 'list' && !list.items.some((i) => i.kind === 'star') ? list.items : [], expr);
    } else if (args.positional.length === 1 && first?.kind === 'dict') {
      for (const [key, value] of first.entries) this.addChildren(sequential, [value], [], expr, key.kind === 'string' ? key.value : undefined);
    } else this.addChildren(sequential, args.positional, written, expr);
    if (tooBig(sequential)) return unknown(`${expr.text} holds more than ${MAX_ITEMS} layers`);
    return moduleValue(sequential);
  }

  /** A layer whose arguments use names the code does not define: noted, to ask the learner for them. */
  private missingIn(args: CallArgs, expr: Expr): Module | null {
    const names = [...new Set([...args.positional, ...args.keywords.values()].map(missingName).filter((n) => n !== null))];
    if (names.length === 0) return null;
    for (const name of names) if (!this.missing.has(name)) this.missing.set(name, { name, line: expr.line, list: this.indexed.has(name) });
    const [what, value] = names.length === 1 ? [`${names[0]} is`, 'its value'] : [`${names.join(' and ')} are`, 'their values'];
    const message = `${expr.text}: ${what} not defined in the pasted code (set in an earlier cell?): give ${value} to read this layer; left out`;
    return newModule<'unsupported'>({ kind: 'unsupported', message, written: expr.text, line: expr.line });
  }

  /** `written` holds the items' expressions when they map one to one, for messages. */
  private addChildren(sequential: Extract<Module, { kind: 'sequential' }>, items: readonly Value[], written: readonly Expr[], expr: Expr, name?: string): void {
    for (const [k, item] of items.entries()) {
      const at = written[k] ?? expr;
      const why = item.kind === 'unknown' ? item.why : `${describe(item)}, not a layer like nn.ReLU()`;
      const child = item.kind === 'module' ? item.module : newModule<'unsupported'>({ kind: 'unsupported', message: `${at.text}: ${why}; left out`, written: at.text, line: at.line });
      attach(child, sequential, name ?? String(sequential.children.length));
      sequential.children.push(child);
    }
  }
}
