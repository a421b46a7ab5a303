// A 40-bin histogram (weights or activations) as bars on a small canvas, with the range and
// mean/std written underneath so the effect of an init scheme can be read, not just seen.
import type { Histogram, ValueStats } from '../../engine/stats.ts';
import { chartColors, fitCanvas } from '../kit/canvas.ts';
import { el, figure, setText } from '../kit/dom.ts';
import { formatPercent, formatStat } from '../kit/format.ts';

const WIDTH = 220;
const HEIGHT = 64;

export class HistogramView {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly note: HTMLElement;
  private last: Histogram | null = null;

  constructor(
    private readonly caption: string,
    private readonly tone: 'bar' | 'barAlt' = 'bar',
  ) {
    this.canvas = el('canvas', { class: 'histogram', role: 'img', 'aria-label': caption });
    const parts = figure(caption, this.canvas, 'figure-histogram');
    this.root = parts.root;
    this.note = parts.note;
  }

  render(hist: Histogram, stats: ValueStats, force = false): void {
    if (hist === this.last && !force) return;
    this.last = hist;
    const ctx = fitCanvas(this.canvas, WIDTH, HEIGHT);
    if (!ctx) return;
    const colors = chartColors();
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const bins = hist.counts.length;
    const peak = Math.max(1, ...hist.counts);
    const barWidth = WIDTH / Math.max(1, bins);
    const end = hist.start + hist.width * bins;
    // Zero marker: where 0 falls in the value range.
    if (hist.start < 0 && end > 0) {
      const x = ((0 - hist.start) / (end - hist.start)) * WIDTH;
      ctx.fillStyle = colors.axis;
      ctx.fillRect(Math.round(x), 0, 1, HEIGHT);
    }
    ctx.fillStyle = colors[this.tone];
    hist.counts.forEach((count, i) => {
      if (count === 0) return;
      // sqrt scale keeps a spike at zero (dead ReLUs) from flattening everything else
      const h = Math.max(1, Math.sqrt(count / peak) * (HEIGHT - 2));
      ctx.fillRect(i * barWidth + 0.5, HEIGHT - h, Math.max(1, barWidth - 1), h);
    });
    ctx.fillStyle = colors.axis;
    ctx.fillRect(0, HEIGHT - 1, WIDTH, 1);
    const zeros = stats.zeros > 0.005 ? ` · ${formatPercent(stats.zeros)} zeros` : '';
    setText(this.note, `[${formatStat(stats.min)}, ${formatStat(stats.max)}] · mean ${formatStat(stats.mean)} · std ${formatStat(stats.std)}${zeros}`);
    this.canvas.setAttribute(
      'aria-label',
      `${this.caption}: ${stats.count} values from ${formatStat(stats.min)} to ${formatStat(stats.max)}, mean ${formatStat(stats.mean)}, standard deviation ${formatStat(stats.std)}`,
    );
  }

  invalidate(): void {
    this.last = null;
  }
}
