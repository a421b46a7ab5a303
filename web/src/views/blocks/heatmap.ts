// A block's output for the whole batch as a pixel image: one row per example, one column per
// feature (later dimensions flattened). Diverging colours centred on zero, scaled to the
// largest magnitude, so dead ReLUs, saturated Tanh and dropped units all stand out.
import { type Rgb, chartColors, imageFor, rasterFor } from '../kit/canvas.ts';
import { samplingNote } from './captions.ts';
import { CellProbe } from './cell-probe.ts';
import { el, figure, setText } from '../kit/dom.ts';
import { formatStat } from '../kit/format.ts';

const MAX_ROWS = 128;
const MAX_COLS = 512;

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export class Heatmap {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly note: HTMLElement;
  private readonly probe: CellProbe;
  private readonly legendLow: HTMLElement;
  private readonly legendHigh: HTMLElement;
  private lastValues: Float32Array | null = null;
  private srcCols = 1;

  constructor(caption = 'Output values') {
    this.canvas = el('canvas', { class: 'heatmap', role: 'img', 'aria-label': caption });
    this.probe = new CellProbe(
      this.canvas,
      (row, col) => formatStat(this.lastValues?.[row * this.srcCols + col] ?? NaN),
      'Hover or focus the picture (then arrow keys) to read a value.',
    );
    this.legendLow = el('span', { class: 'legend-label mono' });
    this.legendHigh = el('span', { class: 'legend-label mono' });
    // The colour scale, + largest magnitude on top, through 0, to − it at the bottom.
    const legend = el('div', { class: 'legend', 'aria-hidden': 'true' }, [
      this.legendHigh,
      el('span', { class: 'legend-bar' }),
      this.legendLow,
    ]);
    const parts = figure(caption, el('div', { class: 'heatmap-body' }, [this.canvas, legend]), 'figure-heatmap');
    parts.root.append(this.probe.readout);
    this.root = parts.root;
    this.note = parts.note;
  }

  /** Paints `values` (row-major in `shape`). Repainting the same array is skipped. */
  render(values: Float32Array, shape: readonly number[], force = false): void {
    if (values === this.lastValues && !force) return;
    this.lastValues = values;
    const r = rasterFor(shape, MAX_ROWS, MAX_COLS);
    this.srcCols = r.srcCols;
    this.probe.update(r);
    const target = imageFor(this.canvas, r.cols, r.rows);
    if (!target) return;
    let maxAbs = 0;
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]!);
      if (a > maxAbs) maxAbs = a;
    }
    const c = chartColors();
    const lut = new Uint8ClampedArray(256 * 3 * 2);
    for (let i = 0; i < 256; i++) {
      const t = Math.sqrt(i / 255); // lifts small magnitudes so structure shows
      lut.set(mix(c.zero, c.negative, t), i * 3);
      lut.set(mix(c.zero, c.positive, t), (256 + i) * 3);
    }
    const data = target.image.data;
    const scale = maxAbs > 0 ? 255 / maxAbs : 0;
    let p = 0;
    for (let row = 0; row < r.rows; row++) {
      const base = row * r.rowStep * r.srcCols;
      for (let col = 0; col < r.cols; col++) {
        const v = values[base + col * r.colStep] ?? 0;
        const k = (v >= 0 ? 256 : 0) + Math.min(255, Math.round(Math.abs(v) * scale));
        data[p] = lut[k * 3]!;
        data[p + 1] = lut[k * 3 + 1]!;
        data[p + 2] = lut[k * 3 + 2]!;
        data[p + 3] = 255;
        p += 4;
      }
    }
    target.ctx.putImageData(target.image, 0, 0);
    const sampled = samplingNote(r);
    setText(this.note, `${r.srcRows} × ${r.srcCols}, |max| ${formatStat(maxAbs)}${sampled ? ` · ${sampled}` : ''}`);
    setText(this.legendLow, formatStat(-maxAbs));
    setText(this.legendHigh, formatStat(maxAbs));
    this.canvas.setAttribute('aria-label', `Heatmap of ${r.srcRows} rows by ${r.srcCols} values, largest magnitude ${formatStat(maxAbs)}`);
  }

  /** Forces the next render to repaint (after a colour-scheme change). */
  invalidate(): void {
    this.lastValues = null;
  }
}
