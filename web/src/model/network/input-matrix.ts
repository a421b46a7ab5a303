// Typed input values: a small input written as the course writes it, x = [[1, 2, 3]]. The
// matrix is (batch, features); a learner's text is read with errors naming the row and column,
// and a link carries it as x=1,2,3;4,5,6.
import type { Validated } from './validate.ts';

/** Typed values are offered for inputs up to this size (one feature dimension). */
export const TYPED_LIMITS = Object.freeze({ rows: 8, columns: 16 });

export interface Matrix {
  rows: number;
  columns: number;
  /** (rows, columns) row-major. */
  values: number[];
}

/** Can an input of this shape be typed in? */
export function typeable(batch: number, features: readonly number[]): boolean {
  return features.length === 1 && batch <= TYPED_LIMITS.rows && (features[0] ?? 0) <= TYPED_LIMITS.columns;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function cell(text: string, row: number, column: number): Validated<number> {
  const t = text.trim();
  if (t === '') return { ok: false, error: `Row ${row}, column ${column}: a value is missing` };
  if (!NUMBER.test(t)) return { ok: false, error: `Row ${row}, column ${column}: "${t}" is not a number` };
  const v = Number(t);
  // float32 is what the network computes in: larger magnitudes become infinite.
  if (!Number.isFinite(v) || Math.abs(v) > 3.4e38) return { ok: false, error: `Row ${row}, column ${column}: ${t} is too large for float32` };
  return { ok: true, value: v };
}

function rowsOf(cells: string[][]): Validated<Matrix> {
  const rows = cells.length;
  if (rows === 0) return { ok: false, error: 'Type at least one row, like [[1, 2, 3]]' };
  if (rows > TYPED_LIMITS.rows) return { ok: false, error: `${rows} rows: typed input takes at most ${TYPED_LIMITS.rows} (the batch)` };
  const columns = cells[0]!.length;
  if (columns > TYPED_LIMITS.columns) return { ok: false, error: `${columns} values in row 1: typed input takes at most ${TYPED_LIMITS.columns} features` };
  const values: number[] = [];
  for (const [r, row] of cells.entries()) {
    if (row.length !== columns) return { ok: false, error: `Row ${r + 1} has ${row.length} value${row.length === 1 ? '' : 's'}, row 1 has ${columns}: every row needs the same number of features` };
    for (const [c, text] of row.entries()) {
      const v = cell(text, r + 1, c + 1);
      if (!v.ok) return v;
      values.push(v.value);
    }
  }
  return { ok: true, value: { rows, columns, values } };
}

/** `[[1, 2, 3], [4, 5, 6]]` (a Python or JSON list of rows; `[1, 2, 3]` is one row). */
export function parseMatrix(text: string): Validated<Matrix> {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Type the input as a list of rows, like [[1, 2, 3]]' };
  if (!t.startsWith('[') || !t.endsWith(']')) return { ok: false, error: 'Write the input as a list of rows in square brackets, like [[1, 2, 3]]' };
  const inner = t.slice(1, -1).trim();
  // One row written without the outer brackets' nesting: [1, 2, 3].
  if (!inner.includes('[')) return rowsOf([splitCells(inner)]);
  const cells: string[][] = [];
  let rest = inner;
  while (rest.length > 0) {
    const open = rest.indexOf('[');
    const before = rest.slice(0, open).trim();
    if (open < 0 || (before !== '' && before !== ',') || (cells.length === 0 && before !== '')) {
      return { ok: false, error: `After row ${cells.length}: expected "[" to start row ${cells.length + 1} (got "${rest.trim().slice(0, 12)}")` };
    }
    const close = rest.indexOf(']', open);
    if (close < 0) return { ok: false, error: `Row ${cells.length + 1} has no closing "]"` };
    const body = rest.slice(open + 1, close);
    if (body.includes('[')) return { ok: false, error: `Row ${cells.length + 1}: a row holds numbers, not lists (the input is 2-D: rows × features)` };
    cells.push(splitCells(body));
    rest = rest.slice(close + 1).trim();
    if (rest === ',') rest = '';
  }
  return rowsOf(cells);
}

function splitCells(body: string): string[] {
  const parts = body.split(',');
  // A trailing comma, as Python allows: [1, 2, 3,].
  if (parts.length > 1 && parts[parts.length - 1]!.trim() === '') parts.pop();
  return parts;
}

/** What the course writes: [[1, 2, 3]]; shortest round-trip numbers. */
export function formatMatrix(values: readonly number[], columns: number): string {
  const rows: string[] = [];
  for (let r = 0; r * columns < values.length; r++) rows.push(`[${values.slice(r * columns, (r + 1) * columns).map(String).join(', ')}]`);
  return `[${rows.join(', ')}]`;
}

/** A link's form: rows split by ";", values by ",". */
export function matrixToUrl(values: readonly number[], columns: number): string {
  const rows: string[] = [];
  for (let r = 0; r * columns < values.length; r++) rows.push(values.slice(r * columns, (r + 1) * columns).map(String).join(','));
  return rows.join(';');
}

export function matrixFromUrl(text: string): Validated<Matrix> {
  return rowsOf(text.split(';').map((row) => row.split(',')));
}

/** The same values in a new shape: cells that still exist keep their value, new ones are 0. */
export function resizeValues(values: readonly number[], from: { rows: number; columns: number }, to: { rows: number; columns: number }): number[] {
  const out: number[] = new Array<number>(to.rows * to.columns).fill(0);
  for (let r = 0; r < Math.min(from.rows, to.rows); r++) {
    for (let c = 0; c < Math.min(from.columns, to.columns); c++) out[r * to.columns + c] = values[r * from.columns + c] ?? 0;
  }
  return out;
}
