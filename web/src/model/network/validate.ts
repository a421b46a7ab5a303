// Validation of learner-typed field values. Every check returns either the value or one
// message precise enough to fix the field without guessing what was wrong.
import { snippet, quoted, withThousands } from '../text.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Hard ceilings on single fields. They keep one typo ("7840000") from asking the engine
 * for gigabytes; the engine additionally checks a total memory budget for the network.
 */
export const LIMITS = {
  maxBatch: 4_096,
  /** Any single size: an input dimension, in features or out features. */
  maxFeatures: 65_536,
  maxInputDims: 4,
  maxBlocks: 64,
  maxSeed: 4_294_967_295,
} as const;

export type FieldInput = string | number;

// Decimal literals only: "0x10", "1_000" or "Infinity" are more likely slips than intent.
// No nested quantifiers, so matching stays linear in the input length.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

type NumberRead = { kind: 'empty' } | { kind: 'nan'; shown: string } | { kind: 'number'; value: number; shown: string };

function readNumber(input: FieldInput): NumberRead {
  if (typeof input === 'number') {
    if (Number.isNaN(input)) return { kind: 'nan', shown: 'NaN' };
    return { kind: 'number', value: input + 0, shown: String(input) }; // + 0 turns -0 into 0
  }
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  if (!DECIMAL.test(text)) return { kind: 'nan', shown: quoted(text) };
  return { kind: 'number', value: Number(text) + 0, shown: snippet(text) };
}

/** A whole number in [min, max]; `label` starts the message ("Out features must be ..."). */
export function validateWholeNumber(input: FieldInput, label: string, min: number, max: number): Validated<number> {
  const read = readNumber(input);
  const range = `from ${withThousands(min)} to ${withThousands(max)}`;
  if (read.kind === 'empty') return { ok: false, error: `${label} is empty: enter a whole number ${range}` };
  const wanted = `${label} must be a whole number ≥ ${withThousands(min)}`;
  if (read.kind === 'nan') return { ok: false, error: `${wanted} (got ${read.shown})` };
  const { value, shown } = read;
  if (value > max) return { ok: false, error: `${label} must be at most ${withThousands(max)} (got ${shown})` };
  if (!Number.isInteger(value) || value < min) return { ok: false, error: `${wanted} (got ${shown})` };
  return { ok: true, value };
}

export function validateBatch(input: FieldInput): Validated<number> {
  return validateWholeNumber(input, 'Batch size', 1, LIMITS.maxBatch);
}

export function validateOutFeatures(input: FieldInput): Validated<number> {
  return validateWholeNumber(input, 'Out features', 1, LIMITS.maxFeatures);
}

export function validateInFeatures(input: FieldInput): Validated<number> {
  return validateWholeNumber(input, 'In features', 1, LIMITS.maxFeatures);
}

/** One input dimension; `label` lets multi-dimensional inputs say which one is wrong. */
export function validateFeatureSize(input: FieldInput, label = 'Input features'): Validated<number> {
  return validateWholeNumber(input, label, 1, LIMITS.maxFeatures);
}

/**
 * Input features without the batch: "784", "28x28", "28 × 28", "28, 28" or "(28, 28)",
 * or an array of numbers. At most LIMITS.maxInputDims dimensions.
 */
export function validateFeatures(input: string | readonly number[]): Validated<number[]> {
  let parts: FieldInput[];
  if (typeof input === 'string') {
    const text = input.trim().replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
    if (text === '') return { ok: false, error: 'Input features is empty: enter sizes like 784 or 28x28' };
    parts = text.split(/[x×X,]/);
  } else {
    if (input.length === 0) return { ok: false, error: 'Input features is empty: enter sizes like 784 or 28x28' };
    parts = [...input];
  }
  if (parts.length > LIMITS.maxInputDims) {
    return { ok: false, error: `Input features can have at most ${LIMITS.maxInputDims} dimensions (got ${parts.length})` };
  }
  const sizes: number[] = [];
  for (const [i, part] of parts.entries()) {
    const label = parts.length === 1 ? 'Input features' : `Input features (dimension ${i + 1} of ${parts.length})`;
    const one = validateFeatureSize(part, label);
    if (!one.ok) return one;
    sizes.push(one.value);
  }
  return { ok: true, value: sizes };
}

export function validateDropoutP(input: FieldInput): Validated<number> {
  const read = readNumber(input);
  if (read.kind === 'empty') return { ok: false, error: 'Dropout p is empty: enter a number from 0 to 1' };
  if (read.kind === 'nan' || read.value < 0 || read.value > 1) {
    return { ok: false, error: `Dropout p must be a number from 0 to 1 (got ${read.shown})` };
  }
  return { ok: true, value: read.value };
}

export function validateSeed(input: FieldInput): Validated<number> {
  return validateWholeNumber(input, 'Seed', 0, LIMITS.maxSeed);
}
