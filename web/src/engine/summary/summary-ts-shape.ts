// cpp/src/shape.cpp and the Embind adapters' number checks (cpp/bindings/adapters.cpp), in
// TypeScript for summarizeInTs. Shapes hold what the WASM module holds: its size_t is 32 bits,
// so a whole number the adapters accept (up to 2^53 - 1) keeps only its low 32 bits there.
//
// Counts stay in doubles: every dimension is below 2^32, and the checks only compare against
// 2 GiB, which a double product decides exactly (it rounds only above 2^53). The byte counts
// C++ prints in messages saturate at 2^64 - 1 and are computed with BigInt on that path only.
import { formatG } from './printf-g';

/** Dimensions as the WASM module's size_t holds them, each below 2^32. */
export type Shape = readonly number[];

/** errors.hpp: kMaxTensorBytes and kMaxRank. */
export const MAX_TENSOR_BYTES = 2 ** 31;
const MAX_RANK = 4;
const FLOAT_BYTES = 4;
const UINT64_MAX = 2n ** 64n - 1n;
/** std::numeric_limits<std::size_t>::max() in WebAssembly (32-bit). */
export const MAX_SIZE_T = 2 ** 32 - 1;

/** Python's tuple spelling, as to_string(Shape): (32, 784), (5,), (). */
export function shapeToString(shape: Shape): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Bytes of a float32 tensor of this shape, as a double (0 when a dimension is 0). */
export function floatBytes(shape: Shape): number {
  let n = FLOAT_BYTES;
  for (const d of shape) n *= d;
  return n;
}

/** shape_problem: "" when the shape is fine, else the message's tail after what was checked. */
export function shapeProblem(shape: Shape): string {
  if (shape.length === 0 || shape.length > MAX_RANK) {
    return ` must have rank 1 to ${MAX_RANK} but got rank ${shape.length} ${shapeToString(shape)}`;
  }
  if (floatBytes(shape) > MAX_TENSOR_BYTES) {
    return ` of shape ${shapeToString(shape)} would need ${exactFloatBytes(shape, false)} bytes, over the 2 GiB limit per tensor`;
  }
  // An empty tensor's other dimensions still count (strides, Flatten's feature count).
  let span = FLOAT_BYTES;
  for (const d of shape) span *= d === 0 ? 1 : d;
  if (span > MAX_TENSOR_BYTES) {
    return ` of shape ${shapeToString(shape)} is empty but its other dimensions would need ${exactFloatBytes(shape, true)} bytes, over the 2 GiB limit per tensor`;
  }
  return '';
}

/** float_bytes (or the span of an empty shape, zeros counted as 1) in saturating uint64. */
function exactFloatBytes(shape: Shape, zerosAsOne: boolean): bigint {
  let n = 1n;
  for (const d of shape) n = mulSat(n, BigInt(zerosAsOne && d === 0 ? 1 : d));
  return mulSat(n, BigInt(FLOAT_BYTES));
}

/** mul_sat and add_sat: uint64 arithmetic that saturates instead of wrapping. */
export function mulSat(a: bigint, b: bigint): bigint {
  return a !== 0n && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

export function addSat(a: bigint, b: bigint): bigint {
  return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/** size_number in adapters.cpp: whole_number, then no more than WebAssembly's 32-bit size_t holds. */
export function sizeProblem(v: unknown, what: string, min: number): string | null {
  return wholeNumberProblem(v, what, min) ?? ((v as number) > MAX_SIZE_T ? `${what} must be at most ${MAX_SIZE_T} but got ${jsNumber(v as number)}` : null);
}

/** js_number in adapters.cpp: JavaScript's NaN and Infinity, else printf's %.15g. */
export function jsNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return formatG(v, 15);
}

/** describe in adapters.cpp: how a refused argument is named in a message. */
export function describe(v: unknown): string {
  if (typeof v === 'number') return jsNumber(v);
  if (typeof v === 'string') return `the string "${v}"`;
  return typeof v;
}

/**
 * whole_number in adapters.cpp: the message it throws for `v`, or null when it takes it (a
 * whole JS number in [min, 2^53 - 1]).
 */
export function wholeNumberProblem(v: unknown, what: string, min: number): string | null {
  if (typeof v !== 'number') return `${what} must be a number but got ${describe(v)}`;
  if (!Number.isFinite(v) || Math.floor(v) !== v) return `${what} must be a whole number but got ${jsNumber(v)}`;
  if (v < min) return `${what} must be at least ${min} but got ${jsNumber(v)}`;
  if (Math.abs(v) > Number.MAX_SAFE_INTEGER) return `${what} is too large: ${jsNumber(v)}`;
  return null;
}

/**
 * The input shape Sequential.summary's binding reads (shape_from, then check_shape): the shape
 * as WASM holds it, or the Error the binding throws, with its text.
 */
export function bindingInputShape(dims: readonly number[]): Shape {
  const what = 'summary: input shape';
  if (dims.length === 0 || dims.length > MAX_RANK) {
    throw new Error(`${what} must have 1 to ${MAX_RANK} dimensions but got ${dims.length}`);
  }
  const shape = dims.map((d, i) => {
    const problem = sizeProblem(d, `${what} dimension ${i}`, 0);
    if (problem !== null) throw new Error(problem);
    return d as number;
  });
  const problem = shapeProblem(shape);
  if (problem) throw new Error(`summary: input${problem}`);
  return shape;
}
