// Reads pasted PyTorch code into layerlab networks, without executing anything: a small
// lexer, parser and evaluator of the safe subset of Python that model definitions use
// (python-*.ts), torch semantics on top (import-*.ts). Every model the code defines is a
// candidate; what cannot be read is reported with its line and the rest still imports.
import { INPUT_SHAPE_COMMENT } from '../export/export.ts';
import { type Input, assemble } from './import-assemble.ts';
import { ModuleReader, type Problem } from './import-module.ts';
import { type Module, moduleSteps } from './import-values.ts';
import type { NetworkModel } from '../network/network.ts';
import { type Token, lex } from '../python/python-lexer.ts';
import { parse } from '../python/python-parser.ts';
import { quoted } from '../text.ts';
import { validateBatch, validateFeatures } from '../network/validate.ts';

export type ImportProblem = Problem;

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
}

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

function importText(text: string): ImportResult {
  const shared: Problem[] = [];
  if (text.length > MAX_IMPORT_LENGTH) {
    return { candidates: [], problems: [{ line: 0, message: `The text is too long (${text.length} characters, at most ${MAX_IMPORT_LENGTH})` }] };
  }
  const lexed = lex(text);
  for (const t of lexed.bad) shared.push({ line: t.line, message: `unexpected ${quoted(t.text)}; ignored` });
  let hint: Input | null = null;
  for (const comment of lexed.comments) hint = readInputShape(comment, shared) ?? hint;
  const reader = new ModuleReader();
  reader.run(parse(lexed.lines));
  shared.push(...reader.problems);

  const candidates = models(reader).map(({ name, module }): Candidate => ({ name, line: module.line, ...assemble(module, moduleSteps(module), hint, shared) }));
  const first = candidates[0];
  if (first === undefined) {
    const none = { line: 0, message: 'No model found: paste an nn.Sequential(...) or a class X(nn.Module) with __init__ and forward' };
    return { candidates, problems: [none, ...shared].sort((a, b) => a.line - b.line) };
  }
  return { candidates, model: first.model, problems: first.problems };
}

/**
 * Reads pasted PyTorch code: `model = nn.Sequential(...)` (also OrderedDict, nested and
 * course-style Sequentials), `class Net(nn.Module)` with layers set in __init__ and used in
 * forward, numbers and arithmetic bound earlier, constructor defaults, nn.init lines and
 * train()/eval(). The input comes from toPyTorch's "# input shape:" comment, from a call
 * like `model(torch.randn(64, 784))`, or else is guessed as batch 32 × the first Linear's
 * in_features. Never throws.
 */
export function fromPyTorch(text: string): ImportResult {
  try {
    return importText(text);
  } catch (error) {
    // Unreachable by design; a bug here must not take the page down with it.
    return { candidates: [], problems: [{ line: 0, message: `The text could not be read (${String(error)})` }] };
  }
}
