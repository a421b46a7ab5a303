// A tiny Linear (at most SMALL_LINEAR weights, at most SMALL_TENSOR values in and out) as
// numbers: x (B, I) · W (I, O) + b (O,) = y (B, O), each a small table, so a learner can check
// one output by hand. tableCells is pure (tested in Node).
import { el, setHidden } from '../kit/dom.ts';

/** Inputs and outputs with more values than this are not printed. */
export const SMALL_TENSOR = 64;

export interface Matrix {
  name: string;
  values: Float32Array;
  rows: number;
  cols: number;
}

/** Rows of cell text, three decimals, a real minus sign: [[" 0.125", "−1.500"], ...]. */
export function tableCells(values: Float32Array, rows: number, cols: number): string[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => {
      const v = values[r * cols + c] ?? NaN;
      return (Object.is(v, -0) ? 0 : v).toFixed(3).replace('-', '−');
    }),
  );
}

/** "(4, 3)" for a matrix, "(4,)" for a vector (one row). */
function shapeText(m: Matrix, vector: boolean): string {
  return vector ? `(${m.cols},)` : `(${m.rows}, ${m.cols})`;
}

function table(m: Matrix, vector = false): HTMLElement {
  const caption = el('caption', {}, [el('span', { class: 'mono tensor-name', text: m.name }), ` ${shapeText(m, vector)}`]);
  const body = el(
    'tbody',
    {},
    tableCells(m.values, m.rows, m.cols).map((row) => el('tr', {}, row.map((cell) => el('td', { class: 'mono', text: cell })))),
  );
  return el('table', { class: 'number-table', 'data-tensor': m.name }, [caption, body]);
}

export class NumberTables {
  readonly root: HTMLElement;
  private shown: readonly Float32Array[] = [];

  constructor() {
    this.root = el('figure', { class: 'figure number-tables', hidden: true });
  }

  /** Shows x · W + b = y, or hides itself when any of them is missing or too big. */
  render(parts: { x: Matrix; w: Matrix; b: Matrix | null; y: Matrix } | null): void {
    const fits = parts !== null && parts.x.values.length <= SMALL_TENSOR && parts.y.values.length <= SMALL_TENSOR;
    setHidden(this.root, !fits);
    if (!fits || !parts) {
      // Hidden tables hold no DOM: a card reused for a big layer stays as light as before.
      if (this.shown.length > 0) this.root.replaceChildren();
      this.shown = [];
      return;
    }
    const arrays = [parts.x.values, parts.w.values, parts.b?.values ?? new Float32Array(), parts.y.values];
    if (arrays.every((a, i) => a === this.shown[i])) return;
    this.shown = arrays;
    const op = (text: string): HTMLElement => el('span', { class: 'number-op', 'aria-hidden': 'true', text });
    const row: Node[] = [table(parts.x), op('·'), table(parts.w)];
    if (parts.b) row.push(op('+'), table(parts.b, true));
    row.push(op('='), table(parts.y));
    this.root.replaceChildren(
      el('div', { class: 'number-row' }, row),
      el('figcaption', {}, [el('span', { class: 'figure-title', text: parts.b ? 'y = x · W + b, every number' : 'y = x · W, every number' })]),
    );
  }
}
