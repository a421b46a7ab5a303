// The decision boundary of a 2-D classifier: P(class 1) over the plane as a heatmap (blue
// class 0, orange class 1, light at 0.5), with a line where it crosses 0.5, and the data on
// top: class 0 circles, class 1 squares (shape as well as colour), training points filled,
// test points hollow.
import { type BatchPredict, type ProbabilityGrid, fromPixel, probabilityGrid, toPixel } from '../../learn/decision-grid.ts';
import { divergingIndex } from '../../learn/diverging.ts';
import { imageFor } from '../kit/canvas.ts';
import { el, setText } from '../kit/dom.ts';
import { learnColors, pageDivergingLut } from './learn-palette.ts';
import '../../styles/learn.css';

export interface BoundaryPoints {
  /** (n, 2) row-major. */
  x: Float32Array;
  /** (n,) 0 or 1. */
  y: ArrayLike<number>;
}

export interface BoundaryInput {
  grid: ProbabilityGrid;
  train: BoundaryPoints;
  test?: BoundaryPoints;
  classNames?: readonly [string, string] | readonly string[];
}

const SIZE = 300;

export class DecisionBoundary {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly heat = document.createElement('canvas');
  private readonly readout: HTMLElement;
  private readonly legend: HTMLElement;
  private input: BoundaryInput | null = null;
  private cursor: [number, number] = [SIZE / 2, SIZE / 2];

  constructor(caption = 'Decision boundary') {
    this.canvas = el('canvas', { class: 'learn-boundary', tabindex: 0, role: 'img', 'aria-label': caption });
    this.readout = el('p', { class: 'learn-readout', 'aria-live': 'polite', text: 'Point at the plane, or focus it and use the arrow keys, to read the probability.' });
    this.legend = el('ul', { class: 'learn-legend' });
    this.root = el('figure', { class: 'learn-boundary-figure' }, [el('figcaption', { class: 'learn-title', text: caption }), this.canvas, this.legend, this.readout]);
    this.canvas.addEventListener('pointermove', (e) => this.readAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => this.readAt(...this.cursor));
  }

  /** Computes the grid with one batched predict call, then draws it. */
  renderPredict(predict: BatchPredict, domain: number, gridSize: number, points: Omit<BoundaryInput, 'grid'>): void {
    this.render({ ...points, grid: probabilityGrid(predict, domain, gridSize) });
  }

  render(input: BoundaryInput): void {
    this.input = input;
    const { grid } = input;
    const target = imageFor(this.heat, grid.size, grid.size);
    if (!target) return;
    const lut = pageDivergingLut();
    const pixels = new Uint32Array(target.image.data.buffer);
    for (let i = 0; i < grid.probability.length; i++) pixels[i] = lut[divergingIndex(grid.probability[i]! - 0.5, 0.5)]!;
    target.ctx.putImageData(target.image, 0, 0);
    this.draw();
    const names = input.classNames ?? ['class 0', 'class 1'];
    this.legend.replaceChildren(
      el('li', {}, [el('span', { class: 'learn-mark is-class0', 'aria-hidden': 'true' }), `${names[0]} (blue, circle)`]),
      el('li', {}, [el('span', { class: 'learn-mark is-class1', 'aria-hidden': 'true' }), `${names[1]} (orange, square)`]),
      el('li', { text: 'filled: training · hollow: test · line: P = 0.5' }),
    );
    const acc = (p: BoundaryPoints | undefined): string => {
      if (!p || p.y.length === 0) return '';
      let right = 0;
      for (let i = 0; i < p.y.length; i++) if ((this.probabilityAt(p.x[2 * i]!, p.x[2 * i + 1]!) >= 0.5 ? 1 : 0) === p.y[i]) right++;
      return `${right} of ${p.y.length}`;
    };
    const testText = input.test ? `, test points on the right side ${acc(input.test)}` : '';
    this.canvas.setAttribute(
      'aria-label',
      `Decision boundary over [−${grid.domain}, ${grid.domain}]²: probability of ${names[1]} as colour; training points on the right side ${acc(input.train)}${testText}`,
    );
  }

  /** P(class 1) of the grid cell holding (x, y). */
  probabilityAt(x: number, y: number): number {
    const grid = this.input?.grid;
    if (!grid) return NaN;
    const [px, py] = toPixel(x, y, grid.domain, grid.size);
    const c = Math.min(grid.size - 1, Math.max(0, Math.floor(px)));
    const r = Math.min(grid.size - 1, Math.max(0, Math.floor(py)));
    return grid.probability[r * grid.size + c]!;
  }

  private draw(): void {
    const input = this.input;
    if (!input) return;
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    this.canvas.width = SIZE * ratio;
    this.canvas.height = SIZE * ratio;
    this.canvas.style.width = `${SIZE}px`;
    this.canvas.style.height = `${SIZE}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.heat, 0, 0, SIZE, SIZE);
    const colors = learnColors(this.canvas);
    this.drawContour(ctx, input.grid, colors.text);
    const pointColors = colors.points;
    const dot = (p: BoundaryPoints, filled: boolean): void => {
      for (let i = 0; i < p.y.length; i++) {
        const [px, py] = toPixel(p.x[2 * i]!, p.x[2 * i + 1]!, input.grid.domain, SIZE);
        const cls = p.y[i] === 1 ? 1 : 0;
        ctx.beginPath();
        if (cls === 0) ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
        else ctx.rect(px - 3, py - 3, 6, 6);
        if (filled) {
          ctx.fillStyle = pointColors[cls]!;
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = colors.pointRing;
          ctx.stroke();
        } else {
          // a ring in the class colour inside a dark ring: visible on either region
          ctx.lineWidth = 3;
          ctx.strokeStyle = colors.pointHollow;
          ctx.stroke();
          ctx.lineWidth = 1.4;
          ctx.strokeStyle = pointColors[cls]!;
          ctx.stroke();
        }
      }
    };
    dot(input.train, true);
    if (input.test) dot(input.test, false);
    ctx.strokeStyle = colors.text;
    ctx.setLineDash([2, 2]);
    ctx.strokeRect(this.cursor[0] - 4, this.cursor[1] - 4, 8, 8);
    ctx.setLineDash([]);
  }

  /** The P = 0.5 line, traced between grid-cell centres where the probability changes side. */
  private drawContour(ctx: CanvasRenderingContext2D, grid: ProbabilityGrid, color: string): void {
    const n = grid.size;
    const cell = SIZE / n;
    const p = grid.probability;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const here = p[r * n + c]! >= 0.5;
        if (c + 1 < n && here !== p[r * n + c + 1]! >= 0.5) {
          ctx.moveTo((c + 1) * cell, r * cell);
          ctx.lineTo((c + 1) * cell, (r + 1) * cell);
        }
        if (r + 1 < n && here !== p[(r + 1) * n + c]! >= 0.5) {
          ctx.moveTo(c * cell, (r + 1) * cell);
          ctx.lineTo((c + 1) * cell, (r + 1) * cell);
        }
      }
    }
    ctx.stroke();
  }

  private readAt(px: number, py: number): void {
    const grid = this.input?.grid;
    if (!grid) return;
    this.cursor = [px, py];
    const [x, y] = fromPixel(px, py, grid.domain, SIZE);
    const p = this.probabilityAt(x, y);
    setText(this.readout, `x = ${x.toFixed(2)}, y = ${y.toFixed(2)}: P(class 1) = ${p.toFixed(3)}, predicted ${p >= 0.5 ? 'class 1' : 'class 0'}`);
    this.draw();
  }

  private key(e: KeyboardEvent): void {
    const step = SIZE / 24;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    this.readAt(Math.min(SIZE - 1, Math.max(0, this.cursor[0] + m[0])), Math.min(SIZE - 1, Math.max(0, this.cursor[1] + m[1])));
  }
}
