// Reading single values off a heatmap or mask: hover a cell, or focus the picture and move
// with the arrow keys; a line under the picture says the cell's row, column and value.
// cellAt and cellText are pure (tested in Node); CellProbe wires them to a canvas.
import type { Raster } from '../kit/canvas.ts';
import { el, setText, uniqueId } from '../kit/dom.ts';

export type SourceRaster = Raster & { srcRows: number; srcCols: number };

/** The source cell (0-based) under a point at fractions (fx, fy) of the picture's box. */
export function cellAt(r: SourceRaster, fx: number, fy: number): { row: number; col: number } {
  const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
  const row = Math.min(r.srcRows - 1, clamp(fy, r.rows) * r.rowStep);
  const col = Math.min(r.srcCols - 1, clamp(fx, r.cols) * r.colStep);
  return { row, col };
}

/** "row 3, column 17: 0.412" (counted from 1, as people count). */
export function cellText(row: number, col: number, value: string): string {
  return `row ${row + 1}, column ${col + 1}: ${value}`;
}

/** One displayed cell further in a direction, as a source cell; stays inside the picture. */
export function stepCell(r: SourceRaster, cell: { row: number; col: number }, key: string): { row: number; col: number } | null {
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const move = moves[key];
  if (!move) return null;
  const row = Math.max(0, Math.min(r.srcRows - 1, cell.row + move[0] * r.rowStep));
  const col = Math.max(0, Math.min(r.srcCols - 1, cell.col + move[1] * r.colStep));
  return { row, col };
}

export class CellProbe {
  readonly readout: HTMLElement;
  private raster: SourceRaster | null = null;
  private cell = { row: 0, col: 0 };

  /** `valueAt(row, col)`: the text for a source cell of the current picture. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly valueAt: (row: number, col: number) => string,
    hint: string,
  ) {
    const id = uniqueId('cell');
    this.readout = el('p', { id, class: 'cell-readout', 'aria-live': 'polite', text: hint });
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-describedby', id);
    canvas.addEventListener('pointermove', (e) => {
      const box = canvas.getBoundingClientRect();
      if (!this.raster || box.width === 0 || box.height === 0) return;
      this.show(cellAt(this.raster, (e.clientX - box.left) / box.width, (e.clientY - box.top) / box.height));
    });
    canvas.addEventListener('focus', () => this.show(this.cell));
    canvas.addEventListener('keydown', (e) => {
      if (!this.raster) return;
      const next = stepCell(this.raster, this.cell, e.key);
      if (!next) return;
      e.preventDefault();
      this.show(next);
    });
  }

  /** Call after each repaint: the picture's grid, and the values the cell text reads. */
  update(raster: SourceRaster): void {
    this.raster = raster;
    this.cell = { row: Math.min(this.cell.row, raster.srcRows - 1), col: Math.min(this.cell.col, raster.srcCols - 1) };
    if (this.readout.dataset.cell) this.show(this.cell);
  }

  private show(cell: { row: number; col: number }): void {
    this.cell = cell;
    this.readout.dataset.cell = `${cell.row},${cell.col}`;
    setText(this.readout, cellText(cell.row, cell.col, this.valueAt(cell.row, cell.col)));
  }
}
