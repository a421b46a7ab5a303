// A small line chart for the learning views: linear or log10 y, solid/dashed/ghost series,
// a legend in the DOM, a read-out that follows the pointer or the arrow keys (every series'
// value at the chosen x), and the values as a table for screen readers and copy-paste.
import { type Scale, decadeRange, extent, formatDecade, linearScale, logScale, niceTicks } from '../../learn/plot-scale.ts';
import { el, setText } from '../kit/dom.ts';
import { fitCanvas } from '../kit/canvas.ts';
import { formatStat } from '../kit/format.ts';
import { learnColors } from './learn-palette.ts';
import '../../styles/learn.css';

export interface ChartSeries {
  label: string;
  points: readonly (readonly [number, number])[];
  /** Index into the palette. */
  color: number;
  dashed?: boolean;
  /** Drawn faint, behind the others: the comparison run. */
  ghost?: boolean;
}

export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  yDomain?: [number, number];
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  /** What the x value means in the read-out, e.g. "block 3 (Linear)". */
  describeX?: (x: number) => string;
  width?: number;
  height?: number;
}

const PAD = { left: 60, right: 12, top: 10, bottom: 34 };
const DASH = [5, 4];

export class LineChart {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly table: HTMLTableElement;
  private series: readonly ChartSeries[] = [];
  private options: ChartOptions = { xLabel: '', yLabel: '' };
  private xs: number[] = [];
  private cursor = -1;
  private x: Scale = linearScale(0, 1, 0, 1);
  private y: Scale = linearScale(0, 1, 0, 1);

  constructor(readonly caption: string) {
    this.canvas = el('canvas', { class: 'learn-chart-canvas', tabindex: 0, role: 'img', 'aria-label': caption });
    this.legend = el('ul', { class: 'learn-legend' });
    this.readout = el('p', { class: 'learn-readout', 'aria-live': 'polite', text: 'Point at the chart or focus it and use ← → for values.' });
    this.table = el('table', { class: 'learn-table' });
    const details = el('details', { class: 'learn-values' }, [el('summary', { text: 'Values as a table' }), this.table]);
    this.root = el('figure', { class: 'learn-chart' }, [el('figcaption', { class: 'learn-title', text: caption }), this.canvas, this.legend, this.readout, details]);
    this.canvas.addEventListener('pointermove', (e) => this.pointAt(e.offsetX));
    this.canvas.addEventListener('pointerleave', () => this.showCursor(-1));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.showCursor(this.cursor < 0 ? this.xs.length - 1 : this.cursor));
    this.canvas.addEventListener('blur', () => this.showCursor(-1));
  }

  render(series: readonly ChartSeries[], options: ChartOptions): void {
    this.series = series;
    this.options = options;
    this.xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
    if (this.cursor >= this.xs.length) this.cursor = this.xs.length - 1;
    this.draw();
    this.renderLegend();
    this.renderTable();
    this.canvas.setAttribute('aria-label', `${this.caption}: ${options.yLabel}${options.logY ? ' (log scale)' : ''} against ${options.xLabel}, ${series.length} lines; values in the table below`);
  }

  private draw(): void {
    const { options } = this;
    const width = options.width ?? 420;
    const height = options.height ?? 240;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = fitCanvas(this.canvas, width, height);
    if (!ctx) return;
    const colors = learnColors(this.canvas);
    ctx.clearRect(0, 0, width, height);
    const xe = extent(this.xs) ?? [0, 1];
    const ys = this.series.flatMap((s) => s.points.map((p) => p[1]));
    const x0 = PAD.left;
    const x1 = width - PAD.right;
    const y0 = height - PAD.bottom;
    const y1 = PAD.top;
    this.x = linearScale(xe[0], xe[1] === xe[0] ? xe[0] + 1 : xe[1], x0, x1);
    let yTicks: number[];
    if (options.logY) {
      const ye = extent(ys, true) ?? [0.1, 1];
      const d = decadeRange(ye[0], ye[1]);
      this.y = logScale(d.lo, d.hi, y0, y1);
      yTicks = d.ticks;
    } else {
      const ye = options.yDomain ?? extent(ys) ?? [0, 1];
      const ticks = niceTicks(ye[0], ye[1], 4);
      const lo = Math.min(ye[0], ticks[0] ?? ye[0]);
      const hi = Math.max(ye[1], ticks[ticks.length - 1] ?? ye[1]);
      this.y = linearScale(lo, hi === lo ? lo + 1 : hi, y0, y1);
      yTicks = ticks;
    }
    const fx = options.formatX ?? formatStat;
    const fy = options.formatY ?? formatStat;
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of yTicks) {
      const py = Math.round(this.y(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x0, py);
      ctx.lineTo(x1, py);
      ctx.stroke();
      ctx.fillText(options.logY ? formatDecade(t) : fy(t), x0 - 6, py);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const xTicks = this.xs.length <= 12 ? this.xs : niceTicks(xe[0], xe[1], 6);
    for (const t of xTicks) ctx.fillText(fx(t), this.x(t), y0 + 5);
    ctx.fillText(options.xLabel, (x0 + x1) / 2, height - 14);
    ctx.save();
    ctx.translate(10, (y0 + y1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(options.yLabel + (options.logY ? ' (log)' : ''), 0, 0);
    ctx.restore();
    // ghosts first, so the run being read is on top
    for (const s of [...this.series].sort((a, b) => Number(b.ghost ?? false) - Number(a.ghost ?? false))) this.drawSeries(ctx, s, colors.series);
    if (this.cursor >= 0) {
      const px = Math.round(this.x(this.xs[this.cursor]!)) + 0.5;
      ctx.strokeStyle = colors.text;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(px, y0);
      ctx.lineTo(px, y1);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  private drawSeries(ctx: CanvasRenderingContext2D, s: ChartSeries, palette: string[]): void {
    const color = palette[s.color % palette.length]!;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.globalAlpha = s.ghost ? 0.35 : 1;
    ctx.lineWidth = s.ghost ? 1.5 : 2;
    ctx.setLineDash(s.dashed ? DASH : []);
    const ok = (v: number): boolean => Number.isFinite(v) && (!this.y.log || v > 0);
    ctx.beginPath();
    let pen = false;
    for (const [x, y] of s.points) {
      if (!ok(y)) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(this.x(x), this.y(y));
      else ctx.moveTo(this.x(x), this.y(y));
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (s.points.length <= 30) {
      for (const [x, y] of s.points) {
        if (!ok(y)) continue;
        ctx.beginPath();
        ctx.arc(this.x(x), this.y(y), s.dashed ? 2 : 2.6, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
  }

  private renderLegend(): void {
    this.legend.replaceChildren(
      ...this.series.map((s) => {
        const swatch = el('span', { class: `learn-swatch${s.dashed ? ' is-dashed' : ''}${s.ghost ? ' is-ghost' : ''}`, 'aria-hidden': 'true' });
        swatch.style.setProperty('--swatch', `var(--learn-series-${(s.color % 6) + 1})`);
        return el('li', {}, [swatch, s.label]);
      }),
    );
  }

  private renderTable(): void {
    const fy = this.options.formatY ?? formatStat;
    const fx = this.options.describeX ?? this.options.formatX ?? formatStat;
    const head = el('tr', {}, [el('th', { scope: 'col', text: this.options.xLabel }), ...this.series.map((s) => el('th', { scope: 'col', text: s.label }))]);
    const rows = this.xs.map((x) =>
      el('tr', {}, [el('th', { scope: 'row', text: fx(x) }), ...this.series.map((s) => el('td', { text: valueText(s, x, fy) }))]),
    );
    this.table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, rows));
  }

  private pointAt(offsetX: number): void {
    if (this.xs.length === 0) return;
    let best = 0;
    for (let i = 1; i < this.xs.length; i++) if (Math.abs(this.x(this.xs[i]!) - offsetX) < Math.abs(this.x(this.xs[best]!) - offsetX)) best = i;
    this.showCursor(best);
  }

  private key(e: KeyboardEvent): void {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    const move = moves[e.key];
    if (move === undefined || this.xs.length === 0) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(this.xs.length - 1, (this.cursor < 0 ? 0 : this.cursor) + (Number.isFinite(move) ? move : move * this.xs.length)));
    this.showCursor(next);
  }

  private showCursor(index: number): void {
    this.cursor = index;
    this.draw();
    if (index < 0) return;
    const x = this.xs[index]!;
    const fy = this.options.formatY ?? formatStat;
    const fx = this.options.describeX ?? ((v: number) => `${this.options.xLabel} ${(this.options.formatX ?? formatStat)(v)}`);
    setText(this.readout, `${fx(x)}: ${this.series.map((s) => `${s.label} ${valueText(s, x, fy)}`).join(' · ')}`);
  }
}

function valueText(s: ChartSeries, x: number, format: (v: number) => string): string {
  const p = s.points.find((q) => q[0] === x);
  return p ? format(p[1]) : '—';
}
