// Reads pasted PyTorch code into layerlab networks, without executing anything: a small
// lexer, parser and evaluator of the safe subset of Python that model definitions use
// (python-*.ts), torch semantics on top (import-*.ts). Every model the code defines is a
// candidate; what cannot be read is reported with its line and the rest still imports.
import { INPUT_SHAPE_COMMENT } from '../export/export.ts';
import { type Input, assemble } from './import-assemble.ts';
import { type MissingName, ModuleReader, type Problem } from './import-module.ts';
import { type Module, moduleSteps } from './import-values.ts';
import type { NetworkModel } from '../network/network.ts';
import { type Token, lex } from '../python/python-lexer.ts';
import { parse } from '../python/python-parser.ts';
import { quoted } from '../text.ts';
import { validateBatch, validateFeatures } from '../network/validate.ts';

export type ImportProblem = Problem;
export type { MissingName };

/** One model the code defines, read into a network. */
export interface Candidate {
  /** How the code names it: "model", "NeuralNetwork()", "nn.Sequential (line 3)". */
  name: string;
  line: number;
  model: NetworkModel;
  /** PyTorch's name for each block's module ("linear_relu_stack.0"); null for F.relu(x) and the like. */
  layerNames: (string | null)[];
  /** Problems met reading this model (line 0: about the text as a whole), by line. */
  problems: ImportProblem[];
}

export interface ImportResult {
  /** Every model found, the likeliest first (one not used inside another). */
  candidates: Candidate[];
  /** The first candidate's network; absent when no model was found. */
  model?: NetworkModel;
  /** The first candidate's problems, or why nothing was found. */
  problems: ImportProblem[];
  /** Names layers use that neither the code nor `given` defines: the learner is asked for them. */
  missing: MissingName[];
}

/** Values the learner typed for missing names, as Python ("784", "[128, 64]"), by name. */
export type GivenValues = ReadonlyMap<string, string>;

/** Pasted text beyond this is refused: a network worth importing is a few kilobytes. */
export const MAX_IMPORT_LENGTH = 100_000;

/** "# input shape: (32, 28, 28)", as toPyTorch writes it. */
function readInputShape(comment: Token, problems: Problem[]): Input | null {
  const text = comment.text.trim();
  if (!text.toLowerCase().startsWith(INPUT_SHAPE_COMMENT)) return null;
  const tuple = text.slice(INPUT_SHAPE_COMMENT.length).trim();
  const sizes = tuple.replace(/^\(/, '').replace(/,?\s*\)$/, '').split(',');
  const batch = validateBatch(sizes[0] ?? '');
  const features = validateFeatures(sizes.slice(1).join(','));
  if (!batch.ok || !features.ok || !tuple.startsWith('(') || !tuple.endsWith(')')) {
    const why = !batch.ok ? batch.error : !features.ok ? features.error : 'expected a tuple like (32, 784)';
    problems.push({ line: comment.line, message: `input shape comment not understood (${why}); the input is guessed` });
    return null;
  }
  return { batch: batch.value, features: features.value };
}

/** Models worth offering, wholes first: parts of another model (encoder, a block class) last. */
function models(reader: ModuleReader): { name: string; module: Module }[] {
  const found: { name: string; module: Module; part: boolean }[] = [];
  const add = (name: string, module: Module, part = module.parent !== null): void => {
    if (found.some((f) => f.module === module) || module.kind === 'unsupported' || (part && module.kind === 'layer')) return;
    found.push({ name, module, part });
  };
  for (const { name, module } of reader.bound) {
    const again = reader.bound.some((b) => b.name === name && b.module !== module);
    add(again ? `${name} (line ${module.line})` : name, module);
  }
  for (const module of reader.bare) add(`nn.Sequential (line ${module.line})`, module);
  // Every class first: only then is it known which ones other classes use as parts.
  const made = reader.classes
    .filter((def) => def.isModule && !reader.madeAtTop.has(def))
    .map((def) => ({ def, value: reader.instantiate(def, { positional: [], keywords: new Map() }, def.line) }));
  for (const { def, value } of made) if (value.kind === 'module') add(`${def.name}()`, value.module, reader.madeInside.has(def));
  return [...found.filter((f) => !f.part), ...found.filter((f) => f.part)];
}

/**
 * Binds each given value before the code runs, as an earlier cell would have. A value must be
 * one Python expression the importer reads (a number, a list of them, arithmetic); one that
 * is not is reported by name and left unbound, so the layers needing it still ask for it.
 */
function bindGiven(reader: ModuleReader, given: GivenValues, problems: Problem[]): void {
  for (const [name, written] of given) {
    const value = written.trim();
    if (value === '') continue;
    if (value.length > MAX_IMPORT_LENGTH) {
      problems.push({ line: 0, message: `The value given for ${name} is too long (${value.length} characters, at most ${MAX_IMPORT_LENGTH})` });
      continue;
    }
    const lexed = lex(`${name} = ${value}\n`);
    const stmts = parse(lexed.lines);
    const stmt = stmts[0];
    const why =
      lexed.bad.length > 0 || stmts.length !== 1 || stmt?.kind !== 'assign' || stmt.targets.length !== 1
        ? 'not one Python value like 784 or [128, 64]'
        : reader.given(name, stmt.value);
    if (why !== null) problems.push({ line: 0, message: `The value given for ${name} (${quoted(value)}) is ${why}` });
  }
}

function importText(text: string, given: GivenValues): ImportResult {
  const shared: Problem[] = [];
  if (text.length > MAX_IMPORT_LENGTH) {
    return { candidates: [], missing: [], problems: [{ line: 0, message: `The text is too long (${text.length} characters, at most ${MAX_IMPORT_LENGTH})` }] };
  }
  const lexed = lex(text);
  for (const t of lexed.bad) shared.push({ line: t.line, message: `unexpected ${quoted(t.text)}; ignored` });
  let hint: Input | null = null;
  for (const comment of lexed.comments) hint = readInputShape(comment, shared) ?? hint;
  const reader = new ModuleReader();
  bindGiven(reader, given, shared);
  reader.run(parse(lexed.lines));
  shared.push(...reader.problems);

  const candidates = models(reader).map(({ name, module }): Candidate => ({ name, line: module.line, ...assemble(module, moduleSteps(module), hint, shared) }));
  const first = candidates[0];
  const missing = [...reader.missing.values()];
  if (first === undefined) {
    const none = { line: 0, message: 'No model found: paste an nn.Sequential(...) or a class X(nn.Module) with __init__ and forward' };
    return { candidates, missing, problems: [none, ...shared].sort((a, b) => a.line - b.line) };
  }
  return { candidates, missing, model: first.model, problems: first.problems };
}

/**
 * Reads pasted PyTorch code: `model = nn.Sequential(...)` (also OrderedDict, nested and
 * course-style Sequentials), `class Net(nn.Module)` with layers set in __init__ and used in
 * forward, numbers and arithmetic bound earlier, constructor defaults, nn.init lines and
 * train()/eval(). The input comes from toPyTorch's "# input shape:" comment, from a call
 * like `model(torch.randn(64, 784))`, or else is guessed as batch 32 × the first Linear's
 * in_features. Names the layers use without the code defining them (an earlier notebook
 * cell's) are listed in `missing`; `given` supplies their values. Never throws.
 */
export function fromPyTorch(text: string, given: GivenValues = new Map()): ImportResult {
  try {
    return importText(text, given);
  } catch (error) {
    // Unreachable by design; a bug here must not take the page down with it.
    return { candidates: [], missing: [], problems: [{ line: 0, message: `The text could not be read (${String(error)})` }] };
  }
}
