// Block specs: what a learner can put in the network, as plain data.

export type InitScheme = 'lecun' | 'xavier' | 'he' | 'zeros';

/** Blocks that have no options at all. */
export type OptionlessKind = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'flatten';

export type BlockKind = 'linear' | 'dropout' | OptionlessKind;

export interface LinearSpec {
  kind: 'linear';
  outFeatures: number;
  bias: boolean;
  init: InitScheme;
  /**
   * null = linked: follows the previous block's output. A number = unlinked, set by hand;
   * it may deliberately mismatch so learners can see the engine's shape error.
   */
  inFeatures: number | null;
}

export interface DropoutSpec {
  kind: 'dropout';
  p: number;
}

export interface OptionlessSpec {
  kind: OptionlessKind;
}

/** A block without identity: what presets, the URL and imports describe. */
export type BlockSpec = LinearSpec | DropoutSpec | OptionlessSpec;

/**
 * A block inside a model. The id only gives views a stable key for DOM reuse and drag and
 * drop; it carries no meaning, so comparisons of networks ignore it.
 */
export type Block = BlockSpec & { id: string };
export type LinearBlock = LinearSpec & { id: string };
export type DropoutBlock = DropoutSpec & { id: string };

export interface BlockInfo {
  label: string;
  /** One or two sentences for learners, shown next to the block. */
  description: string;
  /** Class name in torch.nn. */
  pytorchClass: string;
  hasParameters: boolean;
}

export const BLOCK_INFO: { readonly [K in BlockKind]: BlockInfo } = {
  linear: {
    label: 'Linear',
    description: 'Multiplies the last dimension by a weight matrix and adds a bias: y = xW + b. The only block here that learns.',
    pytorchClass: 'Linear',
    hasParameters: true,
  },
  relu: {
    label: 'ReLU',
    description: 'Keeps positive values and turns negative ones into 0. The usual activation between Linear layers.',
    pytorchClass: 'ReLU',
    hasParameters: false,
  },
  sigmoid: {
    label: 'Sigmoid',
    description: 'Squashes every value into (0, 1). Saturates for large inputs, which slows learning in deep stacks.',
    pytorchClass: 'Sigmoid',
    hasParameters: false,
  },
  tanh: {
    label: 'Tanh',
    description: 'Squashes every value into (-1, 1), centred on 0.',
    pytorchClass: 'Tanh',
    hasParameters: false,
  },
  softmax: {
    label: 'Softmax',
    description: 'Turns each row of the last dimension into probabilities that sum to 1.',
    pytorchClass: 'Softmax',
    hasParameters: false,
  },
  flatten: {
    label: 'Flatten',
    description: 'Keeps the batch dimension and joins all the others into one: (32, 28, 28) becomes (32, 784).',
    pytorchClass: 'Flatten',
    hasParameters: false,
  },
  dropout: {
    label: 'Dropout',
    description: 'In training, zeroes each value with probability p and scales survivors by 1/(1-p). Does nothing in evaluation.',
    pytorchClass: 'Dropout',
    hasParameters: false,
  },
};

/** Palette order. */
export const BLOCK_KINDS: readonly BlockKind[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'flatten', 'dropout'];

export const INIT_SCHEMES: readonly InitScheme[] = ['lecun', 'xavier', 'he', 'zeros'];

export const INIT_INFO: { readonly [K in InitScheme]: { label: string; description: string } } = {
  lecun: { label: 'LeCun normal', description: 'N(0, 1/in): each output has the variance of an input, which suits Tanh and Sigmoid; a ReLU after it halves that variance (He makes up for it). The course’s default.' },
  xavier: { label: 'Xavier uniform', description: 'U(-a, a) with a = √(6/(in+out)); suits Tanh and Sigmoid.' },
  he: { label: 'He normal', description: 'N(0, 2/in): makes up for ReLU zeroing half the values.' },
  zeros: { label: 'Zeros', description: 'All weights 0: every unit computes the same thing, so nothing can learn apart.' },
};

/** The runtime list of OptionlessKind; the mapped type makes it complete. */
const OPTIONLESS: { readonly [K in OptionlessKind]: true } = { relu: true, sigmoid: true, tanh: true, softmax: true, flatten: true };

/**
 * True for blocks without options, whose every trait comes from BLOCK_INFO. Code that handles
 * kinds tests this first, then switches over the kinds with options and ends with
 * unhandledKind, so a new kind with options fails to compile until every switch handles it.
 */
export function isOptionless<S extends { kind: string }>(spec: S): spec is Extract<S, { kind: OptionlessKind }> {
  return isOptionlessKind(spec.kind);
}

export function isOptionlessKind(kind: string): kind is OptionlessKind {
  return Object.hasOwn(OPTIONLESS, kind);
}

/** The default branch of an exhaustive switch over kinds: `spec` is `never` when every kind is handled. */
export function unhandledKind(spec: never): never {
  throw new Error(`unhandled block kind: ${JSON.stringify(spec)}`);
}

export function isBlockKind(text: string): text is BlockKind {
  return (BLOCK_KINDS as readonly string[]).includes(text);
}

export function isInitScheme(text: string): text is InitScheme {
  return (INIT_SCHEMES as readonly string[]).includes(text);
}

export const DEFAULT_OUT_FEATURES = 64;
export const DEFAULT_DROPOUT_P = 0.5;

/** The spec a freshly added block of this kind starts with. */
export function defaultSpec(kind: BlockKind): BlockSpec {
  if (isOptionlessKind(kind)) return { kind };
  switch (kind) {
    case 'linear':
      return { kind, outFeatures: DEFAULT_OUT_FEATURES, bias: true, init: 'lecun', inFeatures: null };
    case 'dropout':
      return { kind, p: DEFAULT_DROPOUT_P };
    default:
      return unhandledKind(kind);
  }
}

/** The block's spec without its id, as a fresh object (safe to compare with toEqual). */
export function specOf(block: Block): BlockSpec {
  if (isOptionless(block)) return { kind: block.kind };
  switch (block.kind) {
    case 'linear':
      return { kind: 'linear', outFeatures: block.outFeatures, bias: block.bias, init: block.init, inFeatures: block.inFeatures };
    case 'dropout':
      return { kind: 'dropout', p: block.p };
    default:
      return unhandledKind(block);
  }
}
