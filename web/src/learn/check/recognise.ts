// Compares what a learner's layer printed with the reference and names the module's bug it
// matches, if any: element by element for the deterministic layers (the first mismatch named by
// its indices), by statistics for Dropout (masks differ run to run) and init (a sample std).
import { type BugId, BUGS, bugsFor, dropoutSignatures, type DropoutSignature, exactResult, initStd } from './bugs.ts';
import type { CheckCase, DropoutCase, Matrix } from './cases.ts';
import { parsePrinted, type Printed } from './parse-print.ts';

/** Printed values match when |got − want| ≤ ABS_TOL + REL_TOL·|want| (float32 and 4-decimal prints pass). */
export const ABS_TOL = 1e-4;
export const REL_TOL = 1e-4;
/** The kept fraction may stray this many binomial stds from its expectation (false alarm ≈ 6e-7). */
export const KEPT_STDS = 5;
/** A sample std of 131072 weights has a relative spread ≈ 0.2 %: 3 % accepts any init of the right scale. */
export const INIT_REL_TOL = 0.03;

export interface Mismatch {
  index: number[];
  got: number;
  want: number;
}

export type Verdict =
  | { status: 'correct'; summary: string }
  /** summary: what was seen and the fix; the bug's title is BUGS[bug].title. */
  | { status: 'bug'; bug: BugId; summary: string; mismatch: Mismatch | null }
  | { status: 'wrong'; summary: string; mismatch: Mismatch | null }
  | { status: 'unreadable'; summary: string };

const close = (got: number, want: number): boolean => Math.abs(got - want) <= ABS_TOL + REL_TOL * Math.abs(want);

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
const shapeText = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

function indexOf(flat: number, shape: readonly number[]): number[] {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] ?? 1;
    index.unshift(flat % n);
    flat = Math.floor(flat / n);
  }
  return index;
}

function firstMismatch(got: Float64Array, want: readonly number[], shape: readonly number[]): Mismatch | null {
  for (let i = 0; i < want.length; i++) {
    const g = got[i] ?? Number.NaN;
    if (!close(g, want[i] ?? Number.NaN)) return { index: indexOf(i, shape), got: g, want: want[i] ?? Number.NaN };
  }
  return null;
}

function mismatchText(m: Mismatch): string {
  return `first difference at [${m.index.join(', ')}]: yours ${fmt(m.got)}, expected ${fmt(m.want)}`;
}

function bugVerdict(bug: BugId, detail: string, mismatch: Mismatch | null): Verdict {
  return { status: 'bug', bug, summary: `${detail} ${BUGS[bug].fix}`, mismatch };
}

function checkMatrix(c: CheckCase, printed: Printed, want: Matrix): Verdict {
  const shape = [want.length, want[0]?.length ?? 0];
  if (printed.shape.join(',') !== shape.join(',')) {
    return { status: 'wrong', summary: `Your output has shape ${shapeText(printed.shape)}; expected ${shapeText(shape)}.`, mismatch: null };
  }
  const mismatch = firstMismatch(printed.values, want.flat(), shape);
  if (mismatch === null) return { status: 'correct', summary: `All ${shape[0]! * shape[1]!} values match the reference (within ${ABS_TOL} + ${REL_TOL}·|value|).` };
  for (const bug of bugsFor(c)) {
    const result = exactResult(c, bug);
    if (Array.isArray(result) && firstMismatch(printed.values, result.flat(), shape) === null) {
      return bugVerdict(bug, `Every value matches that mistake's result; ${mismatchText(mismatch)}.`, mismatch);
    }
  }
  return { status: 'wrong', summary: `Not the reference, nor a mistake the module names: ${mismatchText(mismatch)}.`, mismatch };
}

function scalarOf(printed: Printed, what: string): number | string {
  if (printed.values.length !== 1) return `Expected one number (${what}); got ${printed.values.length} numbers of shape ${shapeText(printed.shape)}.`;
  return printed.values[0]!;
}

function checkDropout(c: DropoutCase, printed: Printed): Verdict {
  const shape = [c.rows, c.cols];
  if (printed.shape.join(',') !== shape.join(',')) {
    return { status: 'wrong', summary: `Your output has shape ${shapeText(printed.shape)}; Dropout keeps its input's shape ${shapeText(shape)}.`, mismatch: null };
  }
  const n = printed.values.length;
  let kept = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = printed.values[i]!;
    if (Number.isNaN(v)) return { status: 'wrong', summary: `Item [${indexOf(i, shape).join(', ')}] is nan.`, mismatch: null };
    if (v === 0) continue;
    kept++;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (kept === 0) return { status: 'wrong', summary: `Every unit is 0: Dropout(${c.p}) should keep about ${fmt((1 - c.p) * 100)} % of them${c.kind === 'dropout-eval' ? ' (all of them in evaluation mode)' : ''}.`, mismatch: null };
  if (!close(lo, hi)) {
    return { status: 'wrong', summary: `The kept units differ (from ${fmt(lo)} to ${fmt(hi)}): over an all-ones input every survivor should have the same value.`, mismatch: null };
  }
  const fraction = kept / n;
  const seen = `Kept ${kept} of ${n} (${fmt(fraction)}), survivors ${fmt(hi)}`;
  const matches = (s: DropoutSignature): boolean => Math.abs(fraction - s.kept) <= KEPT_STDS * Math.sqrt((s.kept * (1 - s.kept)) / n) && Math.abs(hi - s.survivor) <= 1e-3 * s.survivor;
  const [want] = dropoutSignatures(c, null);
  const spread = KEPT_STDS * Math.sqrt((want!.kept * (1 - want!.kept)) / n);
  const expected = spread === 0 ? `expected all ${n} kept at ${fmt(want!.survivor)}` : `expected ${fmt(want!.kept)} ± ${Number(spread.toPrecision(2))} kept, survivors ${fmt(want!.survivor)}`;
  if (matches(want!)) return { status: 'correct', summary: `${seen}: ${expected}.` };
  for (const bug of bugsFor(c)) {
    if (dropoutSignatures(c, bug).some(matches)) return bugVerdict(bug, `${seen}; ${expected}.`, null);
  }
  const hint = c.kind === 'dropout-train' && kept === n && close(hi, 1) ? ' Your output equals the input: does forward read training?' : '';
  return { status: 'wrong', summary: `${seen}; ${expected}.${hint}`, mismatch: null };
}

/** Checks a readable print against the case. */
export function recognisePrinted(c: CheckCase, printed: Printed): Verdict {
  switch (c.kind) {
    case 'linear':
    case 'relu':
    case 'sigmoid':
      return checkMatrix(c, printed, exactResult(c, null) as Matrix);
    case 'dropout-train':
    case 'dropout-eval':
      return checkDropout(c, printed);
    case 'init': {
      const std = scalarOf(printed, 'the std of W');
      if (typeof std === 'string') return { status: 'wrong', summary: std, mismatch: null };
      const want = initStd(c, null)!;
      const within = (target: number): boolean => Math.abs(std - target) <= INIT_REL_TOL * target;
      const text = `Your std ${fmt(std)}; sqrt(1/${c.in}) = ${fmt(want)} (within ${INIT_REL_TOL * 100} %)`;
      if (within(want)) return { status: 'correct', summary: `${text}.` };
      const bugStd = initStd(c, 'init-variance-as-std')!;
      if (within(bugStd)) return bugVerdict('init-variance-as-std', `${text}; (1/${c.in})^(1/4) = ${fmt(bugStd)}.`, null);
      return { status: 'wrong', summary: `${text}.`, mismatch: null };
    }
    case 'params': {
      const count = scalarOf(printed, 'the number of parameter elements');
      if (typeof count === 'string') return { status: 'wrong', summary: count, mismatch: null };
      const want = exactResult(c, null) as number;
      const text = `Linear(${c.in}, ${c.out}) has ${c.in}·${c.out} + ${c.out} = ${want} parameters; yours ${fmt(count)}`;
      if (count === want) return { status: 'correct', summary: `${text}.` };
      if (count === exactResult(c, 'params-missing-bias')) return bugVerdict('params-missing-bias', `${text} (W alone).`, null);
      return { status: 'wrong', summary: `${text}.`, mismatch: null };
    }
  }
}

/** Reads the paste and checks it; unreadable text gets the line and what was expected. */
export function recognise(c: CheckCase, text: string): Verdict {
  const parsed = parsePrinted(text);
  if (!parsed.ok) return { status: 'unreadable', summary: parsed.problem.message };
  return recognisePrinted(c, parsed.value);
}
