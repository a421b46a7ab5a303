// A dropout mask as a pixel grid: one row per example, one column per unit; kept units in
// the accent colour, dropped ones pale. The caption compares the kept fraction with 1 - p.
import type { DropoutMask } from '../../engine/snapshot.ts';
import { chartColors, imageFor, rasterFor } from '../kit/canvas.ts';
import { maskSummary, samplingNote } from './captions.ts';
import { CellProbe } from './cell-probe.ts';
import { el, figure, setText } from '../kit/dom.ts';

const MAX_ROWS = 128;
const MAX_COLS = 512;

export class MaskGrid {
  readonly root: HTMLElement;
  readonly summary: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly note: HTMLElement;
  private readonly probe: CellProbe;
  private last: Float32Array | null = null;
  private srcCols = 1;

  constructor() {
    this.canvas = el('canvas', { class: 'mask-grid', role: 'img', 'aria-label': 'Dropout mask' });
    this.probe = new CellProbe(
      this.canvas,
      (row, col) => ((this.last?.[row * this.srcCols + col] ?? 0) !== 0 ? 'kept (1)' : 'dropped (0)'),
      'Hover or focus the mask (then arrow keys) to read a unit.',
    );
    const legend = el('div', { class: 'legend legend-mask', 'aria-hidden': 'true' }, [
      el('span', { class: 'swatch swatch-kept' }),
      el('span', { class: 'legend-label', text: 'kept' }),
      el('span', { class: 'swatch swatch-dropped' }),
      el('span', { class: 'legend-label', text: 'dropped' }),
    ]);
    const parts = figure('Dropout mask', el('div', { class: 'heatmap-body' }, [this.canvas, legend]), 'figure-mask');
    parts.root.append(this.probe.readout);
    this.root = parts.root;
    this.note = parts.note;
    this.summary = el('p', { class: 'mask-summary' });
  }

  render(mask: DropoutMask, shape: readonly number[], force = false): void {
    if (mask.mask !== this.last || force) {
      this.last = mask.mask;
      this.paint(mask.mask, shape);
    }
    setText(this.summary, maskSummary(mask));
  }

  invalidate(): void {
    this.last = null;
  }

  private paint(values: Float32Array, shape: readonly number[]): void {
    const r = rasterFor(shape, MAX_ROWS, MAX_COLS);
    this.srcCols = r.srcCols;
    this.probe.update(r);
    const target = imageFor(this.canvas, r.cols, r.rows);
    if (!target) return;
    const { kept, dropped } = chartColors();
    const data = target.image.data;
    let p = 0;
    let keptCount = 0;
    for (let row = 0; row < r.rows; row++) {
      const base = row * r.rowStep * r.srcCols;
      for (let col = 0; col < r.cols; col++) {
        const on = (values[base + col * r.colStep] ?? 0) !== 0;
        if (on) keptCount++;
        const c = on ? kept : dropped;
        data[p] = c[0];
        data[p + 1] = c[1];
        data[p + 2] = c[2];
        data[p + 3] = 255;
        p += 4;
      }
    }
    target.ctx.putImageData(target.image, 0, 0);
    const sampled = samplingNote(r);
    setText(this.note, `${r.srcRows} × ${r.srcCols}${sampled ? ` · ${sampled}` : ''}`);
    this.canvas.setAttribute('aria-label', `Dropout mask, ${r.srcRows} rows by ${r.srcCols} units; ${keptCount} of ${r.rows * r.cols} shown units kept`);
  }
}
