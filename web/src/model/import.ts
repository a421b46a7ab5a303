// Reads a pasted PyTorch nn.Sequential back into a model. Understands what toPyTorch writes
// and the common ways people write the same thing by hand; everything else is reported line
// by line and left out rather than guessed. Nothing in the text is ever evaluated.
import { type BlockSpec, type InitScheme, BLOCK_INFO } from './blocks.ts';
import { INPUT_SHAPE_COMMENT } from './export.ts';
import { type NetworkModel, DEFAULT_INPUT, DEFAULT_TRAINING, modelFromSpecs } from './network.ts';
import { readInit, readMode } from './import-init.ts';
import { type Layer, readLayer } from './import-layers.ts';
import { matchingClose, readDotted, splitOnCommas } from './python-calls.ts';
import { type Token, tokenize, tokensText } from './python-tokens.ts';
import { quoted } from './text.ts';
import { LIMITS, validateBatch, validateFeatures, validateInFeatures } from './validate.ts';

export interface ImportProblem {
  /** 1-based; 0 when the problem is about the text as a whole. */
  line: number;
  message: string;
}

export interface ImportResult {
  /** Absent when no nn.Sequential was found. */
  model?: NetworkModel;
  problems: ImportProblem[];
}

/** Pasted text beyond this is refused: a network worth importing is a few kilobytes. */
export const MAX_IMPORT_LENGTH = 100_000;

type InitTarget = { index: number; line: number; scheme: InitScheme | 'zero-bias' };

class Problems {
  readonly list: ImportProblem[] = [];
  add(line: number, message: string): void {
    this.list.push({ line, message });
  }
}

/** Statements: token runs ended by a newline outside brackets. Comments are dropped. */
function statements(tokens: readonly Token[]): { tokens: Token[]; comments: Token[] }[] {
  const result: { tokens: Token[]; comments: Token[] }[] = [];
  let current: Token[] = [];
  let comments: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth = Math.max(0, depth - 1);
    if (t.kind === 'comment') {
      if (depth === 0 && current.length === 0) comments.push(t);
    } else if (t.kind === 'newline' && depth === 0) {
      if (current.length > 0 || comments.length > 0) result.push({ tokens: current, comments });
      current = [];
      comments = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0 || comments.length > 0) result.push({ tokens: current, comments });
  return result;
}

const SEQUENTIAL_NAMES = ['Sequential', 'nn.Sequential', 'torch.nn.Sequential'];

interface Sequential {
  variable: string | null;
  /** One per item, in order, so that model[i] in nn.init lines finds its layer. */
  items: (Layer | null)[];
  line: number;
}

function readSequential(tokens: readonly Token[], problems: Problems): Sequential | null {
  let start = 0;
  let variable: string | null = null;
  if (tokens[0]?.kind === 'name' && tokens[1]?.text === '=' && tokens[1].kind === 'op') {
    variable = tokens[0].text;
    start = 2;
  }
  const { parts, end } = readDotted(tokens, start);
  if (!SEQUENTIAL_NAMES.includes(parts.join('.')) || tokens[end]?.text !== '(') return null;
  const line = tokens[0]?.line ?? 1;
  let close = matchingClose(tokens, end);
  if (close < 0) {
    problems.add(line, 'nn.Sequential( is never closed with ")"; reading what is there');
    close = tokens.length;
  } else if (close !== tokens.length - 1) {
    problems.add(tokens[close + 1]?.line ?? line, `unexpected ${quoted(tokensText(tokens.slice(close + 1)))} after the Sequential; ignored`);
  }
  let inner = tokens.slice(end + 1, close);
  // The course style and some tutorials pass one list: Sequential([...]).
  if (inner[0]?.text === '[' && matchingClose(inner, 0) === inner.length - 1) inner = inner.slice(1, -1);
  const items: (Layer | null)[] = [];
  for (const item of splitOnCommas(inner)) {
    const layer = readLayer(item);
    if (typeof layer === 'string') {
      problems.add(item[0]?.line ?? line, layer);
      items.push(null);
    } else {
      items.push(layer);
    }
  }
  return { variable, items, line };
}

/** "# input shape: (32, 28, 28)", as toPyTorch writes it. */
function readInputShape(comment: Token, problems: Problems): { batch: number; features: number[] } | null {
  const text = comment.text.trim();
  if (!text.toLowerCase().startsWith(INPUT_SHAPE_COMMENT)) return null;
  const tuple = text.slice(INPUT_SHAPE_COMMENT.length).trim();
  const sizes = tuple.replace(/^\(/, '').replace(/,?\s*\)$/, '').split(',');
  const batch = validateBatch(sizes[0] ?? '');
  const features = validateFeatures(sizes.slice(1).join(','));
  if (!batch.ok || !features.ok || !tuple.startsWith('(') || !tuple.endsWith(')')) {
    const why = !batch.ok ? batch.error : !features.ok ? features.error : 'expected a tuple like (32, 784)';
    problems.add(comment.line, `input shape comment not understood (${why}); the input was guessed from the first Linear`);
    return null;
  }
  return { batch: batch.value, features: features.value };
}

// --- Assembly -------------------------------------------------------------------------

function std(scale: number, inFeatures: number): number {
  return Math.sqrt(scale / inFeatures);
}

function closeTo(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3 * Math.abs(b);
}

function importText(text: string): ImportResult {
  const problems = new Problems();
  if (text.length > MAX_IMPORT_LENGTH) {
    problems.add(0, `The text is too long (${text.length} characters, at most ${MAX_IMPORT_LENGTH})`);
    return { problems: problems.list };
  }
  const tokens = tokenize(text);
  for (const t of tokens) {
    if (t.kind === 'bad') problems.add(t.line, `unexpected ${quoted(t.text)}; ignored`);
  }
  let sequential: Sequential | null = null;
  let input: { batch: number; features: number[] } | null = null;
  let training: boolean | null = null;
  const inits: (InitTarget | { index: number; line: number; std: number })[] = [];
  const pending: { tokens: Token[]; line: number }[] = [];

  for (const statement of statements(tokens.filter((t) => t.kind !== 'bad'))) {
    for (const comment of statement.comments) input = readInputShape(comment, problems) ?? input;
    const line = statement.tokens;
    const first = line[0];
    if (first === undefined) continue;
    if (first.kind === 'name' && (first.text === 'import' || first.text === 'from')) continue;
    if (sequential === null) {
      sequential = readSequential(line, problems);
      if (sequential !== null) continue;
    } else if (readSequential(line, new Problems()) !== null) {
      problems.add(first.line, 'a second nn.Sequential; only the first one was read');
      continue;
    }
    // Read once the Sequential, and so its variable name, is known.
    pending.push({ tokens: line, line: first.line });
  }

  if (sequential === null) {
    problems.add(0, 'No nn.Sequential(...) found: paste code like "model = nn.Sequential(nn.Linear(784, 10))"');
    return { problems: problems.list };
  }
  const variable = sequential.variable ?? 'model';

  for (const { tokens, line } of pending) {
    const mode = readMode(tokens, variable);
    if (mode !== null) {
      training = mode;
      continue;
    }
    const init = readInit(tokens, variable);
    if (init === null) {
      problems.add(line, `${quoted(tokensText(tokens))} not understood; ignored (only nn.Sequential, nn.init and ${variable}.train()/eval() lines are read)`);
    } else if (typeof init === 'string') {
      problems.add(line, init);
    } else if (typeof init.scheme === 'object') {
      inits.push({ index: init.target.index, line, std: init.scheme.std });
    } else {
      inits.push({ index: init.target.index, line, scheme: init.scheme });
    }
  }

  return assemble(sequential, input, training, inits, problems);
}

/** Input features from the first Linear's in_features, when that is a valid input size. */
function guessFeatures(sequential: Sequential, problems: Problems): number[] {
  const first = sequential.items.find((l) => l?.spec.kind === 'linear');
  if (first?.spec.kind !== 'linear' || first.spec.inFeatures === null) return [...DEFAULT_INPUT.features];
  const guess = validateFeatures([first.spec.inFeatures]);
  if (guess.ok) return guess.value;
  problems.add(first.line, `the input cannot be guessed from this Linear (${guess.error}); using ${DEFAULT_INPUT.features.join('x')}`);
  return [...DEFAULT_INPUT.features];
}

function assemble(
  sequential: Sequential,
  hint: { batch: number; features: number[] } | null,
  training: boolean | null,
  inits: readonly (InitTarget | { index: number; line: number; std: number })[],
  problems: Problems,
): ImportResult {
  const input = hint ?? { batch: DEFAULT_INPUT.batch, features: guessFeatures(sequential, problems) };

  // Walk the shapes to judge dims and links; a left-out layer leaves the shape alone.
  let shape = [input.batch, ...input.features];
  const kept: (BlockSpec | null)[] = sequential.items.map((layer) => {
    if (layer === null) return null;
    const rank = shape.length;
    const { spec, check, line } = layer;
    if (check?.kind === 'softmax') {
      // PyTorch's implicit dim: 0 for 0-, 1- and 3-dimensional inputs, otherwise 1.
      const dim = check.dim ?? (rank === 0 || rank === 1 || rank === 3 ? 0 : 1);
      if ((dim < 0 ? dim + rank : dim) !== rank - 1) {
        problems.add(line, `nn.Softmax over dim ${check.dim ?? `${dim} (implicit)`} of a ${rank}-dimensional input is not the last dimension; layerlab's Softmax works over the last one (dim=-1); left out`);
        return null;
      }
    }
    if (check?.kind === 'flatten') {
      const start = check.start < 0 ? check.start + rank : check.start;
      const end = check.end < 0 ? check.end + rank : check.end;
      if (start !== 1 || end !== rank - 1) {
        problems.add(line, `nn.Flatten(start_dim=${check.start}, end_dim=${check.end}) on a ${rank}-dimensional input: layerlab's Flatten keeps only the batch dimension (start_dim=1, end_dim=-1); left out`);
        return null;
      }
      shape = [shape[0] ?? 1, shape.slice(1).reduce((a, b) => a * b, 1)];
    }
    if (spec.kind === 'linear') {
      const linked = spec.inFeatures === shape[shape.length - 1];
      if (!linked && spec.inFeatures !== null) {
        const checked = validateInFeatures(spec.inFeatures);
        if (!checked.ok) {
          problems.add(line, `${checked.error} and does not match its input (${shape[shape.length - 1]}); left out`);
          return null;
        }
      }
      shape = [...shape.slice(0, -1), spec.outFeatures];
      return { ...spec, inFeatures: linked ? null : spec.inFeatures };
    }
    return spec;
  });

  // nn.init lines, by their index into the Sequential as written.
  const blocks = kept.map((b) => (b === null ? null : { ...b }));
  for (const init of inits) {
    const block = blocks[init.index];
    const layer = sequential.items[init.index];
    if (layer === undefined) {
      problems.add(init.line, `the Sequential has no layer [${init.index}]; line ignored`);
    } else if (layer === null || block === null || block === undefined) {
      problems.add(init.line, `layer [${init.index}] was left out, so its init line is ignored`);
    } else if (block.kind !== 'linear' || layer.spec.kind !== 'linear') {
      problems.add(init.line, `layer [${init.index}] is nn.${BLOCK_INFO[block.kind].pytorchClass}, which has no parameters; line ignored`);
    } else if ('std' in init) {
      const fanIn = layer.spec.inFeatures ?? 1;
      if (closeTo(init.std, std(1, fanIn))) block.init = 'lecun';
      else if (closeTo(init.std, std(2, fanIn))) block.init = 'he';
      else problems.add(init.line, `normal_ with std ${init.std} matches neither LeCun (√(1/${fanIn})) nor He (√(2/${fanIn})); layerlab's default, LeCun, is used`);
    } else if (init.scheme === 'zero-bias') {
      if (!block.bias) problems.add(init.line, `layer [${init.index}] has bias=False, so it has no bias to set; line ignored`);
    } else {
      block.init = init.scheme;
    }
  }

  let specs = blocks.filter((b): b is BlockSpec => b !== null);
  if (specs.length > LIMITS.maxBlocks) {
    problems.add(sequential.line, `more than ${LIMITS.maxBlocks} layers; only the first ${LIMITS.maxBlocks} were read`);
    specs = specs.slice(0, LIMITS.maxBlocks);
  }
  const model = modelFromSpecs(specs, { input: { batch: input.batch, features: input.features }, training: training ?? DEFAULT_TRAINING });
  return { model, problems: problems.list.sort((a, b) => a.line - b.line) };
}

/**
 * Reads `model = nn.Sequential(...)` (also torch.nn.Sequential or a bare Sequential, with
 * keyword arguments, trailing commas, comments, and the nn.init and train()/eval() lines
 * toPyTorch writes). The input is read from toPyTorch's "# input shape:" comment, or else
 * guessed as batch 32 × the first Linear's in_features. A Linear whose in_features match
 * its input comes back linked. Never throws.
 */
export function fromPyTorch(text: string): ImportResult {
  try {
    return importText(text);
  } catch (error) {
    // Unreachable by design; a bug here must not take the page down with it.
    return { problems: [{ line: 0, message: `The text could not be read (${String(error)})` }] };
  }
}
