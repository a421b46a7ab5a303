// What the importer's evaluator computes: Python's plain values, plus the torch modules a
// model definition builds and the symbolic tensor its forward passes along.
import type { BlockSpec } from '../../vocabulary/blocks.ts';
import type { Stmt } from '../python/python-ast.ts';

/** What can only be judged once the input's rank at the layer is known. */
export type RankCheck =
  | { kind: 'softmax'; dim: number | null }
  | { kind: 'flatten'; start: number; end: number }
  /** x.view(B, N) / x.view(-1, N): a Flatten when N is the per-sample size. */
  | { kind: 'view'; size: number; text: string };

/** One block as read, before shapes are known. The spec is mutable: nn.init lines set init. */
export interface Layer {
  spec: BlockSpec;
  line: number;
  check: RankCheck | null;
}

interface ModuleBase {
  line: number;
  /** The module holding this one first, and the name it has there ("fc1", "0"). */
  parent: Module | null;
  localName: string | null;
  /** Set by model.train() / model.eval(). */
  training: boolean | null;
  /** Set by a call like model(torch.randn(64, 784)): the input as written. */
  input: number[] | null;
}

export type Module = ModuleBase &
  (
    | { kind: 'layer'; layer: Layer; written: string }
    /** A layer layerlab does not have (or whose arguments could not be read). */
    | { kind: 'unsupported'; message: string; written: string }
    | { kind: 'sequential'; children: Module[] }
    | { kind: 'instance'; className: string; attrs: Map<string, Value>; steps: Step[] }
  );

/** One link of a forward pass: a block, or a problem met where a block would be. */
export type Step = { kind: 'layer'; layer: Layer; module: Module | null } | { kind: 'problem'; line: number; message: string };

export interface ClassDef {
  name: string;
  body: Stmt[];
  line: number;
  /** Whether it derives from nn.Module (directly or through another class of the file). */
  isModule: boolean;
}

export type Value =
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'string'; value: string }
  | { kind: 'seq'; items: Value[]; list: boolean }
  | { kind: 'dict'; entries: [Value, Value][] }
  /** Something importable or not defined here: "torch.nn.Linear", "torch", "custom_block". */
  | { kind: 'ref'; path: string; defined: boolean }
  | { kind: 'class'; def: ClassDef }
  | { kind: 'module'; module: Module }
  /** A method looked up on a value, called next: x.view, layers.append, model.eval. */
  | { kind: 'method'; target: Value; name: string }
  | { kind: 'param'; module: Module; part: 'weight' | 'bias' }
  /** The tensor flowing through forward: the steps it went through so far. */
  | { kind: 'tensor'; steps: Step[] }
  /** x.size(0), x.shape[0], len(x): the batch size. */
  | { kind: 'batch' }
  /** torch.randn(64, 784) and the like, outside forward. */
  | { kind: 'shape'; sizes: number[] }
  /** `missing`: the name not defined in the pasted code that made it unknown, if any. */
  | { kind: 'unknown'; why: string; missing?: string };

export const NONE: Value = { kind: 'none' };

/**
 * Ceiling on list items, string length and steps through modules: `m = nn.Sequential(m, m)`
 * or `s = s + s` repeated would otherwise double with every line of a pasted file.
 */
export const MAX_ITEMS = 10_000;

/** Whether the module holds more than MAX_ITEMS modules (shared parts counted each time). */
export function tooBig(module: Module): boolean {
  let count = 0;
  const visit = (m: Module): boolean => {
    if (++count > MAX_ITEMS) return true;
    if (m.kind === 'sequential') return m.children.some(visit);
    if (m.kind === 'instance') count += m.steps.length;
    return count > MAX_ITEMS;
  };
  return visit(module);
}

export function unknown(why: string): Value {
  return { kind: 'unknown', why };
}

/**
 * The plain name (`input_size`, not `config.size`) this value stands for when the pasted code
 * uses it without defining it: set in an earlier notebook cell, say. The learner can type it.
 */
export function missingName(value: Value): string | null {
  if (value.kind === 'ref' && !value.defined && !value.path.includes('.')) return value.path;
  return value.kind === 'unknown' ? (value.missing ?? null) : null;
}

/** An unknown value that remembers which missing name it came from. */
export function unknownFrom(value: Value, why: string): Value {
  const missing = missingName(value);
  return missing === null ? unknown(why) : { kind: 'unknown', why, missing };
}

export function integer(value: number): Value {
  return { kind: 'number', value, integer: true };
}

export function moduleValue(module: Module): Value {
  return { kind: 'module', module };
}

export function newModule<K extends Module['kind']>(fields: Omit<Extract<Module, { kind: K }>, keyof ModuleBase> & { line: number }): Extract<Module, { kind: K }> {
  return { parent: null, localName: null, training: null, input: null, ...fields } as unknown as Extract<Module, { kind: K }>;
}

/** The module's place under `root`: "linear_relu_stack.0", or its own name when outside. */
export function pathFrom(root: Module, module: Module): string | null {
  const names: string[] = [];
  let m: Module | null = module;
  while (m !== null && m !== root) {
    if (m.localName === null) return names.length === 0 ? null : names.reverse().join('.');
    names.push(m.localName);
    m = m.parent;
  }
  return names.length === 0 ? null : names.reverse().join('.');
}

/** Names a module where it is first attached; later attachments keep the first name. */
export function attach(child: Module, parent: Module, name: string): void {
  if (child.parent !== null || child === parent) return;
  child.parent = parent;
  child.localName = name;
}

/** The steps a module contributes when a tensor goes through it. */
export function moduleSteps(module: Module): Step[] {
  switch (module.kind) {
    case 'layer':
      return [{ kind: 'layer', layer: module.layer, module }];
    case 'unsupported':
      return [{ kind: 'problem', line: module.line, message: module.message }];
    case 'sequential':
      return module.children.flatMap(moduleSteps);
    case 'instance':
      return module.steps;
  }
}

/** "an int", "a Linear", for messages saying what a value was instead. */
export function describe(value: Value): string {
  switch (value.kind) {
    case 'number':
      return !value.integer && Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'string':
      return JSON.stringify(value.value);
    case 'seq':
      return value.list ? 'a list' : 'a tuple';
    case 'dict':
      return 'a dict';
    case 'ref':
      return value.defined ? value.path : `${value.path}, which is not defined in the pasted code`;
    case 'class':
      return `the class ${value.def.name}`;
    case 'module':
      return 'a module';
    case 'method':
      return `the method .${value.name}`;
    case 'param':
      return `a ${value.part}`;
    case 'tensor':
      return 'a tensor';
    case 'batch':
      return 'the batch size';
    case 'shape':
      return 'a tensor';
    case 'unknown':
      return value.why;
  }
}
